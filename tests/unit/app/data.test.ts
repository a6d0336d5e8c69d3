import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallName, Job } from '../../../src/common/api';
import { ClientError, Listeners, type StudioClient } from '../../../app/client/studioClient';
import { connectEvents, withJob } from '../../../app/data/events';
import { createQueryClient } from '../../../app/data/queryClient';
import { invalidatingClient, STALE_AFTER } from '../../../app/data/staleness';
import { Notices } from '../../../app/state/notices';

const job = (id: string, state: Job['state'] = 'running', kind = 'import'): Job => ({
  id,
  kind,
  title: `job ${id}`,
  state,
  progress: null,
  message: '',
  error: null,
  result: null,
  attempts: 1,
  createdAt: '2025-01-01T00:00:00.000Z',
  startedAt: null,
  finishedAt: state === 'running' ? null : '2025-01-01T00:01:00.000Z',
});

/** A client whose calls answer from `answers` and whose events are delivered by hand. */
function fakeClient(answers: Partial<Record<CallName, () => unknown>> = {}) {
  const listeners = new Listeners();
  const called: string[] = [];
  const client: StudioClient = {
    async call(name) {
      called.push(name);
      const answer = answers[name];
      if (!answer) throw new ClientError('not_found', `${name}: no answer`);
      return answer() as never;
    },
    on: (name, listener) => listeners.add(name, listener),
    mediaUrl: () => '',
    stageFiles: async () => [],
    importFiles: async () => ({ jobId: 'j' }),
    addRobotFiles: async () => {
      throw new Error('not used');
    },
  };
  return { client, called, emit: (name: string, payload: unknown) => listeners.deliver(name, payload) };
}

const isInvalidated = (queries: QueryClient, key: unknown[]) =>
  queries.getQueryCache().find({ queryKey: key, exact: true })?.state.isInvalidated;

const seed = (queries: QueryClient, key: unknown[], data: unknown) => queries.setQueryData(key, data);

afterEach(() => vi.useRealTimers());

describe('withJob', () => {
  it('replaces a listed job in place and puts a new one first, within the limit', () => {
    const list = [job('b'), job('a')];
    expect(withJob(list, job('a', 'succeeded'), 2).map((j) => [j.id, j.state])).toEqual([
      ['b', 'running'],
      ['a', 'succeeded'],
    ]);
    expect(withJob(list, job('c'), 2).map((j) => j.id)).toEqual(['c', 'b']);
  });
});

describe('connectEvents', () => {
  it('updates every cached jobs list from jobUpdated, and refreshes models when a job ends', () => {
    const { client, emit } = fakeClient();
    const queries = new QueryClient();
    seed(queries, ['listJobs', { limit: 20 }], [job('a')]);
    seed(queries, ['listJobs', { limit: 1 }], [job('a')]);
    seed(queries, ['listModels', {}], []);
    const off = connectEvents(client, queries);

    emit('jobUpdated', job('b'));
    expect(queries.getQueryData<Job[]>(['listJobs', { limit: 20 }])?.map((j) => j.id)).toEqual(['b', 'a']);
    expect(queries.getQueryData<Job[]>(['listJobs', { limit: 1 }])?.map((j) => j.id)).toEqual(['b']);
    expect(isInvalidated(queries, ['listModels', {}])).toBe(false);

    emit('jobUpdated', job('b', 'succeeded', 'train'));
    expect(queries.getQueryData<Job[]>(['listJobs', { limit: 20 }])?.[0]?.state).toBe('succeeded');
    expect(isInvalidated(queries, ['listModels', {}])).toBe(true);

    off();
    emit('jobUpdated', job('c'));
    expect(queries.getQueryData<Job[]>(['listJobs', { limit: 20 }])).toHaveLength(2);
  });

  it('marks the library reads stale on libraryChanged, and nothing else', () => {
    const { client, emit } = fakeClient();
    const queries = new QueryClient();
    seed(queries, ['listEpisodes', { sort: 'name' }], { total: 0, items: [] });
    seed(queries, ['getEpisode', { id: 'e' }], {});
    seed(queries, ['listTags', {}], []);
    seed(queries, ['listModels', {}], []);
    connectEvents(client, queries);
    emit('libraryChanged', { datasetId: null });
    expect(isInvalidated(queries, ['listEpisodes', { sort: 'name' }])).toBe(true);
    expect(isInvalidated(queries, ['getEpisode', { id: 'e' }])).toBe(true);
    expect(isInvalidated(queries, ['listTags', {}])).toBe(true);
    expect(isInvalidated(queries, ['listModels', {}])).toBe(false);
  });
});

