import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch, StudioError } from '../../../src/common/api';
import { createReplayHandlers } from '../../../src/replay/handlers';
import type { StudioHandlers } from '../../../src/common/api';
import { insertSyntheticEpisodes } from '../../../src/workspace/bulk';
import { Workspace } from '../../../src/workspace/workspace';
import { tempDir } from '../../helpers/workspace';

describe('segments and trims are validated, persisted rows', () => {
  let tmp: ReturnType<typeof tempDir>;
  let ws: Workspace;
  let episodeId: string;
  let handlers: StudioHandlers;

  beforeEach(() => {
    tmp = tempDir();
    ws = Workspace.init(tmp.dir);
    insertSyntheticEpisodes(ws.db, 1, 'arm');
    episodeId = (ws.db.prepare('SELECT id FROM episodes').get() as { id: string }).id;
    handlers = createReplayHandlers({ ws }) as unknown as StudioHandlers;
  });
  afterEach(() => {
    ws.close();
    tmp.cleanup();
  });

  it('creates, updates, lists and deletes, keeping an audit trail', async () => {
    const seg = await dispatch(handlers, 'createSegment', {
      episodeId,
      startNs: 100,
      endNs: 500,
      label: 'reach',
    });
    expect(seg).toMatchObject({ episodeId, startNs: 100, endNs: 500, label: 'reach', color: '#4c8dff' });
    await dispatch(handlers, 'updateSegment', { id: seg.id, endNs: 900, instruction: 'pick the cube' });
    await dispatch(handlers, 'createSegment', { episodeId, startNs: 0, endNs: 50, label: 'idle' });
    const list = await dispatch(handlers, 'listSegments', { episodeId });
    expect(list.map((s) => [s.label, s.startNs, s.endNs])).toEqual([
      ['idle', 0, 50],
      ['reach', 100, 900],
    ]);
    expect(await dispatch(handlers, 'segmentLabels', { episodeId })).toEqual(['idle', 'reach']);
    await dispatch(handlers, 'deleteSegment', { id: seg.id });
    // Re-creating under the old id is how redo restores a deleted segment.
    await dispatch(handlers, 'createSegment', { episodeId, id: seg.id, startNs: 100, endNs: 900 });
    expect((await dispatch(handlers, 'listSegments', { episodeId })).map((s) => s.id)).toContain(seg.id);
    const audit = ws.db.prepare(`SELECT action FROM audit WHERE target = ? ORDER BY id`).all(seg.id);
    expect(audit.map((a) => (a as { action: string }).action)).toEqual([
      'segment.create',
      'segment.update',
      'segment.delete',
      'segment.create',
    ]);
  });

  it('rejects reversed spans, spans past the episode, bad colours and unknown episodes', async () => {
    await expect(
      dispatch(handlers, 'createSegment', { episodeId, startNs: 500, endNs: 100 }),
    ).rejects.toThrow(/ends after it starts/);
    await expect(dispatch(handlers, 'createSegment', { episodeId, startNs: 0, endNs: 1e15 })).rejects.toThrow(
      /after the episode/,
    );
    await expect(
      dispatch(handlers, 'createSegment', { episodeId, startNs: 0, endNs: 10, color: 'red' }),
    ).rejects.toThrow(/#rrggbb/);
    await expect(dispatch(handlers, 'listSegments', { episodeId: 'ep_nope' })).rejects.toBeInstanceOf(
      StudioError,
    );
  });

  it('sets and clears a trim', async () => {
    expect(await dispatch(handlers, 'getTrim', { episodeId })).toBeNull();
    await dispatch(handlers, 'setTrim', { episodeId, trim: { startNs: 10, endNs: 20 } });
    expect(await dispatch(handlers, 'getTrim', { episodeId })).toEqual({ startNs: 10, endNs: 20 });
    await dispatch(handlers, 'setTrim', { episodeId, trim: null });
    expect(await dispatch(handlers, 'getTrim', { episodeId })).toBeNull();
  });
});
