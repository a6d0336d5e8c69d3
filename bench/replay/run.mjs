// bench/replay: the replay screen's player against bare <video> elements in the same browser and run
// (see bench.ts): seek p50/p95 with 1 and 3 cameras, frame steps, playback, scrubbing, wrong frames.
// Usage: node bench/replay/run.mjs [seeks, default 100] [--json] [--webcodecs]
// --webcodecs: the WebCodecs frame source against bare <video>s instead (webcodecs.ts).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { table, withBundle } from '../bundle.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const json = process.argv.includes('--json');
const seeks = Number(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 100);

if (process.argv.includes('--webcodecs')) {
  await withBundle(path.join(here, 'webcodecs.ts'), async (bench) => {
    const r = await bench.run(seeks);
    if (json) return console.log(JSON.stringify(r));
    const ms = (x) => x.toFixed(1);
    console.log(
      `WebCodecs + decoded-frame cache vs bare <video>, ${r.seeks} random seeks (${r.codecs.join('; ')})`,
    );
    table(
      ['seek1', 'seek3', 'seek3Scheduled', 'step1', 'step3', 'step3Scheduled'].flatMap((k) =>
        ['p50', 'p95'].map((q) => ({
          case: `${k.startsWith('seek') ? 'seek' : 'one-frame step'}, ${k.includes('1') ? 1 : 3} camera(s)${k.endsWith('Scheduled') ? ', one scheduler' : ''} ${q}`,
          'bare ms': ms(r[k].bareMs[q]),
          'webcodecs ms': ms(r[k].ms[q]),
          ratio: r[k][`${q}Ratio`].toFixed(2),
        })),
      ),
    );
    console.log(`Wrong frames: ${r.wrongFrames} of ${r.framesChecked} checked against ffmpeg's decode`);
    console.log(`Frames drawn under another sample's timestamp: ${r.mislabelled}`);
    console.log('\nEvery frame of each fixture clip, forwards then backwards:');
    table(r.fixtures.map((f) => ({ ...f, ms: `p95 ${ms(f.ms)}` })));
  });
  process.exit(0);
}

await withBundle(path.join(here, 'bench.ts'), async (bench) => {
  const r = await bench.run(seeks);
  if (json) {
    console.log(JSON.stringify(r));
    return;
  }
  const ms = (x) => x.toFixed(1);
  console.log(`Seek to displayed frame, ${r.seeks} random seeks; step: 1 forward, 2 back after a seek`);
  table([
    ...['seek1', 'seek3'].flatMap((k) =>
      ['p50', 'p95'].map((q) => ({
        case: `${k === 'seek1' ? '1 camera' : '3 cameras + 3D + 2 plots'} seek ${q}`,
        'bare ms': ms(r[k].bareMs[q]),
        'player ms': ms(r[k].ms[q]),
        ratio: r[k][`${q}Ratio`].toFixed(2),
      })),
    ),
    {
      case: `1 camera one-frame step p95 (${r.step.steps} steps)`,
      'bare ms': ms(r.step.bareMs.p95),
      'player ms': ms(r.step.ms.p95),
      ratio: r.step.p95Ratio.toFixed(2),
    },
    {
      case: '3 cameras + 3D + 2 plots step p95',
      'bare ms': ms(r.step.bareMs.p95),
      'player ms': ms(r.step.threeCamerasMs.p95),
      ratio: (r.step.threeCamerasMs.p95 / r.step.bareMs.p95).toFixed(2),
    },
  ]);
  console.log(
    `\nPlaying 4 s at 1x: frames presented per second per camera (bare: three videos playing together)`,
  );
  table([
    {
      'bare fps': r.playback.bareFpsPerVideo.toFixed(1),
      'player fps': r.playback.fpsPerCamera.toFixed(1),
      ratio: r.playbackRatio.toFixed(2),
      '3D fps': r.playback.sceneFps.toFixed(1),
      'plot fps': r.playback.plotFps.toFixed(1),
      dropped: r.playback.droppedFrames,
    },
  ]);
  console.log(
    `The same three cameras without the 3D view and plots: ratio ${r.camerasOnlyPlaybackRatio.toFixed(2)} to the bare videos`,
  );
  console.log(
    `With the 3D view alone: ${r.camerasAndScenePlaybackRatio.toFixed(2)}; with the plots alone: ${r.camerasAndPlotsPlaybackRatio.toFixed(2)}`,
  );
  console.log(`\nScrub across the clip for 3 s: ${r.scrubFps.toFixed(1)} frames shown per second per camera`);
  console.log(
    `Holding . for 2 s: ${r.holdStepFps.toFixed(1)} frames shown per second per camera (${r.holdStepRatio.toFixed(2)}× the clip's 30 fps, ${r.holdStepVsBarePlayback.toFixed(2)}× three bare videos playing)`,
  );
  console.log(`Wrong frames: ${r.wrongFrames} of ${r.framesChecked} checked against ffmpeg's decode`);
});
