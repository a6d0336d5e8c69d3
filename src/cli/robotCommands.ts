import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { StudioError, type Robot } from '../common/api';
import { printJson } from './outputs';
import { say } from './output';
import { withSession } from './session';

/** Every file under `dir`, for a mesh folder. */
function filesUnder(dir: string): string[] {
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw new StudioError('bad_input', `${dir}: mesh folder does not exist`);
  }
  if (!st.isDirectory()) throw new StudioError('bad_input', `${dir}: --meshes needs a folder`);
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

const line = (r: Robot) =>
  `${r.id}  ${r.name}${r.builtin ? ' (built in)' : ''}  ${r.joints.length} joints  end effector ${r.endEffector}`;

/** `mimic add-robot <ws> <urdf> [--meshes DIR] [--name NAME]`: copies a URDF and its meshes in. */
export async function addRobotCommand(
  dir: string,
  urdf: string,
  opts: { meshes?: string; name?: string },
  json: boolean,
): Promise<number> {
  const meshPaths = opts.meshes ? filesUnder(opts.meshes) : [];
  const robot = await withSession(dir, (s) =>
    s.call('addRobot', { urdfPath: path.resolve(urdf), meshPaths, name: opts.name }),
  );
  if (json) printJson('add-robot', robot);
  else say(`Added ${line(robot)}`);
  return 0;
}

/** `mimic robots <ws>`: the built-in robot and those added to the workspace. */
export async function robotsCommand(dir: string, json: boolean): Promise<number> {
  const robots = await withSession(dir, (s) => s.call('listRobots', {}));
  if (json) printJson('robots', { robots });
  else for (const r of robots) process.stdout.write(line(r) + '\n');
  return 0;
}
