import { parseArgs } from 'node:util';
import { LR_SCHEDULES, StudioError, type LrSchedule } from '../common/api';
import { WorkspaceError } from '../workspace/workspace';
import { maxUploadBytesFrom } from '../host/limits';
import { callCommand, initCommand, listCommand, serveCommand } from './commands';
import { daggerCommand, daggerImportCommand } from './daggerCommand';
import { exportCommand } from './exportCommands';
import { auditCommand, configCommand } from './identityCommands';
import { importCommand, simCommand } from './importCommands';
import { gcCommand, verifyCommand } from './maintenanceCommands';
import { inspectCommand } from './recordingCommands';
import { REDACT_SUBCOMMANDS, redactCommand, type RedactSubcommand } from './redactCommands';
import { say } from './output';
import { printError } from './outputs';
import { segmentsCommand, trimIdleCommand } from './segmentCommands';
import { addRobotCommand, robotsCommand } from './robotCommands';
import { evalCommand, trainCommand } from './trainCommand';
import { decideCommand, qualityCommand, tagCommand } from './qualityCommands';
import { readFileSync } from 'node:fs';

const USAGE = `Usage: mimic <command> [options]

  init <workspace> [--json]                create a workspace folder
  import <workspace> <path>... [--dataset NAME] [--topic TOPIC]... [--rate-hz N] [--json]
                                           import videos (+ CSV/JSONL teleop logs), LeRobot datasets,
                                           MCAP files, ROS 1 bags, robomimic .hdf5 files or folders
                                           (--topic: only these topics of recordings; --rate-hz: the
                                           control rate of files without times)
  inspect <workspace> <file> [--json]      an MCAP file's or ROS bag's topics: types, counts, rates
  export <workspace> --format lerobot-v3|robomimic --out DIR|FILE.hdf5 [--dataset NAME] [--include-tag TAG]
      [--exclude-tag TAG]... [--force-unredacted REASON] [--json]
                                           write a dataset's episodes (trims applied; without
                                           rejected and flagged ones unless --exclude-tag is given;
                                           without those whose face redaction is not approved and
                                           rendered unless forced with a reason, which is audited)
  list <workspace> [--dataset NAME] [--all] [--json]
                                           list episodes (--all: with those replaced by a split
                                           or merge)
  sim <workspace> --env pusht|lane|arm --episodes N --seed S [--skill better|okay|worse|mixed|oracle]
      [--dataset NAME] [--json]            scripted demonstrations from a built-in simulator
                                           (oracle: the expert's flawless policy)
  dagger <workspace> --env lane|pusht|arm --policy bc-mlp --iterations K --rollouts N --labeler oracle
      [--select all|uncertain --budget B] [--init-demos D] [--seed S] [--eval-episodes E] [--json]
                                           DAgger: the oracle's demonstrations, then K rounds of
                                           policy rollouts labelled by the oracle, aggregated,
                                           retrained and evaluated (--budget: frames labelled a
                                           round: the most uncertain with --select uncertain, the
                                           first ones with --select all)
  dagger import <workspace> --run ID --episode ID[,ID…]|@FILE... [--policy-version V] [--json]
                                           attach imported episodes (e.g. real-robot rollouts) to
                                           a run's current iteration as rollouts to label (policy
                                           version: as given, else "external")
  train <workspace> --policy bc-mlp|bc-cnn|bc-rnn|bc-gmm|knn --dataset NAME [--epochs N] [--seed S]
      [--batch-size N] [--include-tag TAG] [--exclude-tag TAG]... [--segment LABEL] [--name NAME]
      [--episodes ID,ID…|@FILE] [--relative-actions | --relative-to POINT] [--object-frame NAME]
      [--chunk N] [--lr-schedule constant|cosine] [--temperature T] [--json]
                                           train a policy as a job and register the model (--episodes:
                                           exactly these episodes, ids comma-separated or one a line
                                           in FILE; tag filters then do not apply; --relative-actions:
                                           actions named like a state value learned as offsets from
                                           it, e.g. joint targets from joint positions; --chunk: bc-mlp
                                           predicts N actions at a time and carries them out;
                                           --lr-schedule cosine: the learning rate decays to zero;
                                           --relative-to agent: action points (name_x, name_y) as
                                           offsets from that point; --object-frame block: points
                                           seen from that object (name_x, name_y, name_angle);
                                           knn: nearest neighbours, no optimizer steps, --temperature
                                           sets how many neighbours weigh in)
  eval <workspace> --model ID --env pusht|lane|arm --episodes N --seed S [--json]
                                           success rate of a model over seeded rollouts, and the
                                           task's continuous scores (mean ± SD, min, max)
  quality <workspace> [--dataset NAME] [--json]
                                           each episode's quality score (higher is worse) and flags,
                                           worst first; signals are recomputed where data changed
  decide <workspace> --episode ID[,ID…] --decision keep|reject|review [--note TEXT] [--json]
                                           a curator's decision: tags kept, rejected or flagged
                                           (training and exports leave out rejected and flagged)
  tag <workspace> --episodes ID,ID…|@FILE [--add TAG]... [--remove TAG]... [--json]
                                           add and remove tags on many episodes at once
  segments <workspace> --episode ID [--json]
                                           an episode's segments and trim
  trim-idle <workspace> [--dataset NAME] [--json]
                                           trim the idle start and end of every episode
  add-robot <workspace> <urdf> [--meshes DIR] [--name NAME] [--json]
                                           copy a URDF and the meshes it names into the workspace
  robots <workspace> [--json]              list the built-in robot and the added ones
  call <workspace> <call> [JSON]           any contract call (as the web host serves it); prints its
                                           output as JSON
  config [user.name NAME | user.role curator|reviewer|expert|none] [--json]
                                           show or set who this machine's user is
  audit <workspace> [--episode ID] [--json]
                                           who changed what, newest first
  verify <workspace> [--episode ID] [--again] [--json]
                                           decode every video not checked yet; damaged ones are
                                           marked and listed (exit 1)
  gc <workspace> [--dry-run] [--json]      remove blobs nothing refers to (old checkpoints, …)
  redact detect <workspace> [--episode ID] [--threshold T] [--again] [--json]
                                           find and track faces (a job); prints every track's boxes
                                           in source pixels, as the render would hide them
  redact status <workspace> [--episode ID] [--json]
                                           redaction review status: unreviewed, in_review, approved
  redact approve <workspace> --episode ID [--all] [--json]
                                           sign the review off (--all: approve pending tracks too)
  redact render <workspace> --episode ID [--approve-all] [--mode pixelate|blur] [--keep-audio] [--json]
                                           render a redacted copy (frame times kept, metadata gone)
  redact audit <workspace> [--episode ID] [--csv | --json]
                                           every redaction decision with who made it, oldest first
  serve [<workspace>] [--port N] [--host ADDR] [--max-upload-mb N]
                                           serve the studio in a browser (default: the embedded
                                           default workspace with sample episodes); uploads up to
                                           N MB each (default 2048, or MIMIC_MAX_UPLOAD_MB)
`;

