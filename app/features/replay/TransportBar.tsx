import { useEffect, useRef, useState } from 'react';
import type { EpisodePlayer } from './episodePlayer';
import { usePlayer } from './usePlayer';

const RATES = [0.1, 0.25, 0.5, 1, 2, 4, 8];

/**
 * Play/pause, frame steps, speed, loop, the time readout (seconds and the frame index of the first
 * camera, else the first series) and the frames the cameras skipped while playing.
 */
export function TransportBar({ player, onToggleLoop }: { player: EpisodePlayer; onToggleLoop(): void }) {
  usePlayer(player, 'frameTimes', 'dropped');
  const { clock } = player;
  const frameTimes = player.stepTimes;
  const readout = useRef<HTMLSpanElement>(null);
  const [, setVersion] = useState(0);

  useEffect(() => {
    const show = () => {
      const el = readout.current;
      if (!el) return;
      const t = clock.timeNs;
      const frame = player.frameIndex();
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
  }, [player, clock, frameTimes]);

  const rate = clock.rate;
  return (
    <div className="transport" data-testid="transport">
      <button onClick={() => player.step(-1)} title="Previous frame (← or ,)">
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
      <button onClick={() => player.step(1)} title="Next frame (→ or .)">
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
      <button className={clock.loop ? 'on' : ''} onClick={onToggleLoop} title="Loop the selection (R)">
        Loop
      </button>
      <span className="readout" ref={readout} data-testid="time-readout" />
      <span
        className={player.droppedFrames > 0 ? 'chip' : 'muted'}
        data-testid="dropped-frames"
        data-count={player.droppedFrames}
        title="Frames the cameras skipped while playing because decoding fell behind; cameras, 3D and plots stay on one clock"
      >
        {player.droppedFrames} dropped
      </span>
    </div>
  );
}
