import { useEffect, useMemo, useState } from 'react';
import type { Episode, EpisodeLabels } from '../../../src/common/api';
import { useNotices } from '../../components/Toast';
import { useCall } from '../../data';
import { episodeHref } from '../../router';
import { useHistory } from '../../state/history';
import { useStudio } from '../../state/studioContext';
import { EpisodePlayer } from '../replay/episodePlayer';
import { ReplayStage } from '../replay/ReplayStage';
import { TransportBar } from '../replay/TransportBar';
import { OPENED_STALE_TIME, useOpenEpisode } from '../replay/useOpenEpisode';
import { LabelPanel } from './LabelPanel';
import { LabelSession } from './labelSession';
import { LabelTimeline } from './LabelTimeline';
import { padControl } from './gamepadMap';
import { useGamepad, usePadFrames } from './useGamepad';
import { useLabelCommands } from './useLabelCommands';
import { useSession } from './useSession';
import '../replay/replay.css';

/** One rollout opened for labelling: the replay player's panels with the labels over them. */
export function LabelingView({ episodeId, env }: { episodeId: string; env: string }) {
  const opened = useOpenEpisode(episodeId);
  const episode = useCall(
    'getEpisode',
    { id: episodeId },
    { inline: true, enabled: opened.isSuccess, staleTime: OPENED_STALE_TIME },
  );
  const labels = useCall('getEpisodeLabels', { episodeId }, { inline: true, staleTime: OPENED_STALE_TIME });
  const error = opened.error ?? episode.error ?? labels.error;
  if (error)
    return (
      <div className="center-message" data-testid="labeling-error">
        Cannot open this rollout for labelling: {error.message}
      </div>
    );
  if (!opened.data || !episode.data || !labels.data)
    return <div className="center-message">Opening the rollout…</div>;
  return <Labeling key={episodeId} episode={episode.data} labels={labels.data} env={env} />;
}

function Labeling({ episode, labels, env }: { episode: Episode; labels: EpisodeLabels; env: string }) {
  const client = useStudio();
  const notices = useNotices();
  const history = useHistory();
  const player = useMemo(
    () =>
      new EpisodePlayer(episode, {
        mediaUrl: (ref) => client.mediaUrl(ref),
        onError: (e, what) => notices.error(e, what),
      }),
    [client, episode.id],
  );
  useEffect(() => () => player.dispose(), [player]);
  // Label frames are the rows of the action stream: its frame times place them on the clock.
  const [session, setSession] = useState<LabelSession | null>(null);
  useEffect(() => {
    const action = player.series.find((s) => s.name === 'action');
    if (!action) return notices.error(new Error(`${episode.name} has no action stream`), 'label it');
    let made: LabelSession | null = null;
    const observations = player.sources.get('observation.state') ?? null;
    Promise.all([player.frameTimes(action), observations?.loadAll()])
      .then(([times]) => {
        made = new LabelSession(client, history.stack, player, env, times, labels, observations);
        setSession(made);
      })
      .catch((e: unknown) => notices.error(e, 'read the action frame times'));
    return () => made?.dispose();
  }, [player]);
  const ranking = useCall(
    'episodeUncertainty',
    { episodeId: episode.id },
    { inline: true, staleTime: Infinity },
  );
  useEffect(() => {
    if (session && ranking.data) session.setScores(ranking.data.scores);
  }, [session, ranking.data]);

  if (!session) return <div className="center-message">Reading the frames…</div>;
  return (
    <LabelingBody
      session={session}
      player={player}
      rankingError={ranking.error?.message ?? null}
      ranking={ranking.isPending}
    />
  );
}

function LabelingBody(props: {
  session: LabelSession;
  player: EpisodePlayer;
  ranking: boolean;
  rankingError: string | null;
}) {
  const { session, player } = props;
  useSession(session, 'labels');
  const { commands, span } = useLabelCommands(session, player);
  const gamepad = useGamepad();
  usePadFrames(gamepad, ({ pad, dt, presses }) => {
    const next = padControl(session.env, session.control, session.ranges, pad, dt);
    if (next) session.setControls(next);
    for (const b of presses) {
      if (b === 'keyframe') commands.keyframe();
      else if (b === 'accept') commands.accept();
      else if (b === 'next') commands.nextUnlabelled();
      else if (b === 'stepBack') player.step(-1);
      else if (b === 'stepOn') player.step(1);
    }
  });
  const { labels, actionTimes } = session;
  const overlays = useMemo(
    () => ({
      action: { label: 'label', timesNs: actionTimes, columns: labels.columns.length, values: labels.values },
    }),
    [labels, actionTimes],
  );
  return (
    <div className="labeling" data-testid="labeling" data-episode={labels.episodeId}>
      <div className="labeling-main">
        <div className="labeling-bar">
          <a href={episodeHref(labels.episodeId)} className="muted">
            open in replay
          </a>
          <span className="muted">
            {props.ranking
              ? 'ranking frames by uncertainty…'
              : props.rankingError
                ? `no uncertainty ranking: ${props.rankingError}`
                : 'uncertainty: red strip (U jumps to the most uncertain unlabelled frame)'}
          </span>
        </div>
        <ReplayStage
          player={player}
          overlays={overlays}
          plotHeight={player.cameras.length > 0 ? 130 : 220}
          onEditRig={() => window.location.assign(episodeHref(labels.episodeId))}
        />
        <div className="replay-controls">
          <TransportBar player={player} onToggleLoop={() => player.toggleLoop(span)} />
          <LabelTimeline session={session} player={player} span={span} />
        </div>
      </div>
      <LabelPanel session={session} commands={commands} gamepad={gamepad} />
    </div>
  );
}
