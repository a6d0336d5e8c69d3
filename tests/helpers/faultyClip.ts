// Output options for `makeClip` that give a clip with known recording faults: testsrc2 at 10 fps
// whose frames 20-34 repeat frame 20 (frozen from 2.0 s until 3.5 s) and which is painted black
// from 4.5 s until 5.5 s.
export const FAULTY_CLIP_ARGS = [
  '-filter_complex',
  "[0]split[a][b];[a][b]freezeframes=first=20:last=34:replace=20,drawbox=enable='between(t,4.5,5.45)':c=black:t=fill",
  '-c:v',
  'libx264',
  '-pix_fmt',
  'yuv420p',
  '-g',
  '10',
];
