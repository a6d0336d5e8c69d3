import { z } from 'zod';
import { EpisodeSchema } from './schemas';
import { SegmentSchema, TrimSchema } from './replayCalls';
import { RigSchema, TrailSchema } from './rigCalls';

// The call that opens an episode in the player (replay, and the screens that embed the player):
// everything it needs before the first frame in one round trip. The parts are the answers of
// `getEpisode`, `getRig`, `listSegments`, `getTrim`, `segmentLabels` and `endEffectorTrail`, so
// the renderer seeds those reads from it and later edits refresh them one by one.
const call = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });

export const OpenedEpisodeSchema = z.object({
  episode: EpisodeSchema,
  rig: RigSchema,
  segments: z.array(SegmentSchema),
  trim: TrimSchema.nullable(),
  /** Segment labels used in the episode's dataset. */
  labels: z.array(z.string()),
  /** The end effector's path at the default resolution, or null when no stream drives the rig. */
  trail: TrailSchema.nullable(),
});
export type OpenedEpisode = z.infer<typeof OpenedEpisodeSchema>;

export const playerCalls = {
  openEpisode: call(z.object({ id: z.string().min(1).max(100) }), OpenedEpisodeSchema),
} as const;
