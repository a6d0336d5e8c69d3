import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportedEpisodes } from '../../src/exporters/selection';
import { SegmentStore } from '../../src/segments/store';
import type { StudioServices } from '../../src/service/services';
import { selectEpisodes } from '../../src/training/jobs/loadDataset';
import { curatorServices } from './curatorServices';
import { seedDemos } from './trainingHelpers';

// The quality feature through the contract, on a real workspace: the job (in its worker) stores
// signals, the report combines them, edits make episodes stale, decisions become the tags that
// training and exports leave out, each with an audit row naming the user, and undo puts them back.
let studio: ReturnType<typeof curatorServices>;
let services: StudioServices;
let ids: string[];
const call: ReturnType<typeof curatorServices>['call'] = (name, input) => studio.call(name, input);

async function runQuality(): Promise<void> {
  const { jobId } = await call('startQuality', { dataset: 'lane' });
  const job = await services.runner.waitFor(jobId);
  expect(job.error).toBeNull();
}

beforeAll(async () => {
  studio = curatorServices();
  services = studio.services;
  ids = await seedDemos(services.ws, { env: 'lane', episodes: 12, seed: 4, skill: 'mixed', dataset: 'lane' });
  await call('setQualitySettings', {
    dataset: 'lane',
    settings: { learned: { enabled: true, folds: 3, epochs: 2, hidden: [16], seed: 0 } },
  });
});
afterAll(() => studio.close());

