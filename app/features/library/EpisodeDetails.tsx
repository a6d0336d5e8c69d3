import { blobRef, type EpisodeSummary } from '../../../src/common/api';
import { formatDuration } from '../../../src/common/format';
import { useCall } from '../../data';
import { useStudio } from '../../state/studioContext';
import type { UndoStack } from '../../state/undo';
import { episodeHref } from '../../router';
import { TagEditor } from '../../components/TagEditor';
import { MediaCheckNote } from './MediaCheckNote';
import { RedactionNote } from './RedactionNote';

export function EpisodeDetails(props: { summary: EpisodeSummary | undefined; undo: UndoStack }) {
  const client = useStudio();
  const { summary } = props;
  const details = useCall('getEpisode', { id: summary?.id ?? '' }, { enabled: summary !== undefined });
  const episode = details.data;

  if (!summary) {
    return (
      <aside className="details empty-details" data-testid="details">
        <p>Select an episode to see its streams and tags.</p>
        <p className="hint">
          ↑/↓ move · / search · Ctrl+I import · Shift+click select several · M merge parts · Ctrl+Z undo
        </p>
      </aside>
    );
  }

  return (
    <aside className="details" data-testid="details">
      {summary.thumbnailBlob && (
        <img className="poster" src={client.mediaUrl(blobRef(summary.thumbnailBlob))} alt="" />
      )}
      <h2 data-testid="details-name">{summary.name}</h2>
      <dl>
        <dt>Dataset</dt>
        <dd>{summary.dataset}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(summary.durationNs)}</dd>
        <dt>Imported</dt>
        <dd>{new Date(summary.createdAt).toLocaleString()}</dd>
        {episode?.sourcePath && (
          <>
            <dt>Source</dt>
            <dd className="path" title={episode.sourcePath}>
              {episode.sourcePath}
            </dd>
          </>
        )}
        {summary.origin && (
          <>
            <dt>Part of</dt>
            <dd className="path" data-testid="details-origin" title="The recording this part is a window of">
              <a href={episodeHref(summary.origin.episodeId)}>{summary.origin.episodeId}</a>
            </dd>
            <dt>Starts at</dt>
            <dd>{formatDuration(summary.origin.offsetNs)} of the recording</dd>
          </>
        )}
        <dt>Id</dt>
        <dd className="path">{summary.id}</dd>
      </dl>
      <MediaCheckNote summary={summary} />
      <RedactionNote episodeId={summary.id} hasVideo={summary.streams.some((s) => s.kind === 'video')} />
      <h3>Streams</h3>
      <table className="streams" data-testid="streams-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Kind</th>
            <th>Frames</th>
            <th>Details</th>
          </tr>
        </thead>
        <tbody>
          {(episode?.streamDetails ?? []).map((s) => (
            <tr key={s.id}>
              <td>{s.name}</td>
              <td>{s.kind}</td>
              <td>{s.frames}</td>
              <td>
                {s.video
                  ? `${s.video.codec} ${s.video.width}×${s.video.height} @ ${s.video.fps.toFixed(2)} fps`
                  : s.columns.join(', ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Tags</h3>
      <TagEditor episodeId={summary.id} episodeName={summary.name} tags={summary.tags} undo={props.undo} />
    </aside>
  );
}
