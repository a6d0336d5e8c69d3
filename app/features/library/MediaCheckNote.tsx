import type { EpisodeSummary } from '../../../src/common/api';
import { useCall } from '../../data';

const runs = (missing: [number, number][]) =>
  missing
    .slice(0, 8)
    .map(([a, b]) => (a === b ? `${a}` : `${a}–${b}`))
    .join(', ') + (missing.length > 8 ? ', …' : '');

/** What the verify job found in an episode's videos: shown when one is damaged. */
export function MediaCheckNote({ summary }: { summary: EpisodeSummary }) {
  const checks = useCall('mediaChecks', { episodeId: summary.id }, { enabled: summary.media === 'damaged' });
  if (summary.media !== 'damaged') return null;
  return (
    <div className="media-check" data-testid="media-check">
      <h3>Damaged video</h3>
      {Object.entries(checks.data ?? {})
        .filter(([, c]) => c.status === 'damaged')
        .map(([stream, c]) => (
          <p key={stream}>
            <strong>{stream}</strong>: {c.decodedFrames} of {c.expectedFrames} frames decode, {c.errors}{' '}
            decoder error{c.errors === 1 ? '' : 's'}
            {c.missing.length > 0 && <> · frames not decoded: {runs(c.missing)}</>}
          </p>
        ))}
    </div>
  );
}
