import { z } from 'zod';
import {
  DatasetSchema,
  EpisodeQuerySchema,
  EpisodeSchema,
  EpisodeSummarySchema,
  GenerateRequestSchema,
  JobSchema,
  WorkspaceInfoSchema,
} from './schemas';
import { episodeCalls } from './episodeCalls';
import { replayCalls } from './replayCalls';
import { trainingCalls } from './trainingCalls';
import { rigCalls } from './rigCalls';
import { identityCalls } from './identityCalls';

// The one API contract. Electron IPC, the preload bridge, the web host and the renderer client are
// all generated from these keys, so the ends cannot drift and a missing handler is a type error.
const call = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });

const TagSchema = z
  .string()
  .trim()
  .min(1, 'a tag cannot be empty')
  .max(100)
  .regex(/^[^\n\r\t,]+$/, 'a tag cannot contain commas, tabs or line breaks');

export const calls = {
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
  importPaths: call(
    z.object({
      paths: z.array(z.string().min(1).max(4096)).min(1, 'nothing to import').max(10000),
      dataset: z.string().trim().min(1).max(200).default('default'),
    }),
    z.object({ jobId: z.string() }),
  ),
  generateDemos: call(GenerateRequestSchema, z.object({ jobId: z.string() })),
  listJobs: call(z.object({ limit: z.number().int().positive().max(500).default(50) }), z.array(JobSchema)),
  cancelJob: call(z.object({ id: z.string().min(1).max(100) }), JobSchema),
  jobLogs: call(
    z.object({ id: z.string().min(1).max(100) }),
    z.array(z.object({ at: z.string(), level: z.string(), line: z.string() })),
  ),
  ...replayCalls,
  ...episodeCalls,
  ...trainingCalls,
  ...rigCalls,
  ...identityCalls,
} as const;

export const events = {
  jobUpdated: JobSchema,
  libraryChanged: z.object({ datasetId: z.string().nullable() }),
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallInput<K extends CallName> = z.input<Calls[K]['input']>;
export type CallParsedInput<K extends CallName> = z.output<Calls[K]['input']>;
export type CallOutput<K extends CallName> = z.output<Calls[K]['output']>;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<K extends EventName> = z.output<Events[K]>;

export const callNames = Object.keys(calls) as CallName[];
export const eventNames = Object.keys(events) as EventName[];
export const isCallName = (name: string): name is CallName => Object.hasOwn(calls, name);

/** What a host implements: one handler per call, receiving parsed input. */
export type StudioHandlers = {
  [K in CallName]: (input: CallParsedInput<K>) => Promise<CallOutput<K>> | CallOutput<K>;
};

export type ErrorCode = 'bad_input' | 'not_found' | 'conflict' | 'unavailable' | 'internal';

/** An error a user can act on. Hosts send its code and message across the boundary as they are. */
export class StudioError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StudioError';
  }
}

export const WireErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});

/**
 * Parses input and runs the handler: the same steps for every host. Outputs are typed by the
 * handlers; the renderer's client checks what it receives.
 */
export async function dispatch<K extends CallName>(
  handlers: StudioHandlers,
  name: K,
  rawInput: unknown,
): Promise<CallOutput<K>> {
  const parsed = calls[name].input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    throw new StudioError('bad_input', `${name}: ${z.prettifyError(parsed.error)}`);
  }
  const handler = handlers[name] as (input: unknown) => Promise<CallOutput<K>> | CallOutput<K>;
  return handler(parsed.data);
}
