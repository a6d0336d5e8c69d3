// Demonstration quality: detection AUROC against the simulators' hidden skill labels, the effect of
// filtering on a trained policy, and the speed of the signals. Sizes are flags (the full run is
// 150 demos, 2 envs, 5 seeds, 100 rollouts).
// Usage: node bench/quality/run.mjs [--envs lane,arm] [--demos 150] [--seeds 5] [--rollouts 100]
//   [--steps 2000] [--policy bc-mlp] [--hidden 128,128] [--speed 1000] [--no-policy] [--no-learned]
//   [--relative | --relative-to POINT] [--object-frame NAME] [--chunk 1] [--schedule constant|cosine]
//   [--skill mixed]
//   [--conditions all,kept,random,all-but-failure] [--camera] [--json]
// --relative: actions named like an observation value learned as offsets from it (the arm's joint
// targets); --chunk N: bc-mlp predicts N actions at a time and carries them out (action chunking);
// --schedule cosine: the learning rate decays to zero over each run.
// --policy knn --relative-to agent --object-frame block: PushT's nearest neighbours, the target from
// the agent and every point seen from the T (the studio's training settings of the same names); knn
// takes no training seed, so each seed is evaluated over its own rollouts.
// --policy bc-cnn --camera: the policy sees the env's camera alone (demonstrations are rendered;
// batch 32 instead of 256).
// A data regime (where the policy on the best demonstrations sits between floor and ceiling):
//   --skill better --conditions all --no-detect
// (`--skill` other than mixed has no hidden labels to detect, so detection is skipped.)
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { withBundle } from '../bundle.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    envs: { type: 'string', default: 'lane,arm' },
    demos: { type: 'string', default: '150' },
    seed: { type: 'string', default: '21' },
    seeds: { type: 'string', default: '5' },
    rollouts: { type: 'string', default: '100' },
    steps: { type: 'string', default: '2000' },
    policy: { type: 'string', default: 'bc-mlp' },
    hidden: { type: 'string', default: '128,128' },
    relative: { type: 'boolean', default: false },
    'relative-to': { type: 'string' },
    'object-frame': { type: 'string' },
    camera: { type: 'boolean', default: false },
    chunk: { type: 'string', default: '1' },
    schedule: { type: 'string', default: 'constant' },
    skill: { type: 'string', default: 'mixed' },
    conditions: { type: 'string', default: 'all,kept,random,all-but-failure' },
    speed: { type: 'string', default: '1000' },
    'no-policy': { type: 'boolean', default: false },
    'no-learned': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const num = (k) => {
  const n = Number(values[k]);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${k} ${values[k]}: expected a whole number`);
  return n;
};
const KINDS = ['bc-mlp', 'bc-gmm', 'bc-rnn', 'bc-cnn', 'knn'];
if (!KINDS.includes(values.policy))
  throw new Error(`--policy ${values.policy}: expected one of ${KINDS.join(', ')}`);
if (values.camera !== (values.policy === 'bc-cnn'))
  throw new Error('--camera goes with --policy bc-cnn (the image policy sees the camera alone)');
if (!['constant', 'cosine'].includes(values.schedule))
  throw new Error(`--schedule ${values.schedule}: expected constant or cosine`);
if (!['mixed', 'better', 'okay', 'worse'].includes(values.skill))
  throw new Error(`--skill ${values.skill}: expected mixed, better, okay or worse`);
/** The low-dim policies; `--hidden` is the MLP layers (the RNN's units when one number). */
function policyConfig() {
  const hidden = values.hidden.split(',').map(Number);
  if (values.policy === 'bc-rnn') return { kind: 'bc-rnn', units: hidden[0] };
  if (values.policy === 'bc-cnn') return { kind: 'bc-cnn' };
  if (values.policy === 'knn') return { kind: 'knn' };
  if (values.policy === 'bc-mlp') return { kind: 'bc-mlp', hidden, chunk: num('chunk') };
  return { kind: values.policy, hidden };
}
const log = (line) => process.stderr.write(line + '\n');
const fmt = (x) => (x === null || x === undefined ? '-' : x.toFixed(2));

await withBundle(path.join(here, 'bench.ts'), async (b) => {
  const backend = await b.initTrainingBackend();
  const started = performance.now();
  const settings = b.defaultQualitySettings();
  if (values['no-learned']) settings.learned.enabled = false;
  const out = { config: { ...values, backend: backend.name }, detection: [], policy: [], speed: null };
  for (const env of values.envs.split(',').filter(Boolean)) {
    const set = b.demoSet(env, num('demos'), num('seed'), values.skill, values.camera);
    let scored = set.episodes.map((_, i) => ({ id: `e${i}`, score: 0, flags: [] }));
    if (values.skill === 'mixed') {
      const found = await b.detect(env, set, settings);
      scored = found.scored;
      out.detection.push(found.detection);
      log(`${env}: ${JSON.stringify(found.detection)}`);
    }
    if (!values['no-policy']) {
      const options = {
        seeds: num('seeds'),
        rollouts: num('rollouts'),
        steps: num('steps'),
        policy: policyConfig(),
        relative: values.relative,
        ...(values['relative-to'] ? { relativeTo: values['relative-to'] } : {}),
        ...(values['object-frame'] ? { objectFrame: values['object-frame'] } : {}),
        camera: values.camera,
        schedule: values.schedule,
        conditions: values.conditions.split(',').filter(Boolean),
        minKeep: 0.2,
      };
      const results = await b.comparePolicies(env, set, scored, options, log);
      out.policy.push({ env, results, verdict: b.verdict(results) });
    }
  }
  if (num('speed') > 0) out.speed = await b.heuristicsSpeed(num('speed'), log);
  out.seconds = (performance.now() - started) / 1000;
  if (values.json) {
    console.log(JSON.stringify(out));
    return;
  }
  for (const d of out.detection) {
    console.log(
      `\n${d.env}: ${d.demos} mixed demos ${JSON.stringify(d.skills)}; AUROC (length-matched) for "not better":`,
    );
    for (const k of Object.keys(d.auroc))
      console.log(`  ${k.padEnd(9)} ${fmt(d.auroc[k])} (${fmt(d.lengthMatched[k])})`);
    if (d.learnedSecondsPer100 !== null)
      console.log(`  learned score: ${d.learnedSecondsPer100.toFixed(1)} s per 100 episodes`);
  }
  for (const p of out.policy) {
    console.log(
      `\n${p.env}: condition | episodes | success mean ± sd (pooled 95% CI) | ${p.results[0].score.name} mean ± sd`,
    );
    for (const r of p.results)
      console.log(
        `  ${r.condition.padEnd(16)} ${String(r.episodes[0]).padStart(4)} | ${fmt(r.successRate.mean)} ± ${fmt(r.successRate.sd)} (${fmt(r.successRate.ci95[0])}-${fmt(r.successRate.ci95[1])}) | ${r.score.mean.toFixed(3)} ± ${r.score.sd.toFixed(3)}`,
      );
    for (const v of p.verdict)
      console.log(
        `  kept vs ${v.baseline}: success ${v.successGain >= 0 ? '+' : ''}${fmt(v.successGain)}${v.successBeyondSpread ? ' (beyond spread)' : ''}, score ${v.scoreGain >= 0 ? '+' : ''}${v.scoreGain.toFixed(3)}${v.scoreBeyondSpread ? ' (beyond spread)' : ''}`,
      );
  }
  if (out.speed) {
    const s = out.speed;
    console.log(
      `\nheuristics over ${s.episodes} episodes (${s.frames} frames): ${s.heuristicsMs.toFixed(0)} ms; one read of their series ${s.readMs.toFixed(0)} ms; ratio ${s.ratio.toFixed(2)}`,
    );
  }
  console.log(`\ntotal ${out.seconds.toFixed(0)} s`);
});
