import { useEffect, useRef, type PointerEvent as ReactPointerEvent } from 'react';
import { FRAME_CLASSES } from '../../../src/common/api';
import type { EpisodePlayer, Span } from '../replay/episodePlayer';
import { usePlayer } from '../replay/usePlayer';
import type { LabelSession } from './labelSession';
import { useSession } from './useSession';

/** Colours of labelled frames by class: demonstration, rollout (the policy acted; an accepted span), intervention, pre-intervention. */
export const CLASS_COLORS = ['#4c8dff', '#45b97c', '#f0a23a', '#b07cff'];
const UNLABELLED = '#2d3440';
const LANE_H = 16;

/**
 * The rollout's frames on one strip: the labelled frames coloured by class (unlabelled ones dark),
 * below them the policy's uncertainty per frame (brighter: more uncertain), the in/out span and the
 * playhead. Press or drag to seek.
 */
export function LabelTimeline({
  session,
  player,
  span,
}: {
  session: LabelSession;
  player: EpisodePlayer;
  span: Span | null;
}) {
  useSession(session, 'labels', 'uncertainty');
  usePlayer(player, 'marks');
  const canvas = useRef<HTMLCanvasElement>(null);
  const head = useRef<HTMLDivElement>(null);
  const { labels, scores, actionTimes } = session;
  const duration = Math.max(1, player.episode.durationNs);
  const pct = (t: number) => `${(100 * t) / duration}%`;

  useEffect(() => {
    const c = canvas.current!;
    const draw = () => {
      const w = Math.max(1, Math.round(c.clientWidth * devicePixelRatio));
      c.width = w;
      c.height = 2 * LANE_H * devicePixelRatio;
      const g = c.getContext('2d')!;
      const lane = LANE_H * devicePixelRatio;
      const x = (t: number) => (t / duration) * w;
      for (let f = 0; f < labels.frames; f++) {
        const x0 = x(actionTimes[f]!);
        const x1 = f + 1 < labels.frames ? x(actionTimes[f + 1]!) : w;
        g.fillStyle = labels.mask[f] ? CLASS_COLORS[labels.classes[f]!]! : UNLABELLED;
        g.fillRect(x0, 0, Math.max(1, x1 - x0), lane - 2);
        if (scores) {
          const s = scores[f] ?? 0;
          g.fillStyle = `rgba(239, 93, 93, ${0.06 + 0.94 * s ** 4})`;
          g.fillRect(x0, lane, Math.max(1, x1 - x0), lane - 2);
        }
      }
    };
    draw();
    const resize = new ResizeObserver(draw);
    resize.observe(c);
    return () => resize.disconnect();
  }, [labels, scores, actionTimes, duration]);

  useEffect(() => {
    const place = () => head.current && (head.current.style.left = pct(player.timeNs));
    place();
    return player.clock.onDidChange(place);
  });

  const seekAt = (e: { clientX: number }) => {
    const box = canvas.current!.getBoundingClientRect();
    player.seek(Math.min(1, Math.max(0, (e.clientX - box.left) / box.width)) * duration);
  };
  const press = (e: ReactPointerEvent<HTMLDivElement>) => {
    e.preventDefault();
    player.clock.pause();
    e.currentTarget.setPointerCapture?.(e.pointerId);
    seekAt(e);
  };
  const { inNs, outNs } = player.marks;
  const shown =
    span ?? (inNs !== null && outNs !== null && outNs > inNs ? { startNs: inNs, endNs: outNs } : null);
  const labelled = labels.mask.reduce((n, m) => n + m, 0);

  return (
    <div
      className="label-timeline"
      data-testid="label-timeline"
      data-labelled={labelled}
      data-frames={labels.frames}
      data-ranked={scores ? 'yes' : 'no'}
      onPointerDown={press}
      onPointerMove={(e) => e.buttons === 1 && seekAt(e)}
    >
      <div className="label-lanes">
        <span>labels</span>
        <span>uncertainty</span>
      </div>
      <div className="label-strip">
        <canvas ref={canvas} />
        {inNs !== null && <div className="io-mark in" style={{ left: pct(inNs) }} title="In (I)" />}
        {outNs !== null && <div className="io-mark out" style={{ left: pct(outNs) }} title="Out (O)" />}
        {shown && (
          <div
            className="label-span"
            data-testid="label-span"
            style={{ left: pct(shown.startNs), width: pct(shown.endNs - shown.startNs) }}
          />
        )}
        <div className="playhead" ref={head} />
      </div>
      <div className="label-legend">
        {FRAME_CLASSES.map((c, i) => (
          <span key={c}>
            <i style={{ background: CLASS_COLORS[i] }} /> {c === 'rollout' ? 'rollout (policy acted)' : c}
          </span>
        ))}
        <span>
          <i style={{ background: UNLABELLED }} /> unlabelled
        </span>
      </div>
    </div>
  );
}
