import {
  DECISION_TAGS,
  QUALITY_DECISIONS,
  StudioError,
  type DecisionState,
  type QualityDecision,
} from '../common/api';
import type { Workspace } from '../workspace/workspace';
import { nowIso } from '../workspace/ids';

const DECISION_TAG_SET = new Set(Object.values(DECISION_TAGS));

/**
 * Curators' decisions on episodes: keep, reject or needs review, with a note. A decision is the tag
 * training and exports already read (`kept`, `rejected`, `flagged`: the last two are left out by
 * default) plus a row with the note; every change is one audit row naming the user, written in the
 * same transaction as the change. Each write answers the states it replaced, so undo restores them.
 */
export class DecisionStore {
  constructor(private readonly ws: Workspace) {}

  state(episodeId: string): DecisionState {
    const exists = this.ws.db.prepare('SELECT 1 FROM episodes WHERE id = ?').get(episodeId);
    if (!exists) throw new StudioError('not_found', `no episode ${episodeId}`);
    const row = this.ws.db
      .prepare('SELECT decision, note FROM quality_decisions WHERE episode_id = ?')
      .get(episodeId) as { decision: QualityDecision; note: string } | undefined;
    return { episodeId, decision: row?.decision ?? null, note: row?.note ?? '', tags: this.tags(episodeId) };
  }

  decisions(episodeIds: readonly string[]): Map<string, { decision: QualityDecision; note: string }> {
    const get = this.ws.db.prepare('SELECT decision, note FROM quality_decisions WHERE episode_id = ?');
    const out = new Map<string, { decision: QualityDecision; note: string }>();
    for (const id of episodeIds) {
      const row = get.get(id) as { decision: QualityDecision; note: string } | undefined;
      if (row) out.set(id, row);
    }
    return out;
  }

  /** One decision on many episodes: its tag replaces the other decision tags. */
  decide(episodeIds: readonly string[], decision: QualityDecision, note: string): DecisionState[] {
    if (!QUALITY_DECISIONS.includes(decision))
      throw new StudioError('bad_input', `unknown decision ${decision}`);
    return this.write(
      episodeIds,
      (before) => ({
        episodeId: before.episodeId,
        decision,
        note,
        tags: [...before.tags.filter((t) => !DECISION_TAG_SET.has(t)), DECISION_TAGS[decision]],
      }),
      'quality.decide',
    );
  }

  /** Puts states back exactly (undo and redo). */
  restore(states: readonly DecisionState[]): DecisionState[] {
    const byId = new Map(states.map((s) => [s.episodeId, s]));
    return this.write(
      [...byId.keys()],
      (before) => ({ ...byId.get(before.episodeId)!, episodeId: before.episodeId }),
      'quality.restore',
    );
  }

  /** Adds and removes tags on many episodes; answers how many changed. */
  tag(episodeIds: readonly string[], add: readonly string[], remove: readonly string[]): number {
    const drop = new Set(remove);
    let changed = 0;
    this.ws.db
      .transaction(() => {
        for (const id of new Set(episodeIds)) {
          const before = this.state(id).tags;
          const after = [
            ...new Set([...before.filter((t) => !drop.has(t)), ...add.filter((t) => !drop.has(t))]),
          ].sort();
          if (after.join('\n') === before.join('\n')) continue;
          this.setTags(id, after);
          this.ws.audit.record({
            action: 'episode.tags',
            target: id,
            episodeId: id,
            detail: { before, after },
          });
          changed++;
        }
      })
      .immediate();
    return changed;
  }

  private write(
    episodeIds: readonly string[],
    next: (before: DecisionState) => DecisionState,
    action: string,
  ): DecisionState[] {
    const previous: DecisionState[] = [];
    this.ws.db
      .transaction(() => {
        for (const id of new Set(episodeIds)) {
          const before = this.state(id);
          const after = next(before);
          if (after.decision === null) {
            this.ws.db.prepare('DELETE FROM quality_decisions WHERE episode_id = ?').run(id);
          } else {
            this.ws.db
              .prepare(
                `INSERT INTO quality_decisions (episode_id, decision, note, decided_at) VALUES (?, ?, ?, ?)
                 ON CONFLICT (episode_id) DO UPDATE SET decision = excluded.decision, note = excluded.note,
                 decided_at = excluded.decided_at`,
              )
              .run(id, after.decision, after.note, nowIso());
          }
          this.setTags(id, after.tags);
          this.ws.audit.record({
            action,
            target: id,
            episodeId: id,
            detail: { before, after: this.state(id) },
          });
          previous.push(before);
        }
      })
      .immediate();
    return previous;
  }

  private tags(episodeId: string): string[] {
    return (
      this.ws.db.prepare('SELECT tag FROM tags WHERE episode_id = ? ORDER BY tag').all(episodeId) as {
        tag: string;
      }[]
    ).map((r) => r.tag);
  }

  private setTags(episodeId: string, tags: readonly string[]): void {
    this.ws.db.prepare('DELETE FROM tags WHERE episode_id = ?').run(episodeId);
    const insert = this.ws.db.prepare('INSERT INTO tags (episode_id, tag) VALUES (?, ?)');
    for (const t of new Set(tags)) insert.run(episodeId, t);
  }
}
