import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StudioError } from '../../src/common/api';
import type { EpisodeParts } from '../../src/episodes/parts';
import { loadStreams, windowStreams } from '../../src/episodes/partStreams';
import { EpisodeRecords } from '../../src/episodes/records';
import { writeParts } from '../../src/episodes/writeParts';
import type { Workspace } from '../../src/workspace/workspace';
import type { tempDir } from '../helpers/workspace';
import { inventory } from '../helpers/workspace';
import { catalogOf, openRecording, sec, writeRecording, type RecordingWorkspace } from './episodeFixture';

let tmp: ReturnType<typeof tempDir>;
let ws: Workspace;
let parts: EpisodeParts;
let origin: string;

let opened: RecordingWorkspace;
beforeEach(async () => {
  opened = await openRecording();
  ({ tmp, ws, parts, origin } = opened);
});
afterEach(() => opened.close());

/** Rows, blobs and audit entries: a refused edit changes none of them. */
function state() {
  const count = (sql: string) => (ws.db.prepare(sql).get() as { n: number }).n;
  return {
    ...inventory(ws),
    hidden: count('SELECT COUNT(*) AS n FROM episodes WHERE hidden_at IS NOT NULL'),
    segments: count('SELECT COUNT(*) AS n FROM segments'),
    audit: count('SELECT COUNT(*) AS n FROM audit'),
  };
}

async function refused(action: () => Promise<unknown> | unknown, code: string, message: RegExp) {
  const before = state();
  let error: unknown;
  try {
    await action();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(StudioError);
  expect((error as StudioError).code).toBe(code);
  expect((error as StudioError).message).toMatch(message);
  expect(state()).toEqual(before);
}

describe('a split is refused, writing nothing', () => {
  it('for cuts at or outside the episode, or named twice', async () => {
    for (const cut of [0, sec(4), sec(5), -1]) {
      await refused(
        () => parts.split(origin, [cut]),
        'bad_input',
        /episode "pick" \(ep_\w+\): a cut at .* is not inside the episode \(0 to 4\.000 s/,
      );
    }
    await refused(
      () => parts.split(origin, [sec(1), sec(1)]),
      'bad_input',
      /the cut at 1\.000 s is named twice/,
    );
  });

  it('for a part that would have no frame of a stream', async () => {
    // The camera has frames at 1.2 s and 1.3 s: nothing in between.
    await refused(
      () => parts.split(origin, [sec(1.21), sec(1.29)]),
      'bad_input',
      /episode "pick" .*the part pick 1\.21–1\.29 s would have no frame of stream "observation\.images\.top"/,
    );
  });

  it('for an unknown or hidden episode', async () => {
    await refused(() => parts.split('ep_nope', [sec(1)]), 'not_found', /no episode ep_nope/);
    await parts.split(origin, [sec(2)]);
    await refused(
      () => parts.split(origin, [sec(1)]),
      'conflict',
      /episode "pick" \(ep_\w+\) is hidden: a split or merge replaced it/,
    );
  });
});

describe('a merge is refused, writing nothing', () => {
  it('for parts that are not adjacent, hidden or unknown', async () => {
    const [a, , c] = (await parts.split(origin, [sec(1), sec(2)])).created;
    await refused(
      () => parts.merge([a!.id, c!.id]),
      'bad_input',
      /only adjacent parts can be merged: 1\.000 s of the recording lie between "pick 0\.00–1\.00 s" and "pick 2\.00–4\.00 s"/,
    );
    await refused(() => parts.merge([a!.id, 'ep_nope']), 'not_found', /no episode ep_nope/);
    await refused(() => parts.merge([a!.id, origin]), 'conflict', /episode "pick" .* is hidden/);
    await refused(() => parts.merge([a!.id, a!.id]), 'bad_input', /named twice/);
  });

  it('for recordings that are not parts of one recording', async () => {
    const other = await writeRecording(ws, tmp.dir, 'place', 'arm');
    await refused(
      () => parts.merge([origin, other]),
      'bad_input',
      /only parts of one recording can be merged: "pick" .* is a whole recording/,
    );
    const [a] = (await parts.split(origin, [sec(2)])).created;
    const [, d] = (await parts.split(other, [sec(2)])).created;
    await refused(
      () => parts.merge([a!.id, d!.id]),
      'bad_input',
      /only parts of one recording can be merged: "pick 0\.00–2\.00 s" and "place 2\.00–4\.00 s" are parts of different recordings/,
    );
    // The original shown again next to its parts is still not one of them.
    parts.setHidden([origin], []);
    await refused(
      () => parts.merge([origin, a!.id]),
      'bad_input',
      /"pick" .* is a whole recording, not a part/,
    );
  });

  it('for parts in different datasets', async () => {
    const other = await writeRecording(ws, tmp.dir, 'place', 'other-arm');
    const [a] = (await parts.split(origin, [sec(2)])).created;
    const [, d] = (await parts.split(other, [sec(2)])).created;
    await refused(
      () => parts.merge([a!.id, d!.id]),
      'bad_input',
      /"pick 0\.00–2\.00 s" and "place 2\.00–4\.00 s" belong to different datasets/,
    );
  });
});

describe('show and hide', () => {
  it('refuses an unknown id or one episode both shown and hidden, changing nothing', async () => {
    await refused(() => parts.setHidden([origin], ['ep_nope']), 'not_found', /no episode ep_nope/);
    await refused(
      () => parts.setHidden([origin], [origin]),
      'bad_input',
      /cannot be shown and hidden at once/,
    );
  });

  it('refuses to hide an episode of another recording along with a split’s parts', async () => {
    const other = await writeRecording(ws, tmp.dir, 'place', 'arm');
    const { created } = await parts.split(origin, [sec(2)]);
    await refused(
      () => parts.setHidden([origin], [...created.map((c) => c.id), other]),
      'bad_input',
      /only episodes of one recording/,
    );
  });
});

it('a write that finds its episode replaced meanwhile leaves no rows and no new blobs', async () => {
  const records = new EpisodeRecords(ws.db);
  const root = records.get(origin);
  const streams = await loadStreams(ws, catalogOf(ws).getEpisode(origin).streamDetails);
  const window = { startNs: sec(1), endNs: sec(2) };
  const plan = {
    window,
    streams: windowStreams(streams, window, () => 'the part'),
    segments: [],
    trim: null,
    tags: [],
    metadata: {},
    groundTruth: null,
    from: root,
  };
  // Another process hid the episode after this one read it.
  parts.setHidden([], [origin]);
  await refused(
    () => writeParts(ws, root, [root], [plan], { action: 'episode.split', target: origin, detail: {} }),
    'conflict',
    /episode "pick" .* was split or merged meanwhile/,
  );
  expect([...ws.blobs.listHashes()].length).toBe(inventory(ws).blobRows);
});
