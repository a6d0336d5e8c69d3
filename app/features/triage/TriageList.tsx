import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import {
  blobRef,
  QUALITY_SIGNALS,
  type EpisodeQuality,
  type EpisodeSparkline,
} from '../../../src/common/api';
import { formatDuration } from '../../../src/common/format';
import { useStudio } from '../../state/studioContext';
import { describeGroup, groupFlags, type FlagGroup } from './flagGroups';
import { Sparkline } from './Sparkline';
import type { TriageModel, TriageSort } from './triageModel';
import { useTriage } from './useTriage';

const DECISION_LABEL = { keep: 'kept', reject: 'rejected', review: 'needs review' } as const;
/** Every row has this height (CSS `.triage-row.item`), so only the rows in view need to exist. */
const ROW_HEIGHT = 50;
/** Flag chips (one per kind) shown in a row; the rest are counted in a "+n" whose title lists them. */
const MAX_CHIPS = 4;

/**
 * Every episode of the dataset in the model's order: thumbnail, score, speed sparkline, duration,
 * flags (a chip per kind with its count, whose title lists the reasons; a click replays the first
 * span and the viewer steps through the others) and the decision. Rows
 * have one height and only those in view (and a few either side) are in the DOM, so thousands of
 * episodes scroll as smoothly as ten.
 */
export function TriageList(props: {
  model: TriageModel;
  sparklines: ReadonlyMap<string, EpisodeSparkline>;
  onFlag(episode: EpisodeQuality, group: FlagGroup): void;
}) {
  const { model, sparklines } = props;
  useTriage(model, 'rows', 'selection', 'pending');
  const client = useStudio();
  const body = useRef<HTMLDivElement>(null);
  const maxSpeed = Math.max(0, ...[...sparklines.values()].flatMap((s) => s.speed));
  const { by, descending } = model.sort;
  const rows = model.rows;
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => body.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (i) => rows[i]?.id ?? i,
    overscan: 10,
  });

  const cursorIndex = model.cursor ? rows.findIndex((r) => r.id === model.cursor) : -1;
  useEffect(() => {
    if (cursorIndex >= 0) virtualizer.scrollToIndex(cursorIndex, { align: 'auto' });
  }, [virtualizer, cursorIndex]);

  const header = (key: TriageSort, label: string, className: string) => (
    <button
      className={`th ${className}${by === key ? ' sorted' : ''}`}
      onClick={() => model.setSort(key)}
      data-testid={`sort-${key}`}
      title={`Sort by ${label.toLowerCase()} (again: reverse)`}
    >
      {label}
      {by === key ? (descending ? ' ▼' : ' ▲') : ''}
    </button>
  );

  return (
    <div
      className="triage-list"
      data-testid="triage-list"
      data-sort={by}
      data-descending={descending ? '1' : '0'}
    >
      <div className="triage-row head">
        <span className="head-gap" />
        {header('name', 'Episode', 'name')}
        {header('score', 'Score', 'score')}
        <span className="spark">Speed</span>
        {header('duration', 'Duration', 'duration')}
        <span className="flags">
          Flags{' '}
          <select
            value={QUALITY_SIGNALS.includes(by as never) ? by : ''}
            onChange={(e) => e.target.value && model.setSort(e.target.value as TriageSort)}
            aria-label="Sort by a signal"
            data-testid="sort-signal"
          >
            <option value="">sort by signal…</option>
            {QUALITY_SIGNALS.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </span>
        <span className="decision">Decision</span>
      </div>
      <div className="triage-body" ref={body} data-testid="triage-body" data-rows={rows.length}>
        <div className="triage-rows" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const e = rows[item.index]!;
            const spark = sparklines.get(e.id);
            const selected = model.selection.has(e.id);
            const groups = groupFlags(e.flags);
            const more = groups.slice(MAX_CHIPS);
            return (
              <div
                key={e.id}
                style={{ transform: `translateY(${item.start}px)` }}
                data-index={item.index}
                className={`triage-row item${selected ? ' selected' : ''}${model.cursor === e.id ? ' cursor' : ''}${e.decision ? ` ${e.decision}` : ''}`}
                data-testid="triage-row"
                data-id={e.id}
                data-selected={selected ? '1' : '0'}
                data-decision={e.decision ?? ''}
                data-score={e.score}
                onClick={(ev) => model.select(e.id, { range: ev.shiftKey, toggle: ev.ctrlKey || ev.metaKey })}
              >
                <span className="thumb">
                  {spark?.thumbnailBlob ? (
                    <img src={client.mediaUrl(blobRef(spark.thumbnailBlob))} alt="" loading="lazy" />
                  ) : (
                    <span className="thumb-placeholder">no video</span>
                  )}
                </span>
                <span className="name" title={e.name}>
                  {e.name}
                  {e.stale && e.signals.length > 0 && (
                    <span
                      className="chip stale"
                      title="Changed since its signals were computed: run quality again"
                    >
                      stale
                    </span>
                  )}
                </span>
                <span className="score" data-testid="row-score">
                  {e.signals.length > 0 ? e.score.toFixed(2) : '—'}
                </span>
                <span className="spark">
                  <Sparkline values={spark?.speed ?? []} max={maxSpeed} />
                </span>
                <span className="duration">{formatDuration(e.durationNs)}</span>
                <span className="flags">
                  {groups.slice(0, MAX_CHIPS).map((g) => (
                    <button
                      key={g.kind}
                      className={`chip flag ${g.kind}`}
                      title={describeGroup(g)}
                      data-testid="flag-chip"
                      data-kind={g.kind}
                      data-count={g.flags.length}
                      data-start-ns={g.flags[0]!.startNs}
                      data-end-ns={g.flags[0]!.endNs}
                      onClick={(ev) => {
                        ev.stopPropagation();
                        props.onFlag(e, g);
                      }}
                    >
                      {g.kind}
                      {g.flags.length > 1 && <span className="flag-count"> ×{g.flags.length}</span>}
                    </button>
                  ))}
                  {more.length > 0 && (
                    <span
                      className="more-flags"
                      title={more
                        .map((g) => `${g.kind} ×${g.flags.length}: ${g.flags[0]!.reason}`)
                        .join('\n')}
                    >
                      +{more.length}
                    </span>
                  )}
                </span>
                <span className="decision" data-testid="row-decision" title={e.note || undefined}>
                  {model.isPending(e.id) ? '…' : e.decision ? DECISION_LABEL[e.decision] : ''}
                  {e.note && <span className="note-mark"> ✎</span>}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
