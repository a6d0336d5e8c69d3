import { useEffect, useRef, useState } from 'react';
import { videoRef as shownVideoRef, type MediaRef, type Stream } from '../../../src/common/api';
import { logFailure } from '../../state/notices';
import { useStudio } from '../../state/studioContext';
import type { EpisodePlayer } from './episodePlayer';

/**
 * One camera stream, held on the player's clock frame-accurately. `source`: which file to show
 * (default: the newest redacted copy, else the original).
 */
export function VideoPanel({
  stream,
  player,
  source,
}: {
  stream: Stream;
  player: EpisodePlayer;
  source?: MediaRef;
}) {
  const client = useStudio();
  const videoRef = useRef<HTMLVideoElement>(null);
  const stillRef = useRef<HTMLCanvasElement>(null);
  const [error, setError] = useState<string | null>(null);
  const url = client.mediaUrl(source ?? shownVideoRef(stream.blob));

  useEffect(
    () =>
      player.attachVideo(stream, videoRef.current!, (e, what) => setError(logFailure(e, what)), {
        canvas: stillRef.current!,
        url,
      }),
    [player, stream, url],
  );
  useEffect(() => coverVideo(videoRef.current!, stillRef.current!), []);

  return (
    <div className="panel video-panel" data-testid="video-panel" data-stream={stream.name}>
      <video
        ref={videoRef}
        src={url}
        muted
        playsInline
        preload="auto"
        data-testid="replay-video"
        onError={(e) => {
          logFailure(e.currentTarget.error, `load the video ${stream.name}`);
          setError('cannot play this video');
        }}
      />
      <canvas ref={stillRef} className="still" data-testid="replay-still" />
      <div className="panel-bar">
        <span>{stream.name}</span>
        {stream.video && (
          <span className="muted">
            {stream.video.width}×{stream.video.height} · {stream.video.fps.toFixed(2)} fps
          </span>
        )}
      </div>
      {error && <div className="panel-status">{error}</div>}
    </div>
  );
}

/** Keeps the still canvas exactly over the video element's box; the returned function stops. */
function coverVideo(video: HTMLVideoElement, canvas: HTMLCanvasElement): () => void {
  const place = () => {
    canvas.style.left = `${video.offsetLeft}px`;
    canvas.style.top = `${video.offsetTop}px`;
    canvas.style.width = `${video.offsetWidth}px`;
    canvas.style.height = `${video.offsetHeight}px`;
  };
  const observer = new ResizeObserver(place);
  observer.observe(video);
  place();
  return () => observer.disconnect();
}
