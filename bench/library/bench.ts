import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { dispatch } from '../../src/common/api';
import { JobRunner } from '../../src/jobs/runner';
import { importPaths } from '../../src/importers/importPaths';
import { locateMediaTools } from '../../src/media/tools';
import { makeClip } from '../../tests/helpers/workspace';
import { defaultWorkerScript } from '../../src/paths';
import { createHandlers } from '../../src/service/studioService';
import { insertSyntheticEpisodes } from '../../src/workspace/bulk';
import { Workspace } from '../../src/workspace/workspace';

const time = (fn: () => unknown, reps: number): number[] => {
  const out: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return out;
};
const timeAsync = async (fn: () => Promise<unknown>, reps: number): Promise<number[]> => {
  const out: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
};

/**
 * Listing and filtering 10,000 episodes through the service (contract parse, catalog queries for
 * rows, streams and tags, output check) against the bare SQL query for the same rows.
 */
export async function listing(reps: number) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mimic-bench-'));
  const ws = Workspace.init(path.join(dir, 'ws'));
  try {
    insertSyntheticEpisodes(ws.db, 10_000, 'bench');
    const runner = new JobRunner(ws, { workerScript: defaultWorkerScript() });
    const handlers = createHandlers({ ws, runner, media: { tools: null, problem: null }, host: 'web' });
    const cases = [
      {
        name: 'first page (200), newest first',
        service: { limit: 200 },
        sql: 'SELECT * FROM episodes WHERE hidden_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 200',
        args: [] as unknown[],
      },
      {
        name: 'tag filter (1,000 match), page of 200',
        service: { tag: 'flagged', limit: 200 },
        sql: `SELECT * FROM episodes e WHERE e.hidden_at IS NULL
              AND EXISTS (SELECT 1 FROM tags t WHERE t.episode_id = e.id AND t.tag = ?)
              ORDER BY created_at DESC, id DESC LIMIT 200`,
        args: ['flagged'],
      },
      {
        name: 'name search (10 match)',
        service: { search: 'bench-00999' },
        sql: `SELECT * FROM episodes WHERE hidden_at IS NULL AND name LIKE ?
              ORDER BY created_at DESC, id DESC LIMIT 200`,
        args: ['%bench-00999%'],
      },
      {
        name: 'last page (offset 9,800)',
        service: { offset: 9800, limit: 200 },
        sql: 'SELECT * FROM episodes WHERE hidden_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 200 OFFSET 9800',
        args: [],
      },
    ];
    const rows = [];
    for (const c of cases) {
      const stmt = ws.db.prepare(c.sql);
      // Warm both paths (statement caches, page cache) before timing.
      for (let i = 0; i < 5; i++) {
        stmt.all(...c.args);
        await dispatch(handlers, 'listEpisodes', c.service);
      }
      const bare = time(() => stmt.all(...c.args), reps);
      const service = await timeAsync(() => dispatch(handlers, 'listEpisodes', c.service), reps);
      rows.push({ name: c.name, bare, service });
    }
    return rows;
  } finally {
    ws.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Import of a 1-minute 720p clip against ffmpeg decoding the same clip. */
export async function importing(reps: number) {
  const { tools, problem } = locateMediaTools();
  if (!tools) throw new Error(problem ?? 'no ffmpeg');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mimic-bench-'));
  try {
    const clip = makeClip(path.join(dir, 'clip720p.mp4'), {
      seconds: 60,
      fps: 30,
      size: '1280x720',
      args: ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-g', '60'],
    });
    const decode = await timeAsync(async () => {
      execFileSync(tools.ffmpeg, ['-v', 'error', '-i', clip, '-f', 'null', '-']);
    }, reps);
    let n = 0;
    const imported = await timeAsync(async () => {
      const ws = Workspace.init(path.join(dir, `ws${n++}`));
      const r = await importPaths(ws, [clip], { dataset: 'bench', tools });
      ws.close();
      if (r.episodes[0]?.streams[0]?.frames !== 1800) throw new Error('import did not see 1800 frames');
    }, reps);
    return { ffmpeg: tools.ffmpeg, decode, imported };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
