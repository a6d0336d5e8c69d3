import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  dispatch,
  identityCalls,
  type AuditEntry,
  type CallInput,
  type CallName,
} from '../../src/common/api';
import { createServices, type StudioServices } from '../../src/service/services';
import { tempDir } from '../helpers/workspace';
import { sec, writeRecording } from './episodeFixture';

// Every change through the contract is written with the user of this machine, whichever process
// writes it: the host (segments, tags, splits, rigs) or a job worker (the arm simulator's rig).
let tmp: ReturnType<typeof tempDir>;
let services: StudioServices;
let origin: string;
const call = <K extends CallName>(name: K, input: CallInput<K>) => dispatch(services.handlers, name, input);
const history = async (episodeId?: string) =>
  identityCalls.listAudit.output.parse(await call('listAudit', { episodeId })).items;
const newest = async (episodeId?: string): Promise<AuditEntry> => (await history(episodeId))[0]!;

beforeAll(async () => {
  tmp = tempDir();
  vi.stubEnv('MIMIC_CONFIG_DIR', path.join(tmp.dir, 'config'));
  vi.stubEnv('MIMIC_USER', undefined);
  vi.stubEnv('MIMIC_USER_ROLE', undefined);
  services = createServices({ workspaceDir: path.join(tmp.dir, 'ws'), create: true, host: 'web' });
  origin = await writeRecording(services.ws, tmp.dir, 'pick', 'arm');
});
afterAll(async () => {
  await services.close();
  vi.unstubAllEnvs();
  tmp.cleanup();
});
beforeEach(async () => {
  await call('setUser', { name: 'Ada', role: 'curator' });
});

const ada = { actor: 'Ada', role: 'curator' };

describe('the audit trail names the user', () => {
  it('of segment edits and trims', async () => {
    const seg = await call('createSegment', { episodeId: origin, startNs: 0, endNs: sec(1), label: 'reach' });
    expect(await newest(origin)).toMatchObject({
      ...ada,
      action: 'segment.create',
      target: seg.id,
      episodeId: origin,
    });
    await call('setUser', { name: 'Grace', role: 'reviewer' });
    await call('updateSegment', { id: seg.id, label: 'grasp' });
    expect(await newest(origin)).toMatchObject({
      actor: 'Grace',
      role: 'reviewer',
      action: 'segment.update',
      episodeId: origin,
      detail: { label: 'grasp' },
    });
    await call('deleteSegment', { id: seg.id });
    await call('setTrim', { episodeId: origin, trim: { startNs: sec(0.5), endNs: sec(3) } });
    const [trim, deleted] = await history(origin);
    expect(deleted).toMatchObject({ actor: 'Grace', action: 'segment.delete', target: seg.id });
    expect(trim).toMatchObject({
      actor: 'Grace',
      action: 'episode.trim',
      target: origin,
      detail: { startNs: sec(0.5), endNs: sec(3) },
    });
  });

  it('of tag edits, with the tags before and after (an edit that changes nothing is no row)', async () => {
    await call('setEpisodeTags', { episodeId: origin, tags: ['demo', 'good'] });
    expect(await newest(origin)).toMatchObject({
      ...ada,
      action: 'episode.tags',
      target: origin,
      episodeId: origin,
      detail: { before: ['demo'], after: ['demo', 'good'] },
    });
    const rows = (await history()).length;
    await call('setEpisodeTags', { episodeId: origin, tags: ['good', 'demo'] });
    expect(await history()).toHaveLength(rows);
  });

  it('of splits, merges and their undo', async () => {
    const split = await call('splitEpisode', { episodeId: origin, atNs: [sec(2)] });
    const parts = split.created.map((e) => e.id);
    expect(await newest(origin)).toMatchObject({
      ...ada,
      action: 'episode.split',
      detail: { hidden: [origin], created: parts },
    });
    await call('setUser', { name: 'Grace', role: null });
    await call('mergeEpisodes', { episodeIds: parts });
    expect(await newest(origin)).toMatchObject({ actor: 'Grace', role: null, action: 'episode.merge' });
    await call('setEpisodesHidden', { show: parts, hide: [] });
    expect(await newest(parts[0]!)).toMatchObject({ actor: 'Grace', action: 'episode.show' });
  });

  it('of rigs set in the host and written by a job worker', async () => {
    await call('setRig', { episodeId: origin, rig: null });
    expect(await newest()).toMatchObject({ ...ada, action: 'rig.reset', episodeId: null });

    await call('setUser', { name: 'Worker Watcher', role: 'expert' });
    const { jobId } = await call('generateDemos', {
      env: 'arm',
      episodes: 1,
      seed: 3,
      dataset: 'arm-sim',
    });
    const job = await services.runner.waitFor(jobId);
    expect(job.state).toBe('succeeded');
    expect((await history()).find((e) => e.action === 'rig.set')).toMatchObject({
      actor: 'Worker Watcher',
      role: 'expert',
    });
  });

  it('set by MIMIC_USER over the saved user, which cannot be changed meanwhile', async () => {
    vi.stubEnv('MIMIC_USER', 'Env User');
    vi.stubEnv('MIMIC_USER_ROLE', 'expert');
    try {
      expect(await call('getUser', {})).toEqual({ name: 'Env User', role: 'expert', source: 'env' });
      await expect(call('setUser', { name: 'Someone', role: null })).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringContaining('MIMIC_USER'),
      });
      await call('setEpisodeTags', { episodeId: origin, tags: ['env'] });
      expect(await newest(origin)).toMatchObject({ actor: 'Env User', role: 'expert' });
    } finally {
      vi.stubEnv('MIMIC_USER', undefined);
      vi.stubEnv('MIMIC_USER_ROLE', undefined);
    }
    expect(await call('getUser', {})).toEqual({ name: 'Ada', role: 'curator', source: 'config' });
  });

  it('is listed newest first, one episode at a time, up to a limit', async () => {
    const all = await history();
    expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort((a, b) => b - a));
    const mine = await history(origin);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((e) => e.episodeId === origin)).toBe(true);
    expect((await call('listAudit', { limit: 2 })).items).toEqual(all.slice(0, 2));
  });
});
