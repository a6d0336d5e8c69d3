/**
 * Job kind `dagger-live` (HG-DAgger): the run's current policy drives the environment at its
 * control rate in this worker; the screen sends the expert's inputs (take over with an action, hand
 * back, stop) and receives every step with the environment's camera image. The frames the expert controlled are the labels (the
 * expert's own actions), with Sirius frame classes (intervention, pre-intervention, rollout); the
 * rollout is stored as an episode of the run's dataset and its labels join the run's next dataset
 * version, so the next retrain aggregates them.
 */
import { LiveInputSchema, type LiveInput, type LiveStep } from '../common/api';
import type { JobImplementation } from '../jobs/context';
import { recordRollout } from '../generate/recordRollout';
import { packageRoot } from '../paths';
import { createEnv, loadSo101Urdf, type RgbImage, type Rollout } from '../sim';
import { initTrainingBackend, loadPolicy } from '../training';
import { simPolicy } from '../training/jobs/evaluate';
import { getCheckpoint } from '../training/jobs/checkpointBlobs';
import { ModelStore } from '../training/jobs/modelStore';
import { frameClasses } from './frameClasses';
import { HUMAN_LABELER, LabelStore } from './labelStore';
import { RunStore } from './runStore';

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

const cameraOf = (img: RgbImage) => ({
  width: img.width,
  height: img.height,
  rgb: Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength).toString('base64'),
});

/**
 * The camera travels with at most this many steps a second: a 30 Hz arm's 320 x 240 image on every
 * step would be 9 MB/s of base64 to the screen, for a preview the expert glances at (the drawn
 * scene, which follows every step, is what they steer by).
 */
const LIVE_CAMERA_HZ = 15;

/** Every how many steps a live rollout at this control rate sends its camera (30 Hz: every other). */
export const cameraEvery = (controlHz: number): number => Math.max(1, Math.round(controlHz / LIVE_CAMERA_HZ));

export const daggerLiveJob: JobImplementation<'dagger-live'> = {
  async run(ctx, p) {
    await initTrainingBackend();
    const run = new RunStore(ctx.ws).get(p.runId);
    const last = run.iterations.at(-1);
    if (!last) throw new Error(`DAgger run ${run.id} has no trained policy yet`);
    const urdf = run.env === 'arm' ? loadSo101Urdf(packageRoot()) : undefined;
    const env = createEnv(run.env, urdf === undefined ? {} : { urdf });
    const { spec } = env;
    const model = new ModelStore(ctx.ws.db).get(last.model);
    const trained = loadPolicy(await getCheckpoint(ctx.ws, model.checkpoint), run.config.seed);
    const policy = simPolicy(trained, env);
    let expert: number[] | null = null;
    let stop = false;
    const off = ctx.onInput((data) => {
      const input: LiveInput = LiveInputSchema.parse(data);
      if (input.type === 'takeover') expert = input.action;
      else if (input.type === 'release') expert = null;
      else stop = true;
    });
    const limit = Math.min(p.maxSteps ?? spec.maxSteps, spec.maxSteps);
    const obsDim = spec.observation.length;
    const actDim = spec.action.length;
    const obs = new Float32Array(limit * obsDim);
    const actions = new Float32Array(limit * actDim);
    const rewards = new Float32Array(limit);
    const control = new Uint8Array(limit);
    const periodMs = 1000 / spec.controlHz;
    const cameraStride = cameraEvery(spec.controlHz);
    let current = env.reset(p.seed);
    policy.reset?.(p.seed);
    let steps = 0;
    let success = false;
    try {
      ctx.progress(0, `live on ${run.env} with ${last.model}`);
      const started = performance.now();
      while (steps < limit && !stop && !ctx.signal.aborted) {
        const policyAction = Array.from(policy.act(current).subarray(0, actDim));
        const taking: number[] | null = expert;
        const action = taking ?? policyAction;
        obs.set(current, steps * obsDim);
        actions.set(action, steps * actDim);
        control[steps] = taking ? 1 : 0;
        const step: LiveStep = {
          step: steps,
          obs: Array.from(current),
          observation: [...spec.observation],
          policyAction,
          action,
          expert: taking !== null,
          ...(steps % cameraStride === 0 ? { image: cameraOf(env.render()) } : {}),
        };
        ctx.send(step);
        const result = env.step(action);
        rewards[steps] = result.reward;
        current = result.obs;
        steps++;
        success = result.success;
        if (result.done) break;
        if (steps % 10 === 0) ctx.progress(steps / limit, `step ${steps}`);
        // The control rate: the next step waits for its time.
        await sleep(started + steps * periodMs - performance.now(), ctx.signal);
      }
    } finally {
      off();
      trained.dispose();
    }
    ctx.signal.throwIfAborted();
    if (steps === 0) throw new Error('the live rollout ended before its first step');
    const rollout: Rollout = {
      obs: obs.slice(0, steps * obsDim),
      actions: actions.slice(0, steps * actDim),
      rewards: rewards.slice(0, steps),
      finalObs: current,
      observationColumns: spec.observation,
      actionColumns: spec.action,
      steps,
      success,
    };
    const expertControl = control.slice(0, steps);
    const version = run.iterations.length;
    const episode = await recordRollout(ctx.ws, null, {
      dataset: run.dataset,
      name: `${run.id}-live-${ctx.jobId.replace(/^job_/, '')}`,
      spec,
      rollout,
      tags: [`sim:${run.env}`, 'dagger:live', success ? 'success' : 'failure'],
      metadata: { dagger: { run: run.id, live: true, envSeed: p.seed, policy: last.model } },
    });
    const labels = expertControl.reduce((n, c) => n + c, 0);
    let interventions = 0;
    for (let f = 0; f < steps; f++) if (expertControl[f] && !expertControl[f - 1]) interventions++;
    await new LabelStore(ctx.ws).add(
      {
        episodeId: episode.id,
        runId: run.id,
        datasetVersion: version,
        labeler: HUMAN_LABELER,
        policyVersion: last.model,
        columns: spec.action,
        values: rollout.actions,
        mask: expertControl,
        classes: frameClasses(expertControl, false),
      },
      (id) => ({
        action: 'dagger.takeover',
        target: id,
        episodeId: episode.id,
        detail: { run: run.id, steps, labels, interventions, policyVersion: last.model },
      }),
    );
    return {
      result: { run: run.id, episodeId: episode.id, steps, labels, interventions, success },
      message: `${steps} steps, ${interventions} takeovers, ${labels} labelled frames`,
    };
  },
};
