/**
 * Heuristics over many stored episodes as a ratio to one read of their series (the read the quality
 * job does anyway): a workspace of `count` lane demonstrations, series only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { recordRollout } from '../../src/generate/recordRollout';
import { datasetHeuristics } from '../../src/quality/heuristics';
import { episodeRefs, loadEpisodeInput } from '../../src/quality/load';
import { LaneEnv, demoEpisode } from '../../src/sim';
import { Workspace } from '../../src/workspace/workspace';

export interface Speed {
  episodes: number;
  frames: number;
  readMs: number;
  heuristicsMs: number;
  ratio: number;
}

export async function heuristicsSpeed(count: number, log: (line: string) => void): Promise<Speed> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mimic-bench-quality-'));
  const ws = Workspace.init(path.join(dir, 'ws'));
  try {
    const env = new LaneEnv();
    for (let i = 0; i < count; i++) {
      const demo = demoEpisode(env, { env: 'lane', episodes: count, seed: 5, skill: 'mixed' }, i);
      await recordRollout(ws, null, {
        dataset: 'lane',
        name: `lane-${i}`,
        spec: env.spec,
        rollout: demo,
        tags: [demo.success ? 'success' : 'failure'],
        metadata: {},
      });
      if ((i + 1) % 250 === 0) log(`speed: ${i + 1} of ${count} episodes stored`);
    }
    // Warm the page cache and the code paths once, then measure the second pass of each.
    const refs = episodeRefs(ws, 'lane');
    const read = async () => Promise.all(refs.map((r) => loadEpisodeInput(ws, r)));
    await read();
    let t = performance.now();
    const inputs = await read();
    const readMs = performance.now() - t;
    datasetHeuristics(inputs);
    t = performance.now();
    datasetHeuristics(inputs);
    const heuristicsMs = performance.now() - t;
    const frames = inputs.reduce((a, e) => a + (e.state?.timesNs.length ?? 0), 0);
    return { episodes: count, frames, readMs, heuristicsMs, ratio: heuristicsMs / readMs };
  } finally {
    ws.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
