import { z } from 'zod';
import { AuditEntrySchema } from './identityCalls';
import { jobKind, JobStartedSchema } from './jobs';

// Privacy redaction: faces found and tracked per video blob (parts of a recording share them),
// reviewed track by track, rendered into a redacted copy of the video. Frames are indices into the
// video file's frames, boxes are in source pixels.
const call = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });
const Id = z.string().min(1).max(100);
const Frame = z.number().int().min(0);
const Px = z.number().int().min(0).max(100_000);

export const RedactRectSchema = z.object({ x: Px, y: Px, w: Px.min(1), h: Px.min(1) });
export const RedactBoxSchema = RedactRectSchema.extend({ frame: Frame, score: z.number() });
export type RedactBox = z.infer<typeof RedactBoxSchema>;
export const KeyframeSchema = RedactRectSchema.extend({ frame: Frame });

export const RedactionStatusSchema = z.enum(['none', 'unreviewed', 'in_review', 'approved']);
export type RedactionStatus = z.infer<typeof RedactionStatusSchema>;
export const TrackDecisionSchema = z.enum(['pending', 'approved', 'rejected']);

export const RedactTrackSchema = z.object({
  id: z.string(),
  detector: z.string(),
  origin: z.enum(['detected', 'manual']),
  decision: TrackDecisionSchema,
  first: z.number().int(),
  last: z.number().int(),
  keyframes: z.array(KeyframeSchema),
  /** The boxes the render hides, one per frame (keyframe edits applied). */
  boxes: z.array(RedactBoxSchema),
});
export type RedactTrack = z.infer<typeof RedactTrackSchema>;
export const RedactSpanSchema = z.object({ id: z.string(), first: Frame, last: Frame });

export const RedactVideoSchema = z.object({
  stream: z.string(),
  blob: z.string(),
  status: RedactionStatusSchema,
  /** Detectors run on this video. */
  detected: z.array(z.string()),
  tracks: z.array(RedactTrackSchema),
  spans: z.array(RedactSpanSchema),
  /** The newest redacted copy and whether it renders the current review. */
  version: z.object({ blob: z.string(), createdAt: z.string(), current: z.boolean() }).nullable(),
});
export const EpisodeRedactionSchema = z.object({
  id: z.string(),
  status: RedactionStatusSchema,
  videos: z.array(RedactVideoSchema),
});
export type EpisodeRedaction = z.infer<typeof EpisodeRedactionSchema>;

const Target = { episodeId: Id, stream: z.string().min(1).max(200).optional() };
const TrackRef = { episodeId: Id, trackId: Id };
const PreviousRect = z.object({ previous: RedactRectSchema.nullable() });

export const DetectFacesRequestSchema = z.object({
  /** Episodes whose videos to search (none: every visible episode). */
  episodeIds: z.array(Id).max(100_000).optional(),
  /** Detector score threshold (default: the measured one). */
  threshold: z.number().gt(0).lt(1).optional(),
  /** Search again videos searched before (their detected tracks and decisions are replaced). */
  again: z.boolean().default(false),
});
export const DetectFacesResultSchema = z.object({
  /** Every video of the episodes asked about, with its detected tracks. */
  videos: z.array(
    z.object({
      blob: z.string(),
      stream: z.string(),
      episodeIds: z.array(z.string()),
      frames: z.number().int(),
      tracks: z.number().int(),
      /** Searched before this job (and not `again`): its tracks are those of that search. */
      skipped: z.boolean(),
    }),
  ),
});

export const RenderRedactedRequestSchema = z.object({
  ...Target,
  mode: z.enum(['pixelate', 'blur']).default('pixelate'),
  /** Keep the source's audio (dropped by default). */
  keepAudio: z.boolean().default(false),
});
export const RenderRedactedResultSchema = z.object({
  versions: z.array(
    z.object({
      stream: z.string(),
      sourceBlob: z.string(),
      blob: z.string(),
      /** The newest copy already rendered this review with these settings: nothing was rendered. */
      reused: z.boolean(),
      frames: z.number().int(),
      /** Boxes hidden (over all frames); whole-frame spans not counted. */
      boxes: z.number().int(),
    }),
  ),
});

export const redactCalls = {
  /** Finds and tracks faces in the episodes' videos, as a job. */
  detectFaces: call(DetectFacesRequestSchema, JobStartedSchema),
  /**
   * An episode's tracks (with per-frame boxes, only those of frames `fromFrame`–`toFrame` when given:
   * a long video has many), whole-frame spans and redaction status.
   */
  episodeRedaction: call(
    z.object({
      episodeId: Id,
      boxes: z.boolean().default(true),
      fromFrame: Frame.optional(),
      toFrame: Frame.optional(),
    }),
    EpisodeRedactionSchema,
  ),
  /** Several episodes' statuses, without tracks. */
  redactionStatuses: call(
    z.object({ episodeIds: z.array(Id).max(100_000) }),
    z.array(z.object({ id: z.string(), status: RedactionStatusSchema, pendingTracks: z.number().int() })),
  ),
  /** Approves, rejects or resets one track; answers the decision before (undo sets it back). */
  decideTrack: call(
    z.object({ ...TrackRef, decision: TrackDecisionSchema }),
    z.object({ previous: TrackDecisionSchema }),
  ),
  /** Moves or resizes a track's box at a frame (boxes between keyframes are interpolated). */
  setKeyframe: call(z.object({ ...TrackRef, box: KeyframeSchema }), PreviousRect),
  deleteKeyframe: call(z.object({ ...TrackRef, frame: Frame }), PreviousRect),
  /** A box the reviewer draws for a missed face, held over `first`–`last` and moved by its keyframes. */
  addTrack: call(
    z.object({
      ...Target,
      first: Frame,
      last: Frame,
      keyframes: z.array(KeyframeSchema).min(1).max(10_000),
      /** Given when an undone add is redone, so later edits still find the track. */
      id: Id.optional(),
    }),
    z.object({ id: z.string() }),
  ),
  /** Removes a track the reviewer added (detected tracks are rejected instead). */
  deleteTrack: call(z.object(TrackRef), z.object({ id: z.string() })),
  /** Marks frames `first`–`last` to be hidden whole (when unsure). */
  addSpan: call(z.object({ ...Target, first: Frame, last: Frame, id: Id.optional() }), RedactSpanSchema),
  deleteSpan: call(z.object({ episodeId: Id, spanId: Id }), z.object({ id: z.string() })),
  /** Signs the episode's review off; refused while a track is pending unless `approveAll`. */
  approveRedaction: call(
    z.object({ episodeId: Id, approveAll: z.boolean().default(false) }),
    z.object({ status: RedactionStatusSchema, approvedTracks: z.number().int() }),
  ),
  /** Renders redacted copies of an approved episode's videos, as a job. */
  renderRedacted: call(RenderRedactedRequestSchema, JobStartedSchema),
  /** Every redaction decision (and forced export), oldest first. */
  redactionAudit: call(
    z.object({ episodeId: Id.optional() }),
    z.object({ entries: z.array(AuditEntrySchema) }),
  ),
} as const;

export const redactJobs = {
  /** Each video's tracks are written at once when it is done; a resumed job skips videos done. */
  'detect-faces': jobKind({
    params: DetectFacesRequestSchema,
    result: DetectFacesResultSchema,
    resumable: true,
    writesEpisodes: false,
  }),
  /** Writes new blobs and version rows only at the end of each video: a rerun starts that video over. */
  'redact-render': jobKind({
    params: RenderRedactedRequestSchema,
    result: RenderRedactedResultSchema,
    resumable: true,
    writesEpisodes: true,
  }),
} as const;
