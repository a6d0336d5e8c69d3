import { z } from 'zod';
import { JobSchema, type Job } from './schemas';
import { diagnosticJobs, jobCalls } from './jobCalls';
import { libraryCalls, libraryJobs } from './libraryCalls';
import { episodeCalls } from './episodeCalls';
import { replayCalls } from './replayCalls';
import { trainingCalls, trainingJobs } from './trainingCalls';
import { rigCalls } from './rigCalls';
import { identityCalls } from './identityCalls';
import { maintenanceCalls, maintenanceJobs } from './maintenanceCalls';
import { exportCalls, exportJobs } from './exportCalls';
import { recordingCalls } from './recordingCalls';
import { playerCalls } from './playerCalls';
import { daggerCalls, daggerJobs } from './daggerCalls';
import { daggerInputCalls } from './daggerInputCalls';
import { qualityCalls, qualityJobs } from './qualityCalls';
import { redactCalls, redactJobs } from './redactCalls';
import { redactFollowCalls } from './redactFollowCalls';
import type { JobKindSpec } from './jobs';

// The one API contract. Each feature declares its calls (and its job kinds) in its own file; they
// are assembled here. Electron IPC, the preload bridge, the web host, the CLI and the renderer
// client are all generated from these keys, so the ends cannot drift and a missing handler is a
// type error.
export const calls = {
  ...libraryCalls,
  ...jobCalls,
  ...replayCalls,
  ...episodeCalls,
  ...trainingCalls,
  ...rigCalls,
  ...identityCalls,
  ...maintenanceCalls,
  ...exportCalls,
  ...recordingCalls,
  ...playerCalls,
  ...daggerCalls,
  ...daggerInputCalls,
  ...qualityCalls,
  ...redactCalls,
  ...redactFollowCalls,
} as const;

/** Every job kind, each declared once beside its feature's calls. */
export const jobKinds = {
  ...libraryJobs,
  ...trainingJobs,
  ...maintenanceJobs,
  ...exportJobs,
  ...redactJobs,
  ...diagnosticJobs,
  ...daggerJobs,
  ...qualityJobs,
} as const satisfies Record<string, JobKindSpec>;

export const events = {
  jobUpdated: JobSchema,
  libraryChanged: z.object({ datasetId: z.string().nullable() }),
  /** What a running job tells the screens as it goes (e.g. each step of a live rollout). */
  jobMessage: z.object({ jobId: z.string(), data: z.unknown() }),
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallInput<K extends CallName> = z.input<Calls[K]['input']>;
export type CallParsedInput<K extends CallName> = z.output<Calls[K]['input']>;
export type CallOutput<K extends CallName> = z.output<Calls[K]['output']>;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<K extends EventName> = z.output<Events[K]>;

export type JobKinds = typeof jobKinds;
export type JobKind = keyof JobKinds;
/** A job's parameters as its implementation receives them (defaults applied). */
export type JobParams<K extends JobKind> = z.output<JobKinds[K]['params']>;
/** A job's parameters as a caller may give them. */
export type JobParamsInput<K extends JobKind> = z.input<JobKinds[K]['params']>;
export type JobResult<K extends JobKind> = z.output<JobKinds[K]['result']>;

export const callNames = Object.keys(calls) as CallName[];
export const jobKindNames = Object.keys(jobKinds) as JobKind[];
export const isJobKind = (kind: string): kind is JobKind => Object.hasOwn(jobKinds, kind);
export const eventNames = Object.keys(events) as EventName[];
export const isCallName = (name: string): name is CallName => Object.hasOwn(calls, name);

type CallSpec = { input: z.ZodType; output: z.ZodType };

/** Handlers of a group of calls (one feature's), each receiving its parsed input. */
export type HandlersFor<C extends Record<string, CallSpec>> = {
  -readonly [K in keyof C]: (
    input: z.output<C[K]['input']>,
  ) => Promise<z.output<C[K]['output']>> | z.output<C[K]['output']>;
};

/** What a host serves: one handler per call of the contract. */
export type StudioHandlers = HandlersFor<Calls>;

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

/**
 * A finished job's result, checked against its kind's schema: how hosts read what a job produced.
 * Throws when the job is of another kind or did not succeed.
 */
export function jobResult<K extends JobKind>(kind: K, job: Job): JobResult<K> {
  if (job.kind !== kind) throw new StudioError('internal', `job ${job.id} is a ${job.kind} job, not ${kind}`);
  if (job.state !== 'succeeded')
    throw new StudioError('conflict', `job ${job.id} ${job.state}${job.error ? `: ${job.error}` : ''}`);
  const parsed = jobKinds[kind].result.safeParse(job.result);
  if (!parsed.success)
    throw new StudioError('internal', `job ${job.id}: its result does not match the ${kind} schema`);
  return parsed.data as JobResult<K>;
}
