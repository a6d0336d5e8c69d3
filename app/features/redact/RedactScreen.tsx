import { useEffect, useMemo, useState } from 'react';
import { blobRef, type Episode, type Stream } from '../../../src/common/api';
import { useNotices } from '../../components/Toast';
import { episodeHref, LIBRARY_HREF } from '../../router';
import { useHistory } from '../../state/history';
import { useStudio } from '../../state/studioContext';
import { EpisodePlayer } from '../replay/episodePlayer';
import { TransportBar } from '../replay/TransportBar';
import { useOpenEpisode } from '../replay/useOpenEpisode';
import { VideoPanel } from '../replay/VideoPanel';
import type { CameraElements } from '../replay/videoElements';
import { AuditPanel } from './AuditPanel';
import { BoxOverlay } from './BoxOverlay';
import { RedactReview } from './redactReview';
import { ReviewBar } from './ReviewBar';
import { TrackList } from './TrackList';
import { TrackStrip } from './TrackStrip';
import { TrackThumbs } from './trackThumbs';
import { useRedactKeys } from './useRedactKeys';
import { useReview } from './useReview';
import '../replay/replay.css';
import './redact.css';

/** The privacy reviewer's screen of one episode: its first camera on the replay player, with the faces found. */
export function RedactScreen({ episodeId }: { episodeId: string }) {
  const opened = useOpenEpisode(episodeId);
  const episode = opened.data?.episode;
  const camera = episode?.streamDetails.find((s) => s.kind === 'video');
  if (episode && camera) return <Review key={episode.id} episode={episode} camera={camera} />;
  if (episode) return <Message text="This episode has no camera to review." id={episodeId} />;
  if (opened.error)
    return <Message text={`Cannot open this episode: ${opened.error.message}`} id={episodeId} />;
  return <div className="center-message">Opening episode…</div>;
}

function Message({ text, id }: { text: string; id: string }) {
  return (
    <div className="center-message" data-testid="redact-error">
      <p>{text}</p>
      <a href={episodeHref(id)}>Replay</a> · <a href={LIBRARY_HREF}>Library</a>
    </div>
  );
}

function Review({ episode, camera }: { episode: Episode; camera: Stream }) {
  const client = useStudio();
  const notices = useNotices();
  const history = useHistory();
  const player = useMemo(
    () =>
      new EpisodePlayer(episode, {
        mediaUrl: (ref) => client.mediaUrl(ref),
        onError: (e, w) => notices.error(e, w),
      }),
    [client, episode],
  );
  const review = useMemo(
    () => new RedactReview(client, player, camera, history.stack, (e, w) => notices.error(e, w)),
    [client, player, camera, history],
  );
  const thumbs = useMemo(() => new TrackThumbs(review), [review]);
  useEffect(() => {
    void review.open().catch((e: unknown) => notices.error(e, 'open the review'));
    return () => player.dispose();
  }, [player, review]);
  useRedactKeys(review, history.stack, (e, w) => notices.error(e, w));
  const [stage, setStage] = useState<HTMLDivElement | null>(null);
  const cameraElements = useCameraElements(player, camera.name);
  const video = cameraElements?.video ?? null;
  useReview(review, 'mode', 'tracks');
  // The reviewer sees the original; the redacted copy, once rendered, on request.
  const copy = review.video?.version?.blob ?? null;
  const [showCopy, setShowCopy] = useState(false);
  const shown = showCopy && copy ? copy : camera.blob;
  useEffect(
    () => (cameraElements && !showCopy ? thumbs.watch(cameraElements) : undefined),
    [thumbs, cameraElements, showCopy],
  );

  return (
    <div className="replay redact" data-testid="redact">
      <header className="topbar">
        <a className="back" href={episodeHref(episode.id)} data-testid="back-to-replay">
          ← Replay
        </a>
        <div className="brand">
          Review faces · {episode.name} <span className="workspace">{episode.dataset}</span>
        </div>
        <AuditPanel episodeId={episode.id} />
      </header>
      <div className="redact-main">
        <div className="redact-stage" ref={setStage}>
          <VideoPanel key={shown} stream={camera} player={player} source={blobRef(shown)} />
          <BoxOverlay review={review} video={video} stage={stage} />
        </div>
        <aside className="redact-side">
          <div className="redact-tools">
            <button
              className={review.drawing ? 'on' : ''}
              data-testid="draw-box"
              onClick={() => review.setDrawing(!review.drawing)}
              title="Draw a box for a face the search missed (D)"
            >
              Draw box
            </button>
            <button
              data-testid="next-unreviewed"
              onClick={() => review.nextUnreviewed()}
              title="Next unreviewed frame (N)"
            >
              Next unreviewed
            </button>
            <button
              className={showCopy ? 'on' : ''}
              data-testid="show-copy"
              disabled={!copy}
              onClick={() => setShowCopy(!showCopy)}
              title={showCopy ? 'Show the original' : 'Show the rendered redacted copy'}
            >
              {showCopy ? 'Original' : 'Copy'}
            </button>
          </div>
          <TrackList review={review} thumbs={thumbs} />
          <p className="hint">
            Tab/Shift+Tab track · A approve · R reject · N next unreviewed · drag a box to move it, its corner
            to resize · D draw · Delete a drawn box · I/O marks, W whole frames · Ctrl+Z undo
          </p>
        </aside>
      </div>
      <div className="replay-controls">
        <TransportBar player={player} onToggleLoop={() => player.toggleLoop(null)} />
        <TrackStrip review={review} />
        <ReviewBar review={review} />
      </div>
    </div>
  );
}

/** The player's elements of a camera (video, still canvas), once its panel has mounted. */
function useCameraElements(player: EpisodePlayer, name: string): CameraElements | null {
  const [elements, setElements] = useState<CameraElements | null>(() => player.videos.camera(name));
  useEffect(() => {
    setElements(player.videos.camera(name));
    return player.videos.onDidChange(() => setElements(player.videos.camera(name)));
  }, [player, name]);
  return elements;
}
