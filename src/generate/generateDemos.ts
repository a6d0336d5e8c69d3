import type { GeneratedEpisode, GenerateRequest } from '../common/api';
import type { JobContext } from '../jobs/context';
import { createEnv, demoEpisode, loadSo101Urdf, oracleEpisode } from '../sim';
import { packageRoot } from '../paths';
import { recordRollout } from './recordRollout';
import { ARM_OBJECTS, ARM_TOP_CAMERA } from '../sim/arm/armRender';
import { RigStore } from '../robots/rigStore';
import { RobotStore } from '../robots/robotStore';
import { Catalog } from '../workspace/catalog';
import { BUILTIN_ROBOT_ID } from '../common/api';

/**
 * Generates scripted demonstrations and writes each as an episode. Episode i has the same seeds
 * whatever else is generated, so an interrupted job continues at the first episode not yet written.
 */
export async function generateDemonstrations(
  ctx: JobContext,
  p: GenerateRequest,
): Promise<{ episodes: GeneratedEpisode[] }> {
  const urdf = p.env === 'arm' ? loadSo101Urdf(packageRoot()) : undefined;
  const env = createEnv(p.env, { urdf });
  const done = ((ctx.checkpoint as { episodes?: GeneratedEpisode[] } | null)?.episodes ?? []).slice();
  const render = p.render;
  if (p.env === 'arm' && render) describeArmRig(ctx, p.dataset);
  for (let i = done.length; i < p.episodes; i++) {
    ctx.signal.throwIfAborted();
    ctx.progress(i / p.episodes, `${p.env}: episode ${i + 1} of ${p.episodes}`);
    const demo =
      p.skill === 'oracle'
        ? oracleEpisode(env, { env: p.env, seed: p.seed, render, urdf }, i)
        : demoEpisode(
            env,
            { env: p.env, episodes: p.episodes, seed: p.seed, skill: p.skill, render, urdf },
            i,
          );
    const name = `${p.env}-${p.skill}-s${p.seed}-${String(i).padStart(4, '0')}`;
    const episode = await recordRollout(ctx.ws, ctx.tools, {
      dataset: p.dataset,
      name,
      spec: env.spec,
      rollout: demo,
      tags: [`sim:${p.env}`, demo.success ? 'success' : 'failure'],
      metadata: {
        generator: { env: p.env, seed: p.seed, index: i, envSeed: demo.meta.envSeed, steps: demo.steps },
      },
      groundTruth: demo.meta,
      signal: ctx.signal,
    });
    done.push({ id: episode.id, success: demo.success, skill: demo.meta.skill });
    ctx.saveCheckpoint({ episodes: done });
  }
  return { episodes: done };
}

/** The simulated arm's dataset knows its robot and where its top camera sits; a curator's rig wins. */
function describeArmRig(ctx: JobContext, dataset: string): void {
  const datasetId = new Catalog(ctx.ws.db).ensureDataset(dataset).id;
  new RigStore(ctx.ws, new RobotStore(ctx.ws)).saveIfAbsent(datasetId, {
    robotId: BUILTIN_ROBOT_ID,
    jointStream: 'observation.state',
    jointColumns: {},
    angleUnit: 'auto',
    endEffector: null,
    cameras: { 'observation.images.top': ARM_TOP_CAMERA },
    objects: ARM_OBJECTS,
  });
}
