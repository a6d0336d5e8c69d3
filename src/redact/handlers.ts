import type { HandlersFor, redactCalls } from '../common/api';
import type { FeatureDeps } from '../feature/deps';
import { RedactionReview } from './review';
import { RedactionStore } from './store';

/** Handlers of the redaction calls. */
export function createRedactHandlers({ ws, runner }: FeatureDeps): HandlersFor<typeof redactCalls> {
  const store = new RedactionStore(ws.db);
  const review = new RedactionReview(ws);
  return {
    detectFaces: (request) => {
      const what = request.episodeIds ? `${request.episodeIds.length} episode(s)` : 'every episode';
      return { jobId: runner.enqueue('detect-faces', `Find faces in ${what}`, request).id };
    },
    episodeRedaction: ({ episodeId, boxes, fromFrame, toFrame }) =>
      store.episode(
        episodeId,
        boxes && (fromFrame !== undefined || toFrame !== undefined)
          ? { from: fromFrame ?? 0, to: toFrame ?? Number.MAX_SAFE_INTEGER }
          : boxes,
      ),
    redactionStatuses: ({ episodeIds }) =>
      episodeIds.map((id) => ({
        id,
        status: store.episodeStatus(id),
        pendingTracks: store.videos(id).reduce((n, v) => n + store.pendingTracks(v.blob), 0),
      })),
    decideTrack: ({ episodeId, trackId, decision }) => review.decide(episodeId, trackId, decision),
    setKeyframe: ({ episodeId, trackId, box }) => review.setKeyframe(episodeId, trackId, box),
    deleteKeyframe: ({ episodeId, trackId, frame }) => review.deleteKeyframe(episodeId, trackId, frame),
    addTrack: ({ episodeId, ...input }) => review.addTrack(episodeId, input),
    deleteTrack: ({ episodeId, trackId }) => review.deleteTrack(episodeId, trackId),
    addSpan: ({ episodeId, ...input }) => review.addSpan(episodeId, input),
    deleteSpan: ({ episodeId, spanId }) => review.deleteSpan(episodeId, spanId),
    approveRedaction: ({ episodeId, approveAll }) => review.approve(episodeId, approveAll),
    renderRedacted: (request) => {
      store.videos(request.episodeId, request.stream);
      return { jobId: runner.enqueue('redact-render', `Render redacted ${request.episodeId}`, request).id };
    },
    redactionAudit: ({ episodeId }) => {
      // The rows of an episode include those written through other parts of its recording.
      const blobs = episodeId === undefined ? null : store.videos(episodeId).map((v) => v.blob);
      const rows = ws.audit.list({ limit: 1_000_000_000 }).reverse();
      const entries = rows.filter((r) => {
        if (!r.action.startsWith('redact.') && r.action !== 'export.redaction-forced') return false;
        if (blobs === null) return true;
        const blob = (r.detail as { blob?: unknown } | null)?.blob;
        return r.episodeId === episodeId || (typeof blob === 'string' && blobs.includes(blob));
      });
      return { entries };
    },
  };
}
