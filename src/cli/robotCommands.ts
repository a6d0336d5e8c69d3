import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { StudioError, type Robot } from '../common/api';
import { RobotStore } from '../robots/robotStore';
import { Workspace } from '../workspace/workspace';
import { say } from './output';

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
  const ws = Workspace.open(dir);
  try {
    const robot = await new RobotStore(ws).add(urdf, opts.meshes ? filesUnder(opts.meshes) : [], opts.name);
    if (json) process.stdout.write(JSON.stringify(robot) + '\n');
    else say(`Added ${line(robot)}`);
    return 0;
  } finally {
    ws.close();
  }
}

/** `mimic robots <ws>`: the built-in robot and those added to the workspace. */
export async function robotsCommand(dir: string, json: boolean): Promise<number> {
  const ws = Workspace.open(dir);
  try {
    const robots = new RobotStore(ws).list();
    if (json) process.stdout.write(JSON.stringify({ robots }) + '\n');
    else for (const r of robots) process.stdout.write(line(r) + '\n');
    return 0;
  } finally {
    ws.close();
  }
}
