import { describe, expect, it } from 'vitest';
import { episodeHref, hrefOf, parseRoute, type Route } from '../../../app/routes';

describe('parseRoute', () => {
  it('reads the library from an empty, bare or unknown address', () => {
    for (const hash of [
      '',
      '#',
      '#/',
      '#/nothing-here',
      '#/episodes',
      '#/trainer',
      '#/settingsx',
      '#/daggerx',
    ])
      expect(parseRoute(hash), hash).toEqual({ screen: 'library' });
  });

  it('reads an episode with and without a start time', () => {
    expect(parseRoute('#/episode/ep_1')).toEqual({ screen: 'episode', episodeId: 'ep_1', atNs: null });
    expect(parseRoute('#/episode/ep_1?t=1500000000')).toEqual({
      screen: 'episode',
      episodeId: 'ep_1',
      atNs: 1_500_000_000,
    });
  });

  it('decodes an encoded episode id, and falls back to the library on a broken encoding', () => {
    expect(parseRoute('#/episode/a%2Fb%20c')).toMatchObject({ episodeId: 'a/b c' });
    expect(parseRoute('#/episode/%E0%A4%A')).toEqual({ screen: 'library' });
  });

  it('reads the train and settings screens, also with a trailing slash or query', () => {
    expect(parseRoute('#/train')).toEqual({ screen: 'train' });
    expect(parseRoute('#/train/')).toEqual({ screen: 'train' });
    expect(parseRoute('#/train?x=1')).toEqual({ screen: 'train' });
    expect(parseRoute('#/settings')).toEqual({ screen: 'settings' });
  });

  it('reads the DAgger runs, one run, and one rollout of a run', () => {
    expect(parseRoute('#/dagger')).toEqual({ screen: 'dagger', runId: null, episodeId: null });
    expect(parseRoute('#/dagger/')).toEqual({ screen: 'dagger', runId: null, episodeId: null });
    expect(parseRoute('#/dagger/dagger_1')).toEqual({ screen: 'dagger', runId: 'dagger_1', episodeId: null });
    expect(parseRoute('#/dagger/dagger_1?episode=ep_3')).toEqual({
      screen: 'dagger',
      runId: 'dagger_1',
      episodeId: 'ep_3',
    });
    expect(parseRoute('#/dagger/%E0%A4%A')).toEqual({ screen: 'library' });
  });

  it('reads the triage screen of a dataset, and the library on a broken encoding', () => {
    expect(parseRoute('#/quality/lane')).toEqual({ screen: 'quality', dataset: 'lane' });
    expect(parseRoute('#/quality/my%20set?x=1')).toEqual({ screen: 'quality', dataset: 'my set' });
    expect(parseRoute('#/quality/%E0%A4%A')).toEqual({ screen: 'library' });
    expect(parseRoute('#/quality/')).toEqual({ screen: 'library' });
  });

  it("reads an episode's privacy review, and the library on a broken encoding", () => {
    expect(parseRoute('#/redact/ep_1')).toEqual({ screen: 'redact', episodeId: 'ep_1' });
    expect(parseRoute('#/redact/ep_1?x=1')).toEqual({ screen: 'redact', episodeId: 'ep_1' });
    expect(parseRoute('#/redact/%E0%A4%A')).toEqual({ screen: 'library' });
    expect(parseRoute('#/redact/')).toEqual({ screen: 'library' });
  });

  it('reads back every address it writes', () => {
    const routes: Route[] = [
      { screen: 'library' },
      { screen: 'train' },
      { screen: 'settings' },
      { screen: 'episode', episodeId: 'ep 7/π', atNs: null },
      { screen: 'episode', episodeId: 'ep_7', atNs: 2_000_000_001 },
      { screen: 'dagger', runId: null, episodeId: null },
      { screen: 'dagger', runId: 'dagger_1', episodeId: null },
      { screen: 'dagger', runId: 'dagger 1/π', episodeId: 'ep 2&x' },
      { screen: 'quality', dataset: 'lane' },
      { screen: 'quality', dataset: 'pick & place/π' },
      { screen: 'redact', episodeId: 'ep 7/π' },
    ];
    for (const route of routes) expect(parseRoute(hrefOf(route))).toEqual(route);
  });

  it('writes episode times as whole nanoseconds and leaves out a start at 0', () => {
    expect(episodeHref('e', 1.6)).toBe('#/episode/e?t=2');
    expect(episodeHref('e', 0)).toBe('#/episode/e');
  });
});
