import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { blobRef, type EpisodeSummary } from '../../../src/common/api';
import { formatDuration } from '../../../src/common/format';
import { useStudio } from '../../state/studioContext';
import { openEpisode } from '../../router';

interface Pages {
  total: number | null;
  at(index: number): EpisodeSummary | undefined;
  ensure(index: number): void;
}

const ROW_HEIGHT = 76;

/** Only the rows on screen exist in the DOM; their pages are fetched as they scroll into view. */
export function EpisodeList(props: {
  pages: Pages;
  selected: number | null;
  /** Ids of every selected episode (several for Merge). */
  marked: ReadonlySet<string>;
  onSelect(index: number, how: { range: boolean; toggle: boolean }): void;
  onOpenImport(): void;
}) {
  const { pages, selected, marked, onSelect } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const count = pages.total ?? 0;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();

  useEffect(() => {
    for (const item of items) pages.ensure(item.index);
  }, [items, pages]);
  useEffect(() => {
    if (selected !== null) virtualizer.scrollToIndex(selected, { align: 'auto' });
  }, [selected, virtualizer]);

  if (pages.total === 0) {
    return (
      <div className="empty" data-testid="empty-library">
        <p>No episodes here yet.</p>
        <p>
          Drop videos (mp4, mov, webm, mkv) with optional teleop logs (CSV or JSONL with a timestamp column)
          anywhere on this window, or <button onClick={props.onOpenImport}>import from a folder</button>.
        </p>
      </div>
    );
  }
  return (
    <div className="episode-scroll" ref={scrollRef} data-testid="episode-list" tabIndex={0}>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => (
          <Row
            key={item.key}
            index={item.index}
            top={item.start}
            episode={pages.at(item.index)}
            selected={marked.has(pages.at(item.index)?.id ?? '')}
            focused={selected === item.index}
            onSelect={onSelect}
          />
        ))}
      </div>
    </div>
  );
}

function Row(props: {
  index: number;
  top: number;
  episode: EpisodeSummary | undefined;
  selected: boolean;
  focused: boolean;
  onSelect(index: number, how: { range: boolean; toggle: boolean }): void;
}) {
  const client = useStudio();
  const e = props.episode;
  return (
    <div
      className={`episode-row${props.selected ? ' selected' : ''}${props.focused ? ' focused' : ''}`}
      style={{ transform: `translateY(${props.top}px)`, height: ROW_HEIGHT }}
      onClick={(ev) => props.onSelect(props.index, { range: ev.shiftKey, toggle: ev.ctrlKey || ev.metaKey })}
      onDoubleClick={() => e && openEpisode(e.id)}
      title={e ? 'Double-click or Enter to replay; Shift+click or Ctrl+click to select several' : undefined}
      data-testid="episode-row"
      data-episode-id={e?.id}
      aria-selected={props.selected}
      role="row"
    >
      <div className="thumb">
        {e?.thumbnailBlob ? (
          <img
            src={client.mediaUrl(blobRef(e.thumbnailBlob))}
            alt=""
            loading="lazy"
            data-testid="episode-thumbnail"
          />
        ) : (
          <div className="thumb-placeholder">
            {e ? (e.streams.some((s) => s.kind === 'video') ? '' : 'series') : ''}
          </div>
        )}
      </div>
      {e ? (
        <div className="row-text">
          <div className="row-title">
            <span className="name">{e.name}</span>
            <span className="dataset">{e.dataset}</span>
          </div>
          <div className="row-meta">
            <span className="duration">{formatDuration(e.durationNs)}</span>
            {e.media === 'damaged' && (
              <span
                className="chip damaged"
                title="Some video frames do not decode (found by the verify job): see the episode's details"
                data-testid="damaged-badge"
              >
                damaged video
              </span>
            )}
            {e.streams.map((s) => (
              <span key={s.name} className={`chip stream ${s.kind}`} title={`${s.frames} frames`}>
                {s.name} · {s.frames}
              </span>
            ))}
          </div>
          <div className="row-tags">
            {e.tags.map((t) => (
              <span key={t} className="chip tag">
                {t}
              </span>
            ))}
          </div>
        </div>
      ) : (
        <div className="row-text loading">…</div>
      )}
    </div>
  );
}
