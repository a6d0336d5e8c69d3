import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import type { Episode } from '../../../src/common/api';
import { TagEditor } from '../../components/TagEditor';
import { useNotices } from '../../components/Toast';
import { callKey, useCall } from '../../data';
import { LIBRARY_HREF, redactHref } from '../../router';
import { useHistory } from '../../state/history';
import { useStudio } from '../../state/studioContext';
import { RigDialog } from '../rig/RigDialog';
import { rigEdit } from '../rig/rigEdit';
import { EpisodePlayer } from './episodePlayer';
import { LayoutToggles } from './LayoutToggles';
import { replayCommands } from './replayCommands';
import { ReplayStage } from './ReplayStage';
import { SegmentControls } from './SegmentControls';
import { TransportBar } from './TransportBar';
import { useReplayKeys } from './useReplayKeys';
import { useSegments } from './useSegments';
import { useSplitEpisode } from './useSplitEpisode';
import { OPENED_STALE_TIME, useOpenEpisode } from './useOpenEpisode';
import './replay.css';

/** The replay screen of one episode: cameras, 3D and plots on one clock, and its segments. */
export function ReplayScreen({ episodeId, atNs }: { episodeId: string; atNs: number | null }) {
  const opened = useOpenEpisode(episodeId);
  const episode = useCall(
    'getEpisode',
    { id: episodeId },
    { inline: true, enabled: opened.isSuccess, staleTime: OPENED_STALE_TIME },
  );
  if (opened.data && episode.data)
    return <Replay key={episode.data.id} live={episode.data} startNs={atNs} stale={episode.error} />;
  const error = opened.error ?? episode.error;
  if (!error) return <div className="center-message">Opening episode…</div>;
  return (
    <div className="center-message" data-testid="replay-error">
      <p>Cannot open this episode: {error.message}</p>
      <a href={LIBRARY_HREF}>Back to the library</a>
    </div>
  );
}

/** `stale`: reading the episode again failed; what is shown is the episode as last read. */
function Replay({ live, startNs, stale }: { live: Episode; startNs: number | null; stale: Error | null }) {
  const client = useStudio();
  const notices = useNotices();
  const history = useHistory();
  const queries = useQueryClient();
  // Playback keeps the episode as opened while only its tags or visibility change on a refetch
  // (a refetch keeps unchanged parts, such as the streams, as they were). The start time counts
  // when the episode opens, not when the address changes later.
  const player = useMemo(
    () =>
      new EpisodePlayer(
        live,
        { mediaUrl: (ref) => client.mediaUrl(ref), onError: (e, what) => notices.error(e, what) },
        startNs,
      ),
    [client, live.id, live.durationNs, live.streamDetails],
  );
  useEffect(() => () => player.dispose(), [player]);
  const rig = useCall('getRig', { episodeId: live.id }, { staleTime: OPENED_STALE_TIME }).data ?? null;
  useEffect(() => player.setRig(rig), [player, rig]);
  const [rigOpen, setRigOpen] = useState(false);
  const seg = useSegments(live.id);
  const splitEpisode = useSplitEpisode(live, player);
  useReplayKeys(replayCommands(player, seg, live.hidden ? null : () => void splitEpisode()));

  return (
    <div className="replay" data-testid="replay">
      <header className="topbar">
        <a className="back" href={LIBRARY_HREF} data-testid="back-to-library">
          ← Library
        </a>
        <div className="brand">
          {live.name} <span className="workspace">{live.dataset}</span>
        </div>
        <TagEditor episodeId={live.id} episodeName={live.name} tags={live.tags} undo={history.stack} />
        {player.cameras.length > 0 && (
          <a className="button" href={redactHref(live.id)} data-testid="review-faces">
            Review faces
          </a>
        )}
        <LayoutToggles player={player} onEditRig={() => setRigOpen(true)} />
      </header>
      {stale && (
        <div className="banner warning" data-testid="replay-stale">
          Cannot read this episode again: {stale.message}
        </div>
      )}
      {live.hidden && (
        <div className="banner warning" data-testid="hidden-banner">
          A split or merge replaced this episode: it is kept unchanged, but no list shows it any more.
        </div>
      )}
      <ReplayStage player={player} onEditRig={() => setRigOpen(true)} />
      <div className="replay-controls">
        <TransportBar player={player} onToggleLoop={() => player.toggleLoop(seg.selected, seg.trim)} />
        <SegmentControls
          player={player}
          seg={seg}
          canSplitEpisode={!live.hidden}
          onSplitEpisode={() => void splitEpisode()}
        />
      </div>
      {rigOpen && rig && (
        <RigDialog
          episode={player.episode}
          rig={rig}
          onClose={() => setRigOpen(false)}
          onSaved={(next) => {
            const { id, dataset } = player.episode;
            history.stack.push(rigEdit(client, id, dataset, rig, next));
            queries.setQueryData(callKey('getRig', { episodeId: id }), next);
            setRigOpen(false);
            player.setRig(next);
            if (player.hasScene) player.setLayout({ scene: true });
            notices.info(`Saved the rig of ${dataset}`);
          }}
        />
      )}
    </div>
  );
}
