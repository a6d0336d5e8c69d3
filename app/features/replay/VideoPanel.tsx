import { useEffect, useRef, useState } from 'react';
import { blobRef, videoRef as shownVideoRef, type Stream } from '../../../src/common/api';
import { logFailure } from '../../state/notices';
import { useStudio } from '../../state/studioContext';
import type { PlaybackClock } from './clock';
import { parseTimestamps } from './frames';
import type { VideoElements } from './videoElements';
import { VideoSync } from './videoSync';

/** One camera stream, held on the clock frame-accurately by a VideoSync. */
export function VideoPanel(props: { stream: Stream; clock: PlaybackClock; videos?: VideoElements }) {
  const { stream, clock, videos } = props;
  const client = useStudio();
  const videoRef = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);
  // A part of a recording plays a window of the original file, starting here.
  const offsetNs = stream.video?.offsetNs ?? 0;

  useEffect(() => videos?.add(stream.name, videoRef.current!), [videos, stream.name]);

  useEffect(() => {
    let sync: VideoSync | null = null;
    let cancelled = false;
    fetch(client.mediaUrl(blobRef(stream.timestampsBlob)), { credentials: 'same-origin' })
      .then((r) => {
        if (!r.ok) throw new Error(`timestamps: HTTP ${r.status}`);
        return r.arrayBuffer();
      })
      .then((buf) => {
        if (cancelled || !videoRef.current) return;
        sync = new VideoSync(videoRef.current, parseTimestamps(buf), clock, offsetNs, (e) =>
          setError(logFailure(e, `play ${stream.name}`)),
        );
      })
      .catch((e: unknown) => !cancelled && setError(logFailure(e, `open ${stream.name}`)));
    return () => {
      cancelled = true;
      sync?.dispose();
    };
  }, [client, stream.timestampsBlob, clock, offsetNs]);

  return (
    <div className="panel video-panel" data-testid="video-panel" data-stream={stream.name}>
      <video
        ref={videoRef}
        src={client.mediaUrl(shownVideoRef(stream.blob))}
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
