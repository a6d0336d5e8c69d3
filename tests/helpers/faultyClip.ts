// Output options for `makeClip` that give a clip with known recording faults, with filters that
// ffmpeg 4.1 has too: testsrc2 at 10 fps whose frames 21-34 are dropped and refilled by `fps` with
// copies of frame 20 (frozen from 2.0 s until 3.5 s), painted black from 4.5 s until 5.5 s.
export const FAULTY_CLIP_ARGS = [
  '-vf',
  "select='not(between(n,21,34))',fps=10,drawbox=enable='between(t,4.5,5.45)':c=black:t=fill",
  '-c:v',
  'libx264',
  '-pix_fmt',
  'yuv420p',
  '-g',
  '10',
];
