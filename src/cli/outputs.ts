import { z } from 'zod';
import {
  calls,
  EpisodeSummarySchema,
  ImportResultSchema,
  jobKinds,
  RedactBoxSchema,
  RedactionStatusSchema,
  TrackDecisionSchema,
  SegmentSchema,
  TrimSchema,
  TrainResultSchema,
  UserIdentitySchema,
  WireErrorSchema,
  WorkspaceInfoSchema,
  type StudioError,
} from '../common/api';

/**
 * What each command prints with `--json`: one object, built from the contract's own schemas, and
 * parsed before it is printed so a documented shape cannot drift.
 */
export const cliOutputs = {
  init: WorkspaceInfoSchema,
  import: ImportResultSchema,
  list: z.object({ episodes: z.array(EpisodeSummarySchema) }),
  sim: jobKinds.generate.result,
  train: TrainResultSchema.pick({ model: true, backend: true, epochs: true, trainLoss: true, valLoss: true }),
  eval: jobKinds.eval.result.pick({
    model: true,
    env: true,
    episodes: true,
    successRate: true,
    ci95: true,
    scores: true,
  }),
  segments: z.object({
    episodeId: z.string(),
    trim: TrimSchema.nullable(),
    segments: z.array(SegmentSchema),
  }),
  'trim-idle': calls.trimIdle.output,
  'add-robot': calls.addRobot.output,
  robots: z.object({ robots: calls.listRobots.output }),
  audit: calls.listAudit.output,
  config: UserIdentitySchema,
  gc: calls.collectGarbage.output,
  verify: jobKinds.verify.result,
  export: jobKinds['export-dataset'].result,
  inspect: calls.inspectRecording.output,
  dagger: z.object({
    iterations: z.array(
      jobKinds.dagger.result.shape.iterations.element.pick({
        iteration: true,
        labels: true,
        successRate: true,
        score: true,
      }),
    ),
  }),
  'dagger import': calls.importDaggerRollouts.output,
  quality: z.object({
    episodes: z.array(
      z.strictObject({
        id: z.string(),
        score: z.number(),
        flags: z.array(
          z.strictObject({ kind: z.string(), reason: z.string(), startNs: z.number(), endNs: z.number() }),
        ),
      }),
    ),
  }),
  decide: z.object({
    episodes: z.array(z.string()),
    decision: z.string(),
    note: z.string(),
    previous: calls.decideEpisodes.output.shape.previous,
  }),
  tag: calls.tagEpisodes.output,
  'redact-detect': z.object({
    episodes: z.array(
      z.object({
        id: z.string(),
        status: RedactionStatusSchema,
        tracks: z.array(
          z.object({
            id: z.string(),
            stream: z.string(),
            decision: TrackDecisionSchema,
            boxes: z.array(RedactBoxSchema),
          }),
        ),
      }),
    ),
  }),
  'redact-status': z.object({ episodes: calls.redactionStatuses.output }),
  'redact-approve': calls.approveRedaction.output,
  'redact-render': jobKinds['redact-render'].result,
  'redact-audit': calls.redactionAudit.output,
  /** Any failure, as the web host answers it. */
  error: WireErrorSchema,
} as const;
export type CliCommand = keyof typeof cliOutputs;

/** Prints a command's `--json` object after checking it against the command's schema. */
export function printJson<C extends CliCommand>(command: C, value: z.input<(typeof cliOutputs)[C]>): void {
  const parsed = cliOutputs[command].parse(value);
  process.stdout.write(JSON.stringify(parsed) + '\n');
}

/** A failure as JSON: the same `{error:{code,message}}` the web host answers. */
export function printError(e: StudioError): void {
  printJson('error', { error: { code: e.code, message: e.message } });
}
