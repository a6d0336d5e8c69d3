import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { cliOutputs, type CliCommand } from '../../src/cli/outputs';
import { startWebHost } from '../../src/host/webHost';
import { distPath, packageRoot } from '../../src/paths';
import { createServices } from '../../src/service/services';
import { G1_V21 } from '../helpers/lerobot';
import { makeRobomimic, readRobomimic } from '../helpers/robomimic';
import { writeToyRobot } from '../helpers/toyRobot';
import { makeClip, tempDir } from '../helpers/workspace';

const run = promisify(execFile);
const mimic = (...args: string[]) =>
  run(process.execPath, [path.join(packageRoot(), 'bin', 'mimic.mjs'), ...args], {
    maxBuffer: 64 * 1024 * 1024,
  }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );

/** Runs a command with --json and checks its output against the command's schema, no key more or less. */
async function json<C extends CliCommand>(
  command: C,
  ...args: string[]
): Promise<z.output<(typeof cliOutputs)[C]>> {
  const r = await mimic(command, ...args, '--json');
  expect(r.stderr, `mimic ${command} wrote to stderr`).not.toMatch(/npm warn/i);
  expect(r.code, `mimic ${command}: ${r.stderr}`).toBe(0);
  const schema = cliOutputs[command] as unknown as z.ZodObject;
  const parsed = schema.strict().safeParse(JSON.parse(r.stdout));
  expect(parsed.error, `mimic ${command} --json`).toBeUndefined();
  return parsed.data as z.output<(typeof cliOutputs)[C]>;
}

let tmp: ReturnType<typeof tempDir>;
let ws: string;

beforeAll(() => {
  tmp = tempDir();
  ws = path.join(tmp.dir, 'ws');
});
afterAll(() => tmp.cleanup());

