import { z } from 'zod';
import { KeyframeSchema } from './redactCalls';

// Following a box the reviewer drew for a face the detector missed. Frames are indices into the
// video file's frames, boxes are in source pixels.
const call = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });
const Reach = z.number().int().min(0).max(900);

export const FollowBoxResultSchema = z.object({
  first: z.number().int(),
  last: z.number().int(),
  /** Every `step`-th followed box and the ends, for `addTrack` (boxes between are interpolated). */
  keyframes: z.array(KeyframeSchema),
});

export const redactFollowCalls = {
  /**
   * Follows the picture inside `box` (at `box.frame`) up to `before` frames back and `after` frames
   * on, by matching it in each next frame near where it was; answers keyframes and writes nothing.
   */
  followBox: call(
    z.object({
      episodeId: z.string().min(1).max(100),
      stream: z.string().min(1).max(200).optional(),
      box: KeyframeSchema,
      before: Reach.default(30),
      after: Reach.default(30),
      step: z.number().int().min(1).max(100).default(5),
    }),
    FollowBoxResultSchema,
  ),
} as const;