const OPTIONS = {
  dataset: { type: 'string' },
  topic: { type: 'string', multiple: true },
  json: { type: 'boolean', default: false },
  port: { type: 'string', default: '0' },
  host: { type: 'string', default: '127.0.0.1' },
  help: { type: 'boolean', short: 'h', default: false },
  env: { type: 'string' },
  episodes: { type: 'string' },
  seed: { type: 'string' },
  skill: { type: 'string' },
  policy: { type: 'string' },
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  'relative-actions': { type: 'boolean' },
  'relative-to': { type: 'string' },
  'object-frame': { type: 'string' },
  temperature: { type: 'string' },
  chunk: { type: 'string' },
  'lr-schedule': { type: 'string' },
  'include-tag': { type: 'string' },
  segment: { type: 'string' },
  'exclude-tag': { type: 'string', multiple: true },
  name: { type: 'string' },
  model: { type: 'string' },
  episode: { type: 'string' },
  meshes: { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  again: { type: 'boolean', default: false },
  all: { type: 'boolean', default: false },
  'max-upload-mb': { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  'rate-hz': { type: 'string' },
  iterations: { type: 'string' },
  rollouts: { type: 'string' },
  labeler: { type: 'string' },
  select: { type: 'string' },
  budget: { type: 'string' },
  'init-demos': { type: 'string' },
  'eval-episodes': { type: 'string' },
  decision: { type: 'string' },
  note: { type: 'string' },
  add: { type: 'string', multiple: true },
  remove: { type: 'string', multiple: true },
  threshold: { type: 'string' },
  mode: { type: 'string', default: 'pixelate' },
  'keep-audio': { type: 'boolean', default: false },
  'approve-all': { type: 'boolean', default: false },
  csv: { type: 'boolean', default: false },
  'force-unredacted': { type: 'string' },
  run: { type: 'string' },
  'policy-version': { type: 'string' },
} as const;

/** Episode ids: comma-separated, or `@FILE` with one a line (blank lines skipped). */
function idList(name: string, value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  let text = value;
  if (value.startsWith('@')) {
    try {
      text = readFileSync(value.slice(1), 'utf8');
    } catch (e) {
      throw new UsageError(`--${name} ${value}: ${(e as Error).message}`);
    }
  }
  const ids = text
    .split(/[,\n\r]+/)
    .map((t) => t.trim())
    .filter(Boolean);
  if (ids.length === 0) throw new UsageError(`--${name}: name at least one episode id`);
  return ids;
}

/** A whole-number option, or undefined when absent; anything else is a usage error. */
function intOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new UsageError(`--${name} ${value}: expected a whole number`);
  return n;
}

/** A number option (already present); anything else is a usage error. */
function numberOption(name: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n))
    throw new UsageError(`--${name} ${value}: expected a number`);
  return n;
}