describe('invalidatingClient', () => {
  it('marks what a successful write changes stale; a read or a failed write changes nothing', async () => {
    const queries = new QueryClient();
    const { client } = fakeClient({
      setEpisodeTags: () => ({}),
      listTags: () => [],
    });
    const data = invalidatingClient(client, queries);
    const keys = [
      ['listEpisodes', {}],
      ['getEpisode', { id: 'e' }],
      ['listTags', {}],
      ['listSegments', { episodeId: 'e' }],
    ];
    for (const key of keys) seed(queries, key, []);

    await data.call('listTags', {});
    await expect(data.call('setTrim', { episodeId: 'e', trim: null })).rejects.toThrow('no answer');
    for (const key of keys) expect(isInvalidated(queries, key), String(key[0])).toBe(false);

    await data.call('setEpisodeTags', { episodeId: 'e', tags: ['x'] });
    expect(STALE_AFTER.setEpisodeTags).toEqual(['listEpisodes', 'getEpisode', 'listTags']);
    for (const key of keys.slice(0, 3)) expect(isInvalidated(queries, key), String(key[0])).toBe(true);
    expect(isInvalidated(queries, ['listSegments', { episodeId: 'e' }])).toBe(false);
  });
});

describe('createQueryClient', () => {
  it('toasts and logs a failed read once, without retrying an answer of the studio', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const notices = new Notices();
    const queries = createQueryClient(notices);
    const { client, called } = fakeClient();
    await expect(
      queries.fetchQuery({
        queryKey: ['getEpisode', { id: 'gone' }],
        queryFn: () => client.call('getEpisode', { id: 'gone' }),
      }),
    ).rejects.toThrow('getEpisode: no answer');
    expect(called).toEqual(['getEpisode']);
    expect(notices.notice).toMatchObject({ kind: 'error', message: 'getEpisode: no answer' });
    expect(logged).toHaveBeenCalledTimes(1);
    expect(logged.mock.calls[0]?.[0]).toBe('getEpisode failed:');
  });

  it('only logs a failure the screen shows in place', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const notices = new Notices();
    const queries = createQueryClient(notices);
    const { client } = fakeClient();
    await expect(
      queries.fetchQuery({
        queryKey: ['jobLogs', { id: 'j' }],
        queryFn: () => client.call('jobLogs', { id: 'j' }),
        meta: { inline: true },
      }),
    ).rejects.toThrow();
    expect(notices.notice).toBeNull();
    expect(logged).toHaveBeenCalledTimes(1);
  });

  it('toasts and logs a failed write', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const notices = new Notices();
    const queries = createQueryClient(notices);
    const { client } = fakeClient();
    const mutation = queries.getMutationCache().build(queries, {
      mutationKey: ['cancelJob'],
      mutationFn: (input: { id: string }) => client.call('cancelJob', input),
    });
    await expect(mutation.execute({ id: 'done' })).rejects.toThrow('cancelJob: no answer');
    expect(notices.notice).toMatchObject({ kind: 'error', message: 'cancelJob: no answer' });
    expect(logged).toHaveBeenCalledWith('cancelJob failed:', expect.any(ClientError));
  });
});

describe('Notices', () => {
  it('shows the latest notice and clears it after a while, errors for longer', () => {
    vi.useFakeTimers();
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const notices = new Notices();
    let changes = 0;
    notices.subscribe(() => changes++);
    notices.info('saved');
    expect(notices.notice).toMatchObject({ kind: 'info', message: 'saved' });
    vi.advanceTimersByTime(4000);
    expect(notices.notice).toBeNull();
    notices.error(new Error('disk full'), 'save');
    expect(logged).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(4000);
    expect(notices.notice?.message).toBe('disk full');
    vi.advanceTimersByTime(5000);
    expect(notices.notice).toBeNull();
    expect(changes).toBe(4);
  });

  it('closes a notice when dismissed, and its timer then clears nothing newer', () => {
    vi.useFakeTimers();
    const notices = new Notices();
    let changes = 0;
    notices.subscribe(() => changes++);
    notices.info('first');
    notices.dismiss();
    expect(notices.notice).toBeNull();
    expect(changes).toBe(2);
    notices.dismiss();
    expect(changes).toBe(2);
    vi.advanceTimersByTime(2000);
    notices.info('second');
    vi.advanceTimersByTime(2000);
    expect(notices.notice?.message).toBe('second');
  });
});
