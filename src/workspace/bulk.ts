import { randomBytes } from 'node:crypto';
import { Catalog } from './catalog';
import type { Db } from './db';
import { newId } from './ids';

/**
 * Inserts `count` synthetic catalog rows (episodes with two series streams and a tag or two) in one
 * transaction. For scale tests and benchmarks of listing and filtering; no media is written.
 */
export function insertSyntheticEpisodes(db: Db, count: number, dataset = 'synthetic'): void {
  const ds = new Catalog(db).ensureDataset(dataset);
  const fakeBlob = randomBytes(32).toString('hex');
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  db.transaction(() => {
    db.prepare(
      `INSERT OR IGNORE INTO blobs (hash, size, mime, created_at) VALUES (?, 0, 'application/x-float32', ?)`,
    ).run(fakeBlob, new Date(t0).toISOString());
    const ep = db.prepare(
      `INSERT INTO episodes (id, dataset_id, name, duration_ns, metadata, created_at) VALUES (?, ?, ?, ?, '{}', ?)`,
    );
    const st = db.prepare(
      `INSERT INTO streams (id, episode_id, name, kind, frames, duration_ns, blob, timestamps_blob, columns)
       VALUES (?, ?, ?, 'series', ?, ?, ?, ?, '[]')`,
    );
    const tag = db.prepare('INSERT INTO tags (episode_id, tag) VALUES (?, ?)');
    for (let i = 0; i < count; i++) {
      const id = newId('ep');
      const frames = 100 + (i % 400);
      const duration = frames * 100_000_000;
      ep.run(
        id,
        ds.id,
        `${dataset}-${String(i).padStart(6, '0')}`,
        duration,
        new Date(t0 + i * 1000).toISOString(),
      );
      st.run(newId('st'), id, 'observation.state', frames, duration, fakeBlob, fakeBlob);
      st.run(newId('st'), id, 'action', frames, duration, fakeBlob, fakeBlob);
      tag.run(id, i % 2 === 0 ? 'even' : 'odd');
      if (i % 10 === 0) tag.run(id, 'flagged');
    }
  }).immediate();
}
