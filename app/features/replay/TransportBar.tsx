import { useEffect, useRef, useState } from 'react';
import type { PlaybackClock } from './clock';
import { frameAt } from './frames';

const RATES = [0.1, 0.25, 0.5, 1, 2, 4, 8];

/** Play/pause, frame steps, speed, loop and the time readout (seconds and frame index). */
export function TransportBar(props: {
  clock: PlaybackClock;
  /** Timestamps of the stream whose frame index is shown (the first camera, else the first series). */
  frameTimes: Float64Array | null;
  onStep(frames: number): void;
  onToggleLoop(): void;
}) {
  const { clock, frameTimes } = props;
  const readout = useRef<HTMLSpanElement>(null);
  const [, setVersion] = useState(0);

  useEffect(() => {
    const show = () => {
      const el = readout.current;
      if (!el) return;
      const t = clock.timeNs;
      const frame = frameTimes && frameTimes.length ? frameAt(frameTimes, t) : null;
      el.textContent =
        `${(t / 1e9).toFixed(3)} s / ${(clock.duration / 1e9).toFixed(3)} s` +
        (frame !== null ? ` · frame ${frame} / ${frameTimes!.length - 1}` : '');
      el.dataset.timeNs = String(t);
      if (frame !== null) el.dataset.frame = String(frame);
    };
    show();
    return clock.onDidChange((e) => {
      show();
      if (e.kind === 'state') setVersion((v) => v + 1);
    });
  }, [clock, frameTimes]);

  const rate = clock.rate;
  return (
    <div className="transport" data-testid="transport">
      <button onClick={() => props.onStep(-1)} title="Previous frame (← or ,)">
        ◀︎|
      </button>
      <button
        className="primary play"
        onClick={() => clock.toggle()}
        data-testid="play"
        data-playing={clock.playing ? '1' : '0'}
        title="Play/pause (space); J/K/L shuttle"
      >
        {clock.playing ? 'Pause' : 'Play'}
      </button>
      <button onClick={() => props.onStep(1)} title="Next frame (→ or .)">
        |▶︎
      </button>
      <select
        value={Math.abs(rate)}
        onChange={(e) => clock.setRate(Number(e.target.value) * Math.sign(rate || 1))}
        aria-label="Speed"
        data-testid="rate"
      >
        {RATES.includes(Math.abs(rate)) ? null : <option value={Math.abs(rate)}>{Math.abs(rate)}x</option>}
        {RATES.map((r) => (
          <option key={r} value={r}>
            {r}x
          </option>
        ))}
      </select>
      {rate < 0 && <span className="chip">reverse</span>}
      <button className={clock.loop ? 'on' : ''} onClick={props.onToggleLoop} title="Loop the selection (R)">
        Loop
      </button>
      <span className="readout" ref={readout} data-testid="time-readout" />
    </div>
  );
}
