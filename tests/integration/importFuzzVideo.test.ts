import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mp4Boxes } from '../helpers/damage';
import { fuzzCases, FuzzTally, importDamaged, type FuzzBase } from '../helpers/importFuzz';
import { makeClip, mediaTools, tempDir } from '../helpers/workspace';

// Short mp4 clips, index at the end and at the front (faststart), damaged every seeded way: see
// importDamaged for what must hold. Header damage hits the `ftyp` and `moov` boxes (the index).
// Zeros inside `mdat` that leave the packet index whole import by design: the frames' bytes are
// checked later by a background verify job, not at import.

const PER_KIND = 12;
const x264 = ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-g', '5'];
const CLIPS: Record<string, string[]> = {
  'clip.mp4': x264,
  'faststart.mp4': [...x264, '-movflags', '+faststart'],
};

let tmp: ReturnType<typeof tempDir>;
const bases = new Map<string, FuzzBase>();
const tally = new FuzzTally();

beforeAll(() => {
  tmp = tempDir('mimic-fuzz-video-');
  for (const [name, args] of Object.entries(CLIPS)) {
    // The clips come from ffmpeg's test source: the same bytes for one ffmpeg build.
    const bytes = readFileSync(makeClip(path.join(tmp.dir, name), { seconds: 1, fps: 10, args }));
    const headers = mp4Boxes(bytes).filter((b) => b.type === 'ftyp' || b.type === 'moov');
    expect(headers.map((h) => h.type).sort()).toEqual(['ftyp', 'moov']);
    bases.set(name, { name, bytes, headers });
  }
});
afterAll(() => tmp.cleanup());

describe('damaged mp4 clips', () => {
  it.each(Object.keys(CLIPS))('%s undamaged imports cleanly', async (name) => {
    const r = await importDamaged(
      tmp.dir,
      bases.get(name)!,
      { base: name, kind: 'none', n: 0 },
      mediaTools(),
    );
    expect(r.outcome).toBe('imported');
  });

  it.each(fuzzCases(Object.keys(CLIPS), PER_KIND))('$base, $kind #$n', async (c) => {
    const { outcome } = await importDamaged(tmp.dir, bases.get(c.base)!, c, mediaTools());
    tally.add(c.base, outcome);
  });

  it('refused some damage of every clip and took some as clean', () => {
    for (const name of Object.keys(CLIPS)) {
      expect(tally.counts.get(name)?.refused, name).toBeGreaterThan(0);
      expect(tally.counts.get(name)?.imported, name).toBeGreaterThan(0);
    }
  });
});
