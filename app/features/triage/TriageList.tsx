import { useEffect, useRef } from 'react';
import {
  blobRef,
  QUALITY_SIGNALS,
  type EpisodeQuality,
  type EpisodeSparkline,
  type QualityFlag,
} from '../../../src/common/api';
import { formatDuration } from '../../../src/common/format';
import { useStudio } from '../../state/studioContext';
import { Sparkline } from './Sparkline';
import type { TriageModel, TriageSort } from './triageModel';
import { useTriage } from './useTriage';

const DECISION_LABEL = { keep: 'kept', reject: 'rejected', review: 'needs review' } as const;

/**
 * Every episode of the dataset in the model's order: thumbnail, score, speed sparkline, duration,
 * flags (each a chip whose title is its reason; a click replays its span) and the decision.
 */
export function TriageList(props: {
  model: TriageModel;
  sparklines: ReadonlyMap<string, EpisodeSparkline>;
  onFlag(episode: EpisodeQuality, flag: QualityFlag): void;
}) {
  const { model, sparklines } = props;
  useTriage(model, 'rows', 'selection', 'pending');
  const client = useStudio();
  const body = useRef<HTMLDivElement>(null);
  const maxSpeed = Math.max(0, ...[...sparklines.values()].flatMap((s) => s.speed));
  const { by, descending } = model.sort;

  useEffect(() => {
    const id = model.cursor;
    if (!id) return;
    body.current?.querySelector(`[data-id="${CSS.escape(id)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [model, model.cursor]);

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
      <div className="triage-body" ref={body}>
        {model.rows.map((e) => {
          const spark = sparklines.get(e.id);
          const selected = model.selection.has(e.id);
          return (
            <div
              key={e.id}
              className={`triage-row${selected ? ' selected' : ''}${model.cursor === e.id ? ' cursor' : ''}${e.decision ? ` ${e.decision}` : ''}`}
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
                {e.stale && (
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
                {e.flags.map((f, i) => (
                  <button
                    key={i}
                    className={`chip flag ${f.kind}`}
                    title={`${f.reason} (${(f.startNs / 1e9).toFixed(2)}–${(f.endNs / 1e9).toFixed(2)} s): click to replay`}
                    data-testid="flag-chip"
                    data-kind={f.kind}
                    onClick={(ev) => {
                      ev.stopPropagation();
                      props.onFlag(e, f);
                    }}
                  >
                    {f.kind}
                  </button>
                ))}
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
  );
}