describe('quality signals', () => {
  it('the job scores every episode; the report is worst first and explains its flags', async () => {
    expect((await call('qualityReport', { dataset: 'lane' })).stale).toBe(true);
    await runQuality();
    const report = await call('qualityReport', { dataset: 'lane' });
    expect(report.stale).toBe(false);
    expect(report.settings.learned.epochs).toBe(2);
    expect(report.episodes.map((e) => e.id).sort()).toEqual([...ids].sort());
    const scores = report.episodes.map((e) => e.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const kinds = report.episodes[0]!.signals.map((s) => s.kind);
    expect(kinds).toEqual([
      'length',
      'idle',
      'jerk',
      'path',
      'noise',
      'retries',
      'failure',
      'faults',
      'novelty',
      'learned',
    ]);
    expect(report.episodes[0]!.signals.find((s) => s.kind === 'learned')!.value).toBeGreaterThan(0);
    const flags = report.episodes.flatMap((e) => e.flags);
    expect(flags.length).toBeGreaterThan(0);
    for (const f of flags) {
      expect(f.reason.length).toBeGreaterThan(10);
      expect(f.endNs).toBeGreaterThanOrEqual(f.startNs);
    }
    // Failures (tagged by the generator) are always flagged.
    const failed = services.ws.db.prepare("SELECT episode_id FROM tags WHERE tag = 'failure'").all() as {
      episode_id: string;
    }[];
    for (const { episode_id } of failed)
      expect(report.episodes.find((e) => e.id === episode_id)!.flags.map((f) => f.kind)).toContain('failure');
  });

  it('a trim makes its episode stale until the job runs again; an unchanged dataset is not recomputed', async () => {
    new SegmentStore(services.ws).setTrim(ids[2]!, { startNs: 1e9, endNs: 5e9 });
    const report = await call('qualityReport', { dataset: 'lane' });
    expect(report.stale).toBe(true);
    expect(report.episodes.filter((e) => e.stale).map((e) => e.id)).toEqual([ids[2]]);
    await runQuality();
    const after = await call('qualityReport', { dataset: 'lane' });
    expect(after.stale).toBe(false);
    expect(after.episodes.find((e) => e.id === ids[2])!.durationNs).toBeGreaterThan(0);
    const { jobId } = await call('startQuality', { dataset: 'lane' });
    expect((await services.runner.waitFor(jobId)).result).toMatchObject({ heuristics: 0, learned: false });
  });

  it('weights are editable per dataset and change the score without recomputing', async () => {
    const before = await call('qualityReport', { dataset: 'lane' });
    const settings = { ...before.settings, weights: { ...before.settings.weights, failure: 0, learned: 0 } };
    await call('setQualitySettings', { dataset: 'lane', settings });
    const after = await call('qualityReport', { dataset: 'lane' });
    expect(after.stale).toBe(false);
    expect((await call('listAudit', { limit: 1 })).items[0]).toMatchObject({
      action: 'quality.settings',
      actor: 'Grace',
    });
    expect(after.episodes.flatMap((e) => e.flags).some((f) => f.kind === 'failure')).toBe(false);
    await call('setQualitySettings', { dataset: 'lane', settings: before.settings });
    expect((await call('qualityReport', { dataset: 'lane' })).stale).toBe(false);
  });
});

describe('decisions', () => {
  it('reject tags episodes rejected, training and exports leave them out, each audited; undo restores', async () => {
    const picked = [ids[0]!, ids[1]!];
    const { previous } = await call('decideEpisodes', {
      episodeIds: picked,
      decision: 'reject',
      note: 'operator hesitates',
    });
    expect(previous.map((p) => p.decision)).toEqual([null, null]);
    const report = await call('qualityReport', { dataset: 'lane' });
    expect(report.episodes.find((e) => e.id === ids[0])).toMatchObject({
      decision: 'reject',
      note: 'operator hesitates',
    });
    const excluded = { dataset: 'lane', excludeTags: ['rejected', 'flagged'] };
    expect(selectEpisodes(services.ws, excluded)).not.toContain(ids[0]);
    expect(exportedEpisodes(services.ws, excluded).episodes.map((e) => e.id)).not.toContain(ids[1]);
    const audit = await call('listAudit', { episodeId: ids[0]!, limit: 5 });
    expect(audit.items[0]).toMatchObject({ actor: 'Grace', role: 'curator', action: 'quality.decide' });
    expect(audit.items[0]!.detail).toMatchObject({
      after: { decision: 'reject', note: 'operator hesitates' },
    });

    // Needs review is `flagged`: also left out until decided; keep replaces it.
    await call('decideEpisodes', { episodeIds: [ids[0]!], decision: 'review', note: '' });
    expect((await call('getEpisode', { id: ids[0]! })).tags).toContain('flagged');
    await call('decideEpisodes', { episodeIds: [ids[0]!], decision: 'keep', note: 'fine on replay' });
    const kept = (await call('getEpisode', { id: ids[0]! })).tags;
    expect(kept).toContain('kept');
    expect(kept).not.toContain('flagged');
    expect(selectEpisodes(services.ws, excluded)).toContain(ids[0]);

    await call('restoreDecisions', { states: previous });
    for (const id of picked) {
      const e = await call('getEpisode', { id });
      expect(e.tags.filter((t) => ['kept', 'rejected', 'flagged'].includes(t))).toEqual([]);
    }
    expect(
      (await call('qualityReport', { dataset: 'lane' })).episodes.find((e) => e.id === ids[1])!.decision,
    ).toBeNull();
    expect((await call('listAudit', { episodeId: ids[1]!, limit: 1 })).items[0]).toMatchObject({
      action: 'quality.restore',
      actor: 'Grace',
    });
  });

  it('bulk tags add and remove on many episodes; unknown episodes are refused whole', async () => {
    expect(await call('tagEpisodes', { episodeIds: ids.slice(0, 3), add: ['batch-a'], remove: [] })).toEqual({
      changed: 3,
    });
    expect(await call('tagEpisodes', { episodeIds: ids.slice(0, 3), add: ['batch-a'], remove: [] })).toEqual({
      changed: 0,
    });
    expect(await call('tagEpisodes', { episodeIds: ids.slice(0, 2), add: [], remove: ['batch-a'] })).toEqual({
      changed: 2,
    });
    await expect(
      call('tagEpisodes', { episodeIds: [ids[3]!, 'ep_missing'], add: ['x'], remove: [] }),
    ).rejects.toThrow(/no episode ep_missing/);
    expect((await call('getEpisode', { id: ids[3]! })).tags).not.toContain('x');
  });

  it('training takes an explicit episode list, refusing episodes of another dataset', () => {
    const chosen = [ids[5]!, ids[1]!, ids[5]!];
    expect(
      selectEpisodes(services.ws, { dataset: 'lane', excludeTags: ['rejected'], episodeIds: chosen }),
    ).toEqual([ids[1], ids[5]]);
    expect(() =>
      selectEpisodes(services.ws, { dataset: 'lane', excludeTags: [], episodeIds: ['ep_other'] }),
    ).toThrow(/episode ep_other is not a visible episode of dataset "lane"/);
  });
});
