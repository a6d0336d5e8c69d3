import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PushTEnv, PushTExpert } from '../../src/sim';

/**
 * A PushT rollout recorded outside the studio, as a robot's logger writes it: `<key>.observation.state.csv`
 * and `<key>.action.csv` at 10 Hz with epoch times (the importer names the streams from the files).
 * `actionColumns` other than 2 makes a rollout that does not fit PushT.
 */
export function writeRobotRollout(
  dir: string,
  key: string,
  seed: number,
  steps: number,
  actionColumns = 2,
): void {
  const env = new PushTEnv();
  const expert = new PushTExpert();
  expert.reset(seed);
  let obs = env.reset(seed);
  const state = ['timestamp,agent_x,agent_y,block_x,block_y,block_angle'];
  const action = [`timestamp,${['target_x', 'target_y', 'extra'].slice(0, actionColumns).join(',')}`];
  for (let k = 0; k < steps; k++) {
    const t = (1_760_000_000 + k / 10).toFixed(1);
    const a = expert.act(obs);
    state.push(`${t},${Array.from(obs, (v) => v.toFixed(4)).join(',')}`);
    action.push(
      `${t},${[a[0]!, a[1]!, 0]
        .slice(0, actionColumns)
        .map((v) => v.toFixed(4))
        .join(',')}`,
    );
    obs = env.step(a).obs;
  }
  writeFileSync(path.join(dir, `${key}.observation.state.csv`), `${state.join('\n')}\n`);
  writeFileSync(path.join(dir, `${key}.action.csv`), `${action.join('\n')}\n`);
}
