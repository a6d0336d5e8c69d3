import { useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { Rect } from './redactEdits';
import type { RedactReview } from './redactReview';
import { useReview, useReviewFrame } from './useReview';

type Drag = {
  trackId: string | null;
  mode: 'move' | 'resize' | 'draw';
  x0: number;
  y0: number;
  from: Rect;
  rect: Rect;
};

/** Where the camera element lies in the stage, so the overlay covers exactly the video. */
function useElementBox(video: HTMLVideoElement | null, stage: HTMLElement | null) {
  const [box, setBox] = useState({ left: 0, top: 0, width: 0, height: 0 });
  useEffect(() => {
    if (!video || !stage) return;
    const measure = () => {
      const v = video.getBoundingClientRect();
      const s = stage.getBoundingClientRect();
      setBox({ left: v.left - s.left, top: v.top - s.top, width: v.width, height: v.height });
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(video);
    observer.observe(stage);
    return () => observer.disconnect();
  }, [video, stage]);
  return box;
}

/**
 * The boxes of the frame at the clock over the camera, in the video's pixels (the SVG's viewBox is
 * the source size and scales like the video's `object-fit: contain`). Colour by decision; the
 * selected track's box can be dragged (move) or resized from its corner, which writes a keyframe at
 * this frame; in draw mode a drag on the picture adds a box for a missed face.
 */
export function BoxOverlay(props: {
  review: RedactReview;
  video: HTMLVideoElement | null;
  stage: HTMLElement | null;
}) {
  const { review } = props;
  useReview(review, 'tracks', 'selection', 'mode');
  const frame = useReviewFrame(review);
  const place = useElementBox(props.video, props.stage);
  const svg = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<Drag | null>(null);
  const W = review.camera.video?.width ?? 1;
  const H = review.camera.video?.height ?? 1;

  const toVideo = (e: ReactPointerEvent) => {
    const m = svg.current!.getScreenCTM()!.inverse();
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(m);
    return { x: p.x, y: p.y };
  };
  const start = (e: ReactPointerEvent, mode: Drag['mode'], trackId: string | null, from: Rect) => {
    if (e.button !== 0 || frame === null) return;
    e.stopPropagation();
    e.preventDefault();
    svg.current!.setPointerCapture(e.pointerId);
    const { x, y } = toVideo(e);
    if (trackId) review.select(trackId);
    setDrag({ trackId, mode, x0: x, y0: y, from, rect: mode === 'draw' ? { x, y, w: 0, h: 0 } : from });
  };
  const move = (e: ReactPointerEvent) => {
    if (!drag) return;
    const { x, y } = toVideo(e);
    const dx = x - drag.x0;
    const dy = y - drag.y0;
    const f = drag.from;
    const rect =
      drag.mode === 'move'
        ? { ...f, x: f.x + dx, y: f.y + dy }
        : drag.mode === 'resize'
          ? { ...f, w: Math.max(4, f.w + dx), h: Math.max(4, f.h + dy) }
          : { x: Math.min(x, drag.x0), y: Math.min(y, drag.y0), w: Math.abs(dx), h: Math.abs(dy) };
    setDrag({ ...drag, rect });
  };
  const end = () => {
    if (!drag || frame === null) return setDrag(null);
    const { rect, trackId, mode } = drag;
    setDrag(null);
    const moved =
      Math.abs(rect.x - drag.from.x) +
      Math.abs(rect.y - drag.from.y) +
      Math.abs(rect.w - drag.from.w) +
      Math.abs(rect.h - drag.from.h);
    if (mode === 'draw' && rect.w >= 4 && rect.h >= 4) void review.drawBox(frame, rect);
    else if (mode !== 'draw' && trackId && moved >= 1) void review.moveBox(trackId, frame, rect);
  };

  const boxes = frame === null ? [] : review.boxesAt(frame);
  const whole = frame !== null && review.spanAt(frame);
  return (
    <svg
      ref={svg}
      className={`box-overlay${review.drawing ? ' drawing' : ''}`}
      style={place}
      viewBox={`0 0 ${W} ${H}`}
      preserveAspectRatio="xMidYMid meet"
      data-testid="box-overlay"
      data-frame={frame ?? ''}
      onPointerDown={(e) => review.drawing && start(e, 'draw', null, { x: 0, y: 0, w: 0, h: 0 })}
      onPointerMove={move}
      onPointerUp={end}
      onPointerCancel={() => setDrag(null)}
    >
      {whole && (
        <rect
          className="whole-frame"
          x={0}
          y={0}
          width={W}
          height={H}
          vectorEffect="non-scaling-stroke"
          data-testid="whole-frame"
        >
          <title>Redacted whole</title>
        </rect>
      )}
      {boxes.map(({ track, box }) => {
        const selected = track.id === review.selectedId;
        const r = drag && drag.trackId === track.id ? drag.rect : box;
        const handle = Math.max(6, W / 60);
        return (
          <g key={track.id} className={`face-box ${track.decision}${selected ? ' selected' : ''}`}>
            <rect
              x={r.x}
              y={r.y}
              width={r.w}
              height={r.h}
              vectorEffect="non-scaling-stroke"
              data-testid="redact-box"
              data-track-id={track.id}
              data-decision={track.decision}
              data-box={`${box.x},${box.y},${box.w},${box.h}`}
              onPointerDown={(e) => start(e, 'move', track.id, box)}
            />
            {selected && (
              <rect
                className="handle"
                x={r.x + r.w - handle / 2}
                y={r.y + r.h - handle / 2}
                width={handle}
                height={handle}
                data-testid="resize-handle"
                onPointerDown={(e) => start(e, 'resize', track.id, box)}
              />
            )}
          </g>
        );
      })}
      {drag?.mode === 'draw' && (
        <rect
          className="drawn"
          x={drag.rect.x}
          y={drag.rect.y}
          width={drag.rect.w}
          height={drag.rect.h}
          vectorEffect="non-scaling-stroke"
        />
      )}
    </svg>
  );
}