describe('every CLI command prints its contract output with --json', () => {
  let episodeId = '';

  it('init', async () => {
    const info = await json('init', ws);
    expect(info.host).toBe('cli');
    expect(info.path).toBe(ws);
  });

  it('import and list (with trim, hidden state and tags)', async () => {
    const clip = makeClip(path.join(tmp.dir, 'ep1.mp4'), { seconds: 2 });
    writeFileSync(
      path.join(tmp.dir, 'ep1.csv'),
      [
        'timestamp,observation.state.x,action.x',
        ...Array.from({ length: 21 }, (_, i) => `${i / 10},${i < 5 || i > 15 ? 0 : i},${i}`),
      ].join('\n'),
    );
    const imported = await json('import', ws, clip, path.join(tmp.dir, 'ep1.csv'), '--dataset', 'demo');
    expect(imported.errors).toEqual([]);
    expect(imported.episodes).toHaveLength(1);
    episodeId = imported.episodes[0]!.id;
    const listed = await json('list', ws);
    expect(listed.episodes.map((e) => [e.id, e.dataset, e.hidden, e.tags])).toEqual([
      [episodeId, 'demo', false, []],
    ]);
  });

  it('import a LeRobot dataset folder, export it as LeRobot v3.0 and import that', async () => {
    const imported = await json('import', ws, G1_V21, '--dataset', 'g1');
    expect(imported.errors).toEqual([]);
    expect(imported.warnings).toEqual([]);
    expect(imported.episodes.map((e) => e.streams.map((s) => s.frames))).toEqual([
      [393, 393, 393],
      [343, 343, 343],
    ]);
    const out = path.join(tmp.dir, 'g1-v3');
    const exported = await json('export', ws, '--format', 'lerobot-v3', '--out', out, '--dataset', 'g1');
    expect(exported.episodes.map((e) => [e.episodeIndex, e.frames])).toEqual([
      [0, 393],
      [1, 343],
    ]);
    const back = await json('import', ws, out, '--dataset', 'g1-back');
    expect(back.episodes.map((e) => e.streams.map((s) => s.frames))).toEqual([
      [393, 393, 393],
      [343, 343, 343],
    ]);
    const refused = await mimic('export', ws, '--format', 'lerobot-v3', '--out', out, '--dataset', 'g1');
    expect(refused.code).toBe(1);
    expect(refused.stdout + refused.stderr).toMatch(/the folder is not empty/);
  });

  it('import a robomimic file at --rate-hz, export it as robomimic and import that', async () => {
    const file = makeRobomimic(path.join(tmp.dir, 'can.hdf5'), {
      demos: [
        { name: 'demo_0', steps: 5 },
        { name: 'demo_1', steps: 7 },
      ],
      envArgs: { env_name: 'PickPlaceCan', type: 1, env_kwargs: {} },
    });
    const refused = await mimic('import', ws, file, '--dataset', 'can');
    expect(refused.stdout + refused.stderr).toMatch(/--rate-hz N/);
    const badRate = await mimic('import', ws, file, '--rate-hz', 'fast');
    expect(badRate.code).toBe(2);
    expect(badRate.stdout + badRate.stderr).toMatch(/--rate-hz fast: expected a rate in Hz/);
    const imported = await json('import', ws, file, '--dataset', 'can', '--rate-hz', '10');
    expect(imported.errors).toEqual([]);
    expect(imported.episodes.map((e) => e.streams.map((s) => s.frames))).toEqual([
      Array(7).fill(5),
      Array(7).fill(7),
    ]);
    const out = path.join(tmp.dir, 'can-out.hdf5');
    const exported = await json('export', ws, '--format', 'robomimic', '--out', out, '--dataset', 'can');
    expect(exported.episodes.map((e) => [e.episodeIndex, e.frames])).toEqual([
      [0, 5],
      [1, 7],
    ]);
    expect(readRobomimic(out).attrs).toEqual({
      total: 12,
      env_args: JSON.stringify({ env_name: 'PickPlaceCan', type: 1, env_kwargs: {} }),
    });
    const back = await json('import', ws, out, '--dataset', 'can-back', '--rate-hz', '10');
    expect(back.episodes.map((e) => e.streams.map((s) => s.frames))).toEqual([
      Array(7).fill(5),
      Array(7).fill(7),
    ]);
  });

  it('segments and trim-idle', async () => {
    const before = await json('segments', ws, '--episode', episodeId);
    expect(before).toEqual({ episodeId, trim: null, segments: [] });
    const trimmed = await json('trim-idle', ws, '--dataset', 'demo');
    expect(trimmed.episodes.map((e) => e.id)).toEqual([episodeId]);
  });

  it('sim, train and eval', async () => {
    const sim = await json('sim', ws, '--env', 'lane', '--episodes', '3', '--seed', '1', '--dataset', 'lane');
    expect(sim.episodes).toHaveLength(3);
    const trained = await json('train', ws, '--policy', 'bc-mlp', '--dataset', 'lane', '--epochs', '1');
    expect(trained.epochs).toBe(1);
    const evaluated = await json(
      'eval',
      ws,
      '--model',
      trained.model,
      '--env',
      'lane',
      '--episodes',
      '1',
      '--seed',
      '0',
    );
    expect(evaluated.episodes).toBe(1);
  });

  it('add-robot and robots', async () => {
    const toy = writeToyRobot(path.join(tmp.dir, 'toy'));
    const robot = await json('add-robot', ws, toy.urdf, '--meshes', toy.meshDir);
    expect(robot.name).toBe('toy_arm');
    const { robots } = await json('robots', ws);
    expect(robots.map((r) => r.name)).toContain('toy_arm');
  });

  it('gc', async () => {
    const report = await json('gc', ws, '--dry-run');
    expect(report.dryRun).toBe(true);
  });

  it('verify', async () => {
    const verified = await json('verify', ws, '--episode', episodeId);
    expect(verified.checked).toBe(1);
    expect(verified.damaged).toEqual([]);
    const listed = await json('list', ws, '--dataset', 'demo');
    expect(listed.episodes[0]!.media).toBe('ok');
  });

  it('list --all shows an episode replaced by a split as hidden, beside its parts', async () => {
    const split = await mimic('call', ws, 'splitEpisode', JSON.stringify({ episodeId, atNs: [1e9] }));
    expect(split.code, split.stderr).toBe(0);
    const visible = await json('list', ws, '--dataset', 'demo');
    expect(visible.episodes.map((e) => e.hidden)).toEqual([false, false]);
    const all = await json('list', ws, '--dataset', 'demo', '--all');
    expect(all.episodes.filter((e) => e.hidden).map((e) => e.id)).toEqual([episodeId]);
    expect(all.episodes).toHaveLength(3);
  });

  it('call: any contract call, output as the contract declares it', async () => {
    const r = await mimic('call', ws, 'getEpisode', JSON.stringify({ id: episodeId }));
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { id: string }).id).toBe(episodeId);
  });
});

describe('npx mimic', () => {
  it('runs the CLI without npm warnings first', async () => {
    const r = await run('npx', ['--no-install', 'mimic', '--help'], { cwd: packageRoot() });
    expect(r.stdout).toMatch(/^Usage: mimic <command>/);
    expect(r.stderr).not.toMatch(/npm warn/i);
  });
});

describe('one schema, every host', () => {
  it('rejects the same bad input with the same error from the CLI and the web host', async () => {
    const input = { episodeId: 'ep_1', tags: ['a,b'] };
    const cli = await mimic('call', ws, 'setEpisodeTags', JSON.stringify(input));
    expect(cli.code).toBe(2);
    const cliError = JSON.parse(cli.stdout) as unknown;

    const services = createServices({ workspaceDir: ws, host: 'web' });
    const web = await startWebHost(services, { appDir: distPath('app') });
    try {
      const reply = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(
          `${web.url}/api/setEpisodeTags`,
          {
            method: 'POST',
            headers: { authorization: `Bearer ${web.token}`, 'content-type': 'application/json' },
          },
          (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify(input));
      });
      expect(reply.status).toBe(400);
      expect(JSON.parse(reply.body)).toEqual(cliError);
      expect(cliError).toMatchObject({
        error: { code: 'bad_input', message: expect.stringMatching(/setEpisodeTags: .*commas/s) },
      });
    } finally {
      await web.close();
      await services.close();
    }
  });

  it('refuses an unknown call as the web host does', async () => {
    const r = await mimic('call', ws, 'dropTables');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      error: { code: 'not_found', message: 'no call named dropTables' },
    });
  });
});
