import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Identity } from '../../../src/identity/identity';
import { migrations } from '../../../src/workspace/migrations';
import { DB_FILE, Workspace } from '../../../src/workspace/workspace';
import { tempDir } from '../../helpers/workspace';

describe('the migration that adds role and episode_id to the audit table', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it("back-fills each older row's episode from its target or its detail", () => {
    // A database just before this migration, with rows as the older writers wrote them.
    const step = migrations.findIndex((m) => m.includes('ADD COLUMN episode_id'));
    const old = new Database(path.join(tmp.dir, DB_FILE));
    for (const m of migrations.slice(0, step)) old.exec(m);
    old.pragma(`user_version = ${step}`);
    old.pragma('foreign_keys = OFF'); // a segment row without its episode is enough here
    old
      .prepare(
        `INSERT INTO segments (id, episode_id, start_ns, end_ns, color, created_at, updated_at)
       VALUES ('seg_kept', 'ep_a', 0, 1, '#fff', 'now', 'now')`,
      )
      .run();
    const insert = old.prepare(
      `INSERT INTO audit (at, actor, action, target, detail) VALUES ('2024-01-01T00:00:00Z', 'curator', ?, ?, ?)`,
    );
    const rows: [string, string, unknown][] = [
      ['episode.trim', 'ep_a', null],
      ['episode.split', 'ep_b', { atNs: [5], hidden: ['ep_b'], created: ['ep_c', 'ep_d'] }],
      ['segment.create', 'seg_kept', { episodeId: 'ep_a', label: 'x' }],
      ['segment.update', 'seg_kept', { label: 'y' }],
      ['segment.create', 'seg_gone', { episodeId: 'ep_c', label: 'x' }],
      ['segment.update', 'seg_gone', { label: 'y' }],
      ['segment.delete', 'seg_gone', { id: 'seg_gone', episodeId: 'ep_c' }],
      ['rig.set', 'ds_1', {}],
      ['robot.add', 'robot_1', { name: 'toy' }],
    ];
    for (const [action, target, detail] of rows) insert.run(action, target, JSON.stringify(detail));
    old.close();

    const ws = Workspace.open(tmp.dir, { identity: new Identity({ MIMIC_USER: 'Ada' }) });
    try {
      const items = ws.audit.list({ limit: 100 }).reverse();
      expect(items.map((e) => [e.action, e.episodeId])).toEqual([
        ['episode.trim', 'ep_a'],
        ['episode.split', 'ep_b'],
        ['segment.create', 'ep_a'],
        ['segment.update', 'ep_a'],
        ['segment.create', 'ep_c'],
        ['segment.update', 'ep_c'],
        ['segment.delete', 'ep_c'],
        ['rig.set', null],
        ['robot.add', null],
      ]);
      expect(items.every((e) => e.actor === 'curator' && e.role === null)).toBe(true);
      expect(ws.audit.list({ episodeId: 'ep_c', limit: 100 }).map((e) => e.action)).toEqual([
        'segment.delete',
        'segment.update',
        'segment.create',
      ]);
      const plan = ws.db
        .prepare('EXPLAIN QUERY PLAN SELECT * FROM audit WHERE episode_id = ? ORDER BY id DESC LIMIT 5')
        .all('ep_c') as { detail: string }[];
      expect(plan.map((p) => p.detail).join(' ')).toContain('audit_by_episode');
    } finally {
      ws.close();
    }
  });
});