/** `--lr-schedule constant|cosine`, or nothing. */
function lrSchedule(value: string | undefined): { lrSchedule?: LrSchedule } {
  if (value === undefined) return {};
  const known = LR_SCHEDULES.find((k) => k === value);
  if (!known) throw new UsageError(`--lr-schedule ${value}: expected ${LR_SCHEDULES.join(' or ')}`);
  return { lrSchedule: known };
}

/** `--rate-hz N`: a positive number of Hz, or nothing. */
function rateOption(value: string | undefined): { rateHz?: number } {
  if (value === undefined) return {};
  const n = Number(value);
  if (!(Number.isFinite(n) && n > 0 && n <= 10_000))
    throw new UsageError(`--rate-hz ${value}: expected a rate in Hz (above 0, at most 10000)`);
  return { rateHz: n };
}

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    say(`mimic: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ws, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return command || values.help ? 0 : 2;
  }
  const needWs = () => {
    if (!ws) throw new UsageError(`mimic ${command}: name a workspace folder`);
    return ws;
  };
  try {
    switch (command) {
      case 'init':
        return await initCommand(needWs(), values.json);
      case 'call':
        if (rest.length < 1 || rest.length > 2)
          throw new UsageError('mimic call: name a call and, optionally, its input as JSON');
        return await callCommand(needWs(), rest[0]!, rest[1]);
      case 'import':
        if (rest.length === 0)
          throw new UsageError('mimic import: name at least one file or folder to import');
        return await importCommand(
          needWs(),
          rest,
          {
            dataset: values.dataset ?? 'default',
            ...rateOption(values['rate-hz']),
            ...(values.topic ? { topics: values.topic } : {}),
          },
          values.json,
        );
      case 'inspect':
        if (rest.length !== 1) throw new UsageError('mimic inspect: name one MCAP file or ROS bag');
        return await inspectCommand(needWs(), rest[0]!, values.json);
      case 'sim':
        return await simCommand(
          needWs(),
          {
            env: values.env as never,
            episodes: intOption('episodes', values.episodes),
            seed: intOption('seed', values.seed),
            skill: values.skill as never,
            dataset: values.dataset ?? `${values.env ?? 'sim'}-demos`,
          },
          values.json,
        );
      case 'train':
        return await trainCommand(
          needWs(),
          {
            policy: values.policy as never,
            dataset: values.dataset,
            epochs: intOption('epochs', values.epochs),
            seed: intOption('seed', values.seed),
            batchSize: intOption('batch-size', values['batch-size']),
            includeTag: values['include-tag'],
            segmentLabel: values.segment,
            excludeTags: values['exclude-tag'],
            name: values.name,
            episodeIds: idList('episodes', values.episodes),
            hyperparameters: {
              ...(values['relative-actions'] ? { relativeActions: true } : {}),
              ...(values['relative-to'] === undefined ? {} : { actionsRelativeTo: values['relative-to'] }),
              ...(values['object-frame'] === undefined ? {} : { objectFrame: values['object-frame'] }),
              ...(values.temperature === undefined
                ? {}
                : { temperature: numberOption('temperature', values.temperature) }),
              ...(values.chunk === undefined ? {} : { chunk: intOption('chunk', values.chunk) }),
              ...lrSchedule(values['lr-schedule']),
            },
          },
          values.json,
        );
      case 'quality':
        return await qualityCommand(needWs(), values.dataset, values.json);
      case 'decide': {
        const decision = values.decision;
        if (decision !== 'keep' && decision !== 'reject' && decision !== 'review')
          throw new UsageError(`mimic decide: --decision keep, reject or review (got ${decision ?? 'none'})`);
        const ids = idList('episode', values.episode);
        if (!ids) throw new UsageError('mimic decide: name an episode with --episode ID');
        return await decideCommand(needWs(), ids, decision, values.note, values.json);
      }
      case 'tag': {
        const ids = idList('episodes', values.episodes);
        if (!ids) throw new UsageError('mimic tag: name episodes with --episodes ID,ID…');
        return await tagCommand(needWs(), ids, values.add ?? [], values.remove ?? [], values.json);
      }
      case 'eval':
        return await evalCommand(
          needWs(),
          {
            model: values.model,
            env: values.env as never,
            episodes: intOption('episodes', values.episodes),
            seed: intOption('seed', values.seed),
          },
          values.json,
        );
      case 'dagger':
        if (ws === 'import') {
          const [dir, ...extra] = rest;
          if (!dir || extra.length > 0)
            throw new UsageError('mimic dagger import: name one workspace folder');
          if (!values.run) throw new UsageError('mimic dagger import: name the DAgger run with --run ID');
          // --episode may be given more than once here: read again with it as a list.
          const repeated = parseArgs({
            args: argv,
            options: { ...OPTIONS, episode: { type: 'string', multiple: true } },
            allowPositionals: true,
            strict: true,
          }).values.episode;
          const episodeIds = repeated?.flatMap((e) => idList('episode', e) ?? []);
          if (!episodeIds?.length)
            throw new UsageError('mimic dagger import: name episodes with --episode ID[,ID…]');
          return await daggerImportCommand(
            dir,
            { runId: values.run, episodeIds, policyVersion: values['policy-version'] },
            values.json,
          );
        }
        return await daggerCommand(
          needWs(),
          {
            env: values.env as never,
            policy: values.policy as never,
            iterations: intOption('iterations', values.iterations),
            rollouts: intOption('rollouts', values.rollouts),
            labeler: values.labeler as never,
            select: values.select as never,
            budget: intOption('budget', values.budget),
            initDemos: intOption('init-demos', values['init-demos']),
            seed: intOption('seed', values.seed),
            evalEpisodes: intOption('eval-episodes', values['eval-episodes']),
            dataset: values.dataset,
          },
          values.json,
        );
      case 'export':
        if (values.format !== 'lerobot-v3' && values.format !== 'robomimic')
          throw new UsageError(
            `mimic export: --format lerobot-v3 or robomimic are the formats written (got ${values.format ?? 'none'})`,
          );
        if (!values.out)
          throw new UsageError(
            'mimic export: name the folder (lerobot-v3) or .hdf5 file (robomimic) to write with --out',
          );
        return await exportCommand(
          needWs(),
          {
            dataset: values.dataset ?? 'default',
            format: values.format,
            out: values.out,
            includeTag: values['include-tag'],
            ...(values['exclude-tag'] ? { excludeTags: values['exclude-tag'] } : {}),
            ...(values['force-unredacted'] ? { forceUnredacted: values['force-unredacted'] } : {}),
          },
          values.json,
        );
      case 'list':
        return await listCommand(needWs(), { dataset: values.dataset, all: values.all }, values.json);
      case 'segments':
        if (!values.episode) throw new UsageError('mimic segments: name an episode with --episode ID');
        return await segmentsCommand(needWs(), values.episode, values.json);
      case 'trim-idle':
        return await trimIdleCommand(needWs(), values.dataset, values.json);
      case 'add-robot':
        if (rest.length !== 1) throw new UsageError('mimic add-robot: name one URDF file');
        return await addRobotCommand(
          needWs(),
          rest[0]!,
          { meshes: values.meshes, name: values.name },
          values.json,
        );
      case 'verify':
        return await verifyCommand(needWs(), { episodeId: values.episode, again: values.again }, values.json);
      case 'redact': {
        const sub = ws as RedactSubcommand | undefined;
        if (!sub || !REDACT_SUBCOMMANDS.includes(sub))
          throw new UsageError(`mimic redact: ${REDACT_SUBCOMMANDS.join(', ')} (got ${sub ?? 'nothing'})`);
        if (rest.length !== 1) throw new UsageError(`mimic redact ${sub}: name one workspace folder`);
        if ((sub === 'approve' || sub === 'render') && !values.episode)
          throw new UsageError(`mimic redact ${sub}: name an episode with --episode ID`);
        if (values.mode !== 'pixelate' && values.mode !== 'blur')
          throw new UsageError(`--mode ${values.mode}: pixelate or blur`);
        const threshold = values.threshold === undefined ? undefined : Number(values.threshold);
        if (threshold !== undefined && !(threshold > 0 && threshold < 1))
          throw new UsageError(`--threshold ${values.threshold}: a score between 0 and 1`);
        return await redactCommand(sub, rest[0]!, {
          episodeId: values.episode,
          threshold,
          again: values.again,
          all: values.all,
          approveAll: values['approve-all'],
          mode: values.mode,
          keepAudio: values['keep-audio'],
          csv: values.csv,
          json: values.json,
        });
      }
      case 'gc':
        return await gcCommand(needWs(), values['dry-run'], values.json);
      case 'robots':
        return await robotsCommand(needWs(), values.json);
      case 'config':
        return await configCommand(positionals.slice(1), values.json);
      case 'audit':
        return await auditCommand(needWs(), values.episode, values.json);
      case 'serve': {
        const port = Number(values.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new UsageError(`--port ${values.port}: not a port number`);
        let maxUploadBytes: number | undefined;
        try {
          maxUploadBytes = maxUploadBytesFrom(values['max-upload-mb'], process.env);
        } catch (e) {
          throw new UsageError((e as Error).message);
        }
        return await serveCommand(ws, port, values.host, maxUploadBytes);
      }
      default:
        throw new UsageError(`mimic: unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      say(`${e.message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof WorkspaceError || e instanceof StudioError) {
      // The same failure a web client gets: `{error:{code,message}}` with --json.
      const error = e instanceof StudioError ? e : new StudioError('not_found', e.message);
      if (values.json || command === 'call') printError(error);
      say(`mimic: ${e.message}`);
      return error.code === 'bad_input' ? 2 : 1;
    }
    throw e;
  }
}

class UsageError extends Error {}
