import { describe, expect, it } from 'vitest';
import { insertSyntheticEpisodes } from '../../../src/workspace/bulk';
import { Catalog } from '../../../src/workspace/catalog';
import { withWorkspace } from '../../helpers/workspace';

describe('Catalog.tagsWithPrefix', () => {
  it('finds the distinct tags of a prefix on many episodes at once, and only on those', () =>
    withWorkspace((ws) => {
      // More ids than SQLite takes as separate parameters (32,766 by default).
      insertSyntheticEpisodes(ws.db, 40_000);
      const ids = ws.db.prepare('SELECT id FROM episodes ORDER BY created_at').pluck().all() as string[];
      const tag = ws.db.prepare('INSERT INTO tags (episode_id, tag) VALUES (?, ?)');
      tag.run(ids[39_999], 'sim:pusht');
      tag.run(ids[0], 'sim:lane');
      tag.run(ids[1], 'sim%lane'); // not the prefix, though a LIKE pattern would take it
      const catalog = new Catalog(ws.db);
      expect(catalog.tagsWithPrefix(ids, 'sim:')).toEqual(['sim:lane', 'sim:pusht']);
      expect(catalog.tagsWithPrefix(ids.slice(1), 'sim:')).toEqual(['sim:pusht']);
      expect(catalog.tagsWithPrefix([...ids.slice(0, 5), 'ep_gone'], 'sim:')).toEqual(['sim:lane']);
      expect(catalog.tagsWithPrefix([], 'sim:')).toEqual([]);
    }));
});
