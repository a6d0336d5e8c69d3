import { z } from 'zod';
import { EpisodeSummarySchema } from './schemas';

// Calls that replace episodes by parts of them: split one episode at cut points, merge adjacent
// parts of one recording, and show or hide episodes again (how undo and redo take a split back).
// Spread into the contract's `calls`, so every host serves them like any other call.
const call = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });

const Id = z.string().min(1).max(100);

/** What a split or merge did: the episodes it hid and the parts it wrote in their place. */
export const EpisodeReplacementSchema = z.object({
  hidden: z.array(z.string()),
  created: z.array(EpisodeSummarySchema),
});
export type EpisodeReplacement = z.infer<typeof EpisodeReplacementSchema>;

export const episodeCalls = {
  /** Cuts an episode at one or more times (ns of the episode's time) into parts; hides the episode. */
  splitEpisode: call(
    z.object({
      episodeId: Id,
      atNs: z.array(z.number().int()).min(1, 'name at least one cut').max(1000),
    }),
    EpisodeReplacementSchema,
  ),
  /** Joins adjacent parts of one recording into one part; hides the parts. */
  mergeEpisodes: call(
    z.object({ episodeIds: z.array(Id).min(2, 'merge needs two or more episodes').max(1000) }),
    EpisodeReplacementSchema,
  ),
  /** Shows and hides episodes: undo and redo of a split or merge. */
  setEpisodesHidden: call(
    z.object({ show: z.array(Id).max(1000).default([]), hide: z.array(Id).max(1000).default([]) }),
    z.object({ shown: z.array(z.string()), hidden: z.array(z.string()) }),
  ),
} as const;
