import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Episode, Stream } from '../../../src/common/api';
import { EpisodePlayer } from '../../../app/features/replay/episodePlayer';

const FRAME = 1e9 / 30;

function stream(name: string, kind: 'video' | 'series', timestampsBlob: string): Stream {
  return {
    id: name,
    name,
    kind,
    frames: 90,
    durationNs: 3e9,
    blob: `${name}-data`,
    timestampsBlob,
    columns: kind === 'series' ? ['a', 'b'] : [],
    video: null,
  } as unknown as Stream;
}

const episode = {
  id: 'ep',
  name: 'ep',
  dataset: 'set',
  durationNs: 3e9,
  hidden: false,
  tags: [],
  streamDetails: [
    stream('front', 'video', 'ts-front'),
    stream('wrist', 'video', 'ts-front'),
    stream('extra', 'series', 'ts-extra'),
    stream('action', 'series', 'ts-action'),
    stream('observation.state', 'series', 'ts-state'),
  ],
} as unknown as Episode;

/** 90 frames at 30 fps, as the int64 timestamps blob the host serves. */
const timestamps = () => BigInt64Array.from({ length: 90 }, (_, i) => BigInt(Math.round(i * FRAME))).buffer;

let fetches: string[];
const storage = new Map<string, string>();

beforeEach(() => {
  fetches = [];
  storage.clear();
  vi.stubGlobal('fetch', async (url: string) => {
    fetches.push(url);
    return new Response(timestamps());
  });
  vi.stubGlobal('localStorage', {
    getItem: (k: string) => storage.get(k) ?? null,
    setItem: (k: string, v: string) => void storage.set(k, v),
  });
  vi.stubGlobal('requestAnimationFrame', () => 1);
  vi.stubGlobal('cancelAnimationFrame', () => undefined);
});
afterEach(() => vi.unstubAllGlobals());

async function open(startNs: number | null = null) {
  const errors: unknown[] = [];
  const player = new EpisodePlayer(
    episode,
    { mediaUrl: (ref) => JSON.stringify(ref), onError: (e) => errors.push(e) },
    startNs,
  );
  await vi.waitFor(() => expect(player.stepTimes).not.toBeNull());
  return { player, errors };
}

describe('EpisodePlayer', () => {
  it('reads a timestamps blob once, and steps by the first camera’s frames', async () => {
    const { player, errors } = await open(10 * FRAME + 5);
    await player.frameTimes(episode.streamDetails[1]!);
    expect(fetches.filter((u) => u.includes('ts-front'))).toHaveLength(1);
    expect(player.frameIndex()).toBe(10);
    player.step(3);
    expect(player.frameIndex()).toBe(13);
    player.step(-20);
    expect(player.timeNs).toBe(0);
    player.step(500);
    expect(player.frameIndex()).toBe(89);
    expect(errors).toEqual([]);
    player.dispose();
  });

  it('makes a span from the in and out marks, and jumps to marks and edges', async () => {
    const { player } = await open();
    const marks: string[] = [];
    player.onDidChange((e) => marks.push(e.kind));
    player.seek(1e9);
    player.markIn();
    player.seek(0.5e9);
    expect(player.markOut()).toBeNull();
    expect(player.marks).toEqual({ inNs: 1e9, outNs: 0.5e9 });
    player.seek(2e9);
    expect(player.markOut()).toEqual({ startNs: 1e9, endNs: 2e9 });
    expect(player.marks).toEqual({ inNs: null, outNs: null });
    expect(marks).toEqual(['marks', 'marks', 'marks']);

    player.markIn(); // at 2 s
    player.seek(0);
    expect(player.jump(1, [1.5e9])).toBe(true);
    expect(player.timeNs).toBe(1.5e9);
    expect(player.jump(1, [1.5e9])).toBe(true);
    expect(player.timeNs).toBe(2e9);
    expect(player.jump(1, [1.5e9])).toBe(false);
    player.dispose();
  });

  it('loops the selection, else the marks, else the fallback; again clears the loop', async () => {
    const { player } = await open();
    player.toggleLoop(null, { startNs: 1, endNs: 2e9 });
    expect(player.clock.loop).toEqual({ startNs: 1, endNs: 2e9 });
    player.toggleLoop(null);
    expect(player.clock.loop).toBeNull();
    player.seek(1e9);
    player.markIn();
    player.seek(0.5e9);
    player.markOut(); // before the in mark: both marks stay
    player.toggleLoop({ startNs: 5, endNs: 6 });
    expect(player.clock.loop).toEqual({ startNs: 5, endNs: 6 });
    player.dispose();
  });

  it('plots the observed state and the action by default, and keeps the layout', async () => {
    const { player } = await open();
    expect(player.plots).toEqual(['observation.state', 'action']);
    expect(player.shownCameras.map((c) => c.name)).toEqual(['front', 'wrist']);
    player.setLayout({ hiddenCameras: ['wrist'], plots: ['extra'] });
    player.dispose();
    const { player: again } = await open();
    expect(again.shownCameras.map((c) => c.name)).toEqual(['front']);
    expect(again.plots).toEqual(['extra']);
    // Without a rig there is no 3D view.
    expect(again.showScene).toBe(false);
    again.dispose();
  });

  it('reports a failed read of the frame times, and stops telling listeners once disposed', async () => {
    vi.stubGlobal('fetch', async () => new Response('gone', { status: 404 }));
    const errors: unknown[] = [];
    const player = new EpisodePlayer(episode, {
      mediaUrl: (r) => JSON.stringify(r),
      onError: (e) => errors.push(e),
    });
    await vi.waitFor(() => expect(errors).toHaveLength(1));
    expect(String(errors[0])).toContain('HTTP 404');
    const seen: string[] = [];
    player.onDidChange((e) => seen.push(e.kind));
    player.dispose();
    player.setLayout({ scene: false });
    expect(seen).toEqual([]);
  });
});
