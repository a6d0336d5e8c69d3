import { describe, expect, it } from 'vitest';
import type { RecordingInfo, RobomimicInfo } from '../../../src/common/api';
import {
  defaultRate,
  defaultTopics,
  importChoice,
  needsOptions,
} from '../../../app/features/library/importChoice';

const topic = (name: string, becomes: 'video' | 'series' | 'nothing') => ({
  topic: name,
  type: 'x',
  encoding: 'ros1',
  messages: 3,
  firstNs: 0,
  lastNs: 2,
  rateHz: 1,
  becomes,
  columns: null,
  reason: becomes === 'nothing' ? 'unknown schema' : null,
});
const recording = (path: string, topics: ReturnType<typeof topic>[]): RecordingInfo => ({
  path,
  format: 'mcap',
  indexed: true,
  bytes: 1,
  messages: 9,
  startNs: null,
  startTime: null,
  durationNs: 2,
  topics,
});
const robomimic = (controlFreqHz: number | null): RobomimicInfo => ({
  path: 'a.hdf5',
  demos: 2,
  envName: null,
  controlFreqHz,
});

describe('import options', () => {
  it('asks only for files picked alone that include a recording or a robomimic file', () => {
    expect(needsOptions(['a.mp4', 'b.MCAP'], false)).toBe(true);
    expect(needsOptions(['x.hdf5'], false)).toBe(true);
    expect(needsOptions(['a.mp4', 'a.csv'], false)).toBe(false);
    expect(needsOptions(['lerobot/x.bag'], true)).toBe(false);
  });

  it('ticks the topics an import makes something of; each recording is imported with its chosen ones', () => {
    const r = [
      recording('/s/a.mcap', [topic('/cam', 'video'), topic('/joints', 'series'), topic('/x', 'nothing')]),
      recording('/s/b.bag', [topic('/joints', 'series')]),
    ];
    const chosen = defaultTopics(r);
    expect([...chosen.get('/s/a.mcap')!]).toEqual(['/cam', '/joints']);
    chosen.get('/s/a.mcap')!.delete('/cam');
    expect(importChoice(['/s/a.mcap', '/s/b.bag', '/s/c.mp4'], r, chosen, [], '')).toEqual({
      parts: [
        { paths: ['/s/a.mcap'], topics: ['/joints'] },
        { paths: ['/s/b.bag'], topics: ['/joints'] },
        { paths: ['/s/c.mp4'] },
      ],
    });
    chosen.get('/s/b.bag')!.clear();
    expect(importChoice(['/s/a.mcap', '/s/b.bag'], r, chosen, [], '')).toEqual({
      problem: 'Choose at least one topic of b.bag.',
    });
  });

  it('prefills the rate from env_args, sends it only when it differs, and requires one when unknown', () => {
    expect(defaultRate([robomimic(20)])).toBe('20');
    expect(defaultRate([robomimic(20), robomimic(null)])).toBe('');
    const choose = (f: RobomimicInfo, rate: string) => importChoice(['a.hdf5'], [], new Map(), [f], rate);
    expect(choose(robomimic(20), '20')).toEqual({ parts: [{ paths: ['a.hdf5'] }] });
    expect(choose(robomimic(20), '15')).toEqual({ parts: [{ paths: ['a.hdf5'], rateHz: 15 }] });
    expect(choose(robomimic(null), '10')).toEqual({ parts: [{ paths: ['a.hdf5'], rateHz: 10 }] });
    expect(choose(robomimic(null), '')).toEqual({ problem: expect.stringMatching(/control rate/) });
    expect(choose(robomimic(null), '-3')).toHaveProperty('problem');
  });
});
