import { z } from 'zod';

// Calls of the replay screen: segments, trims, boundary suggestions and the end-effector trail.
// Spread into the contract's `calls`, so every host serves them like any other call.
const call = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });

const Ns = z.number().int().nonnegative();
const Id = z.string().min(1).max(100);
const Color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour is #rrggbb');

export const SegmentSchema = z.object({
  id: z.string(),
  episodeId: z.string(),
  startNs: Ns,
  endNs: Ns,
  label: z.string(),
  instruction: z.string(),
  color: z.string(),
});
export type Segment = z.infer<typeof SegmentSchema>;

export const TrimSchema = z.object({ startNs: Ns, endNs: Ns });
export type Trim = z.infer<typeof TrimSchema>;

const SegmentFields = {
  label: z.string().trim().max(200),
  instruction: z.string().trim().max(2000),
  color: Color,
};

const ordered = (v: { startNs?: number; endNs?: number }) =>
  v.startNs === undefined || v.endNs === undefined || v.endNs > v.startNs;
const orderedMessage = { message: 'a segment ends after it starts', path: ['endNs'] };

export const SuggestionSchema = z.object({
  startNs: Ns,
  endNs: Ns,
  label: z.string(),
  /** Why the boundaries are where they are, for the curator. */
  reason: z.string(),
});
export type Suggestion = z.infer<typeof SuggestionSchema>;

export const replayCalls = {
  listSegments: call(z.object({ episodeId: Id }), z.array(SegmentSchema)),
  createSegment: call(
    z
      .object({
        episodeId: Id,
        /** Given when an undone create is redone, so later edits still find the segment. */
        id: z
          .string()
          .regex(/^seg_[0-9a-z]{9,40}$/)
          .optional(),
        startNs: Ns,
        endNs: Ns,
        label: SegmentFields.label.default(''),
        instruction: SegmentFields.instruction.default(''),
        color: SegmentFields.color.default('#4c8dff'),
      })
      .refine(ordered, orderedMessage),
    SegmentSchema,
  ),
  updateSegment: call(
    z
      .object({
        id: Id,
        startNs: Ns.optional(),
        endNs: Ns.optional(),
        label: SegmentFields.label.optional(),
        instruction: SegmentFields.instruction.optional(),
        color: SegmentFields.color.optional(),
      })
      .refine(ordered, orderedMessage),
    SegmentSchema,
  ),
  deleteSegment: call(z.object({ id: Id }), z.object({ id: z.string() })),
  /** Labels used in the episode's dataset: the vocabulary offered when labelling. */
  segmentLabels: call(z.object({ episodeId: Id }), z.array(z.string())),
  getTrim: call(z.object({ episodeId: Id }), TrimSchema.nullable()),
  setTrim: call(
    z.object({ episodeId: Id, trim: TrimSchema.refine(ordered, orderedMessage).nullable() }),
    TrimSchema.nullable(),
  ),
  suggestSegments: call(
    z.object({ episodeId: Id }),
    z.object({ suggestions: z.array(SuggestionSchema), activeTrim: TrimSchema.nullable() }),
  ),
  /** Trims idle starts and ends of one episode or of every episode in a dataset. */
  trimIdle: call(
    z
      .object({ episodeId: Id.optional(), datasetId: Id.optional(), dryRun: z.boolean().default(false) })
      .refine((v) => (v.episodeId === undefined) !== (v.datasetId === undefined), {
        message: 'name an episode or a dataset',
      }),
    z.object({
      episodes: z.array(
        z.object({ id: z.string(), name: z.string(), trim: TrimSchema.nullable(), durationNs: Ns }),
      ),
    }),
  ),
} as const;
