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
  const [error, setError] = useState<string | null>(null);

  useEffect(
    () => player.attachVideo(stream, videoRef.current!, (e, what) => setError(logFailure(e, what))),
    [player, stream],
  );

  return (
    <div className="panel video-panel" data-testid="video-panel" data-stream={stream.name}>
      <video
        ref={videoRef}
        src={client.mediaUrl(source ?? shownVideoRef(stream.blob))}
        muted
        playsInline
        preload="auto"
        data-testid="replay-video"
        onError={(e) => {
          logFailure(e.currentTarget.error, `load the video ${stream.name}`);
          setError('cannot play this video');
        }}
      />
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
