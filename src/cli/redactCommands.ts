import { auditCsv } from '../common/redactAuditCsv';
import { printJson } from './outputs';
import { say } from './output';
import { withSession, type CliSession } from './session';

export interface RedactOptions {
  episodeId?: string;
  threshold?: number;
  again: boolean;
  all: boolean;
  approveAll: boolean;
  mode: 'pixelate' | 'blur';
  keepAudio: boolean;
  csv: boolean;
  json: boolean;
}

/** Every visible episode's id, a page at a time. */
async function allEpisodes(s: CliSession): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await s.call('listEpisodes', { offset, limit: 1000 });
    ids.push(...page.items.map((e) => e.id));
    if (page.items.length < 1000) return ids;
  }
}

/** The boxes a render would hide (tracks not rejected), per episode and track. */
async function boxesOf(s: CliSession, ids: readonly string[]) {
  const episodes = [];
  for (const id of ids) {
    const r = await s.call('episodeRedaction', { episodeId: id, boxes: true });
    const tracks = r.videos.flatMap((v) =>
      v.tracks
        .filter((t) => t.decision !== 'rejected')
        .map((t) => ({ id: t.id, stream: v.stream, decision: t.decision, boxes: t.boxes })),
    );
    episodes.push({ id, status: r.status, tracks });
  }
  return episodes;
}

/** `mimic redact detect <ws> [--episode ID] [--threshold T] [--again]`: finds and tracks faces. */
async function detect(s: CliSession, o: RedactOptions): Promise<number> {
  const request = {
    again: o.again,
    ...(o.episodeId ? { episodeIds: [o.episodeId] } : {}),
    ...(o.threshold === undefined ? {} : { threshold: o.threshold }),
  };
  const { jobId } = await s.call('detectFaces', request);
  const done = await s.follow(jobId, o.json);
  if (done.state !== 'succeeded') {
    say(`mimic redact detect: ${done.state}${done.error ? `: ${done.error}` : ''}`);
    return 1;
  }
  const result = s.result('detect-faces', done);
  const ids = o.episodeId ? [o.episodeId] : await allEpisodes(s);
  const episodes = await boxesOf(s, ids);
  if (o.json) printJson('redact-detect', { episodes });
  else {
    for (const v of result.videos)
      say(`${v.stream} (${v.episodeIds.join(', ')}): ${v.tracks} track(s) in ${v.frames} frames`);
    for (const e of episodes) say(`${e.id}: ${e.tracks.length} track(s), ${e.status}`);
  }
  return 0;
}

async function status(s: CliSession, o: RedactOptions): Promise<number> {
  const ids = o.episodeId ? [o.episodeId] : await allEpisodes(s);
  const episodes = await s.call('redactionStatuses', { episodeIds: ids });
  if (o.json) printJson('redact-status', { episodes });
  else
    for (const e of episodes)
      say(`${e.id}: ${e.status}${e.pendingTracks ? `, ${e.pendingTracks} track(s) pending` : ''}`);
  return 0;
}

/** Approves the review (with --approve-all, every pending track first), then renders. */
async function render(s: CliSession, episodeId: string, o: RedactOptions): Promise<number> {
  const state = await s.call('episodeRedaction', { episodeId, boxes: false });
  if (state.status !== 'approved' || o.approveAll) {
    const approved = await s.call('approveRedaction', { episodeId, approveAll: o.approveAll });
    if (!o.json && approved.approvedTracks) say(`approved ${approved.approvedTracks} pending track(s)`);
  }
  const { jobId } = await s.call('renderRedacted', { episodeId, mode: o.mode, keepAudio: o.keepAudio });
  const done = await s.follow(jobId, o.json);
  if (done.state !== 'succeeded') {
    say(`mimic redact render: ${done.state}${done.error ? `: ${done.error}` : ''}`);
    return 1;
  }
  const result = s.result('redact-render', done);
  if (o.json) printJson('redact-render', result);
  else for (const v of result.versions) say(`${v.stream}: redacted copy ${v.blob}`);
  return 0;
}

async function audit(s: CliSession, o: RedactOptions): Promise<number> {
  const { entries } = await s.call('redactionAudit', o.episodeId ? { episodeId: o.episodeId } : {});
  if (o.json) printJson('redact-audit', { entries });
  else if (o.csv) process.stdout.write(auditCsv(entries));
  else for (const e of entries) say(`${e.at} ${e.actor} ${e.action} ${e.target}`);
  return 0;
}

export const REDACT_SUBCOMMANDS = ['detect', 'status', 'approve', 'render', 'audit'] as const;
export type RedactSubcommand = (typeof REDACT_SUBCOMMANDS)[number];

/** `mimic redact detect|status|approve|render|audit <ws> …` */
export function redactCommand(sub: RedactSubcommand, dir: string, o: RedactOptions): Promise<number> {
  return withSession(dir, async (s) => {
    switch (sub) {
      case 'detect':
        return detect(s, o);
      case 'status':
        return status(s, o);
      case 'approve': {
        const r = await s.call('approveRedaction', { episodeId: o.episodeId!, approveAll: o.all });
        if (o.json) printJson('redact-approve', r);
        else say(`${o.episodeId}: ${r.status}`);
        return 0;
      }
      case 'render':
        return render(s, o.episodeId!, o);
      case 'audit':
        return audit(s, o);
    }
  });
}
