import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { demuxMp4 } from '../../../app/features/replay/frameSource/demux';
import { Gops } from '../../../app/features/replay/frameSource/gops';
import { locateMediaTools } from '../../../src/media/tools';

const fixture = (name: string) => path.resolve('tests/fixtures/video', name);

function read(file: string): ArrayBuffer {
  const b = readFileSync(file);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
}

/** ffprobe's packets of the first video stream: pts in seconds and key flags, in file order. */
function probePackets(file: string): { pts: number; key: boolean }[] {
  const out = execFileSync(locateMediaTools().tools!.ffprobe, [
    ...['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,flags'],
    ...['-of', 'csv=p=0', file],
  ]).toString();
  return out
    .trim()
    .split('\n')
    .map((l) => {
      const [pts, flags] = l.split(',');
      return { pts: Number(pts), key: flags!.startsWith('K') };
    });
}

describe('demuxMp4', () => {
  for (const [name, codec] of [
    ['egoblur_gen1_test_video.mp4', /^avc1\./],
    ['g1_cam_high_av1_2s.mp4', /^av01\./],
  ] as const) {
    it(`reads ${name}: codec, description and every sample as ffprobe sees it`, () => {
      const track = demuxMp4(read(fixture(name)), name);
      expect(track.config.codec).toMatch(codec);
      expect((track.config.description as Uint8Array).length).toBeGreaterThan(3);
      const packets = probePackets(fixture(name));
      expect(track.samples.length).toBe(packets.length);
      track.samples.forEach((s, i) => {
        expect(s.key).toBe(packets[i]!.key);
        expect(Math.abs(s.timestampUs / 1e6 - packets[i]!.pts)).toBeLessThan(1e-3);
      });
      // Presentation order: ascending timestamps, each sample once.
      const times = Array.from(track.presentation, (i) => track.samples[i]!.timestampUs);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(new Set(track.presentation).size).toBe(track.samples.length);
    });
  }

  it('names the file when it is not an mp4', () => {
    expect(() => demuxMp4(new TextEncoder().encode('not a video at all').buffer, 'notes.txt')).toThrow(
      /notes\.txt/,
    );
  });

  it('groups the H.264 clip with B-frames by keyframe: each frame decodes from the keyframe at or before it', () => {
    const track = demuxMp4(read(fixture('egoblur_gen1_test_video.mp4')), 'egoblur');
    const gops = new Gops(track);
    expect(gops.count).toBe(track.samples.filter((s) => s.key).length);
    // Closed groups: each one's frames are a contiguous run, and together they cover the clip once.
    let next = 0;
    gops.frames.forEach(({ first, last }, g) => {
      expect(first).toBe(next);
      next = last + 1;
      for (let p = first; p <= last; p++) {
        expect(gops.gopOfFrame[p]).toBe(g);
        const d = track.presentation[p]!;
        expect(d >= gops.starts[g]! && d < gops.sampleEnd(g)).toBe(true);
      }
    });
    expect(next).toBe(track.samples.length);
    // The decoder gives frames back by timestamp: every timestamp names one frame.
    expect(gops.frameOfUs.size).toBe(track.samples.length);
  });
});
