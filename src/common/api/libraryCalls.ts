import { z } from 'zod';
import {
  DatasetSchema,
  EpisodeQuerySchema,
  EpisodeSchema,
  EpisodeSummarySchema,
  GenerateRequestSchema,
  ImportResultSchema,
  WorkspaceInfoSchema,
} from './schemas';
import { jobKind, JobStartedSchema } from './jobs';

// Calls of the library: the workspace, datasets, episodes and their tags, and the two ways episodes
// arrive (an import of files, scripted demonstrations from a built-in simulator), each a job.
const call = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });

const TagSchema = z
  .string()
  .trim()
  .min(1, 'a tag cannot be empty')
  .max(100)
  .regex(/^[^\n\r\t,]+$/, 'a tag cannot contain commas, tabs or line breaks');

export const ImportRequestSchema = z.object({
  paths: z.array(z.string().min(1).max(4096)).min(1, 'nothing to import').max(10000),
  dataset: z.string().trim().min(1).max(200).default('default'),
  /** Topics to import from MCAP files and ROS bags; absent: every topic whose type is understood. */
  topics: z.array(z.string().min(1).max(1000)).min(1).max(10000).optional(),
  /** The control rate of files that hold no times (robomimic HDF5), in Hz. */
  rateHz: z.number().positive().max(10_000).optional(),
});

export const GeneratedEpisodeSchema = z.object({ id: z.string(), success: z.boolean(), skill: z.string() });
export type GeneratedEpisode = z.infer<typeof GeneratedEpisodeSchema>;

export const libraryCalls = {
  workspaceInfo: call(z.object({}), WorkspaceInfoSchema),
  listDatasets: call(z.object({}), z.array(DatasetSchema)),
  listEpisodes: call(
    EpisodeQuerySchema,
    z.object({ total: z.number().int(), items: z.array(EpisodeSummarySchema) }),
  ),
  getEpisode: call(z.object({ id: z.string().min(1).max(100) }), EpisodeSchema),
  listTags: call(z.object({}), z.array(z.object({ tag: z.string(), count: z.number().int() }))),
  setEpisodeTags: call(
    z.object({ episodeId: z.string().min(1).max(100), tags: z.array(TagSchema).max(200) }),
    EpisodeSummarySchema,
  ),
  importPaths: call(ImportRequestSchema, JobStartedSchema),
  generateDemos: call(GenerateRequestSchema, JobStartedSchema),
} as const;

export const libraryJobs = {
  /** Re-reads the files: what was committed is found by its source key and skipped. */
  import: jobKind({
    params: ImportRequestSchema,
    result: ImportResultSchema,
    resumable: true,
    writesEpisodes: true,
  }),
  /** Continues at the first episode not yet written (episode i has the same seeds whatever else runs). */
  generate: jobKind({
    params: GenerateRequestSchema,
    result: z.object({ episodes: z.array(GeneratedEpisodeSchema) }),
    resumable: true,
    writesEpisodes: true,
  }),
} as const;
