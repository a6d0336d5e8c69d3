import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  describeIssues,
  isJobKind,
  jobKinds,
  StudioError,
  type Job,
  type JobKind,
  type JobParamsInput,
} from '../common/api';
import type { Workspace } from '../workspace/workspace';
import type { FromWorker, ToWorker } from './protocol';
import { JobStore, TERMINAL } from './store';

export interface RunnerOptions {
  /** The bundled worker entry (dist/node/jobWorker.js). */
  workerScript: string;
  /** Jobs run at once; each is its own process, so two use both cores. */
  concurrency?: number;
  /** Claim only these job ids (the CLI runs just what it enqueued). */
  only?: Set<string>;
  /** A running job whose heartbeat is older than this belongs to a process that died. */
  staleMs?: number;
  /** Grace period after a cancel before the worker is killed. */
  killAfterMs?: number;
}

type Listener = (job: Job) => void;

/** Ends a job's row once, with how its worker finished. */
type Finish = (
  state: 'succeeded' | 'failed' | 'cancelled',
  fields: { result?: unknown; error?: string; message: string },
) => void;

/** How often a resumable job is started after crashes before it is marked failed. */
export const MAX_ATTEMPTS = 3;

/** Runs queued jobs in worker processes, records every change in the store, and recovers after crashes. */
export class JobRunner {
  readonly store: JobStore;
  readonly owner = `runner_${process.pid}_${randomBytes(4).toString('hex')}`;
  private readonly active = new Map<string, { child: ChildProcess; cancelling: boolean; stderr: string }>();
  private readonly listeners = new Set<Listener>();
  private readonly messageListeners = new Set<(jobId: string, data: unknown) => void>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly ws: Workspace,
    private readonly opts: RunnerOptions,
  ) {
    this.store = new JobStore(ws.db);
  }

  onJob(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Messages running jobs send to the screens. */
  onMessage(listener: (jobId: string, data: unknown) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  /**
   * Hands `data` to a job running in this process's worker. Resolves false when the job runs nowhere
   * here, has already finished (its worker may still be exiting), or its worker died before the
   * message was written (logged on the job).
   */
  sendInput(id: string, data: unknown): Promise<boolean> {
    const entry = this.active.get(id);
    if (!entry || entry.cancelling || !entry.child.connected) return Promise.resolve(false);
    if (this.store.get(id).state !== 'running') return Promise.resolve(false);
    return this.post(id, entry.child, { type: 'input', data }, 'an input');
  }

  start(): void {
    this.recover();
    this.timer = setInterval(() => this.tick(), 1000);
    this.timer.unref();
    this.pump();
  }

  /** Queues a job of a declared kind; its parameters are checked against the kind's schema first. */
  enqueue<K extends JobKind>(kind: K, title: string, params: JobParamsInput<K>): Job {
    if (!isJobKind(kind)) throw new StudioError('bad_input', `unknown job kind "${String(kind)}"`);
    const parsed = jobKinds[kind].params.safeParse(params);
    if (!parsed.success) throw new StudioError('bad_input', `${kind} job: ${describeIssues(parsed.error)}`);
    const job = this.store.enqueue(kind, title, parsed.data);
    this.opts.only?.add(job.id);
    this.emit(job);
    queueMicrotask(() => this.pumpLater());
    return job;
  }

  cancel(id: string): Job {
    const job = this.store.requestCancel(id);
    this.emit(job);
    this.cancelLocal(id);
    return job;
  }

  /** Resolves when the job reaches succeeded, failed or cancelled (whichever process runs it). */
  waitFor(id: string): Promise<Job> {
    return new Promise((resolve) => {
      const check = () => {
        const job = this.store.get(id);
        if (TERMINAL.includes(job.state)) {
          off();
          clearInterval(poll);
          resolve(job);
        }
      };
      const off = this.onJob((j) => j.id === id && check());
      const poll = setInterval(check, 500);
      check();
    });
  }

  /** The process id of the worker running a job in this process, for diagnostics and tests. */
  workerPid(jobId: string): number | undefined {
    return this.active.get(jobId)?.child.pid;
  }

  /** Stops taking jobs and ends running workers; their jobs resume at the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    const exits = [...this.active.values()].map(
      ({ child }) =>
        new Promise<void>((r) => (child.exitCode !== null ? r() : child.once('exit', () => r()))),
    );
    for (const { child } of this.active.values()) child.kill('SIGTERM');
    await Promise.all(exits);
  }

  /** Marks running jobs of dead processes: queued again when resumable, else failed. */
  recover(): void {
    for (const job of this.store.stale(this.opts.staleMs ?? 15_000)) {
      if (this.active.has(job.id)) continue;
      const resumable = isJobKind(job.kind) && jobKinds[job.kind].resumable;
      const updated =
        resumable && job.attempts < MAX_ATTEMPTS
          ? this.store.requeue(job.id, 'Interrupted by a restart; resuming')
          : this.store.finish(job.id, 'failed', {
              error: resumable
                ? `interrupted ${job.attempts} times; giving up`
                : 'interrupted: the studio stopped while this job ran',
              message: 'Interrupted',
            });
      this.store.log(job.id, 'warn', `recovered after its process stopped (attempt ${job.attempts})`);
      this.emit(updated);
    }
  }

  private tick(): void {
    if (this.stopped) return;
    // What fails here is tried again at the next tick.
    this.guarded('could not look at the job queue', () => {
      if (this.active.size > 0) this.store.heartbeat(this.owner, [...this.active.keys()]);
      for (const id of this.active.keys()) if (this.store.cancelRequested(id)) this.cancelLocal(id);
      this.recover();
      this.pump();
    });
  }

  /**
   * Runs `fn` from a timer, a listener or a callback: there is no caller to answer, and a write the
   * database refuses now (busy past its timeout) is no reason to end the host. It is said on stderr.
   */
  private guarded(what: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      console.error(`job runner: ${what}:`, e);
    }
  }

  /** Claims the next jobs outside a caller's turn (after an enqueue, when a worker exits). */
  private pumpLater(): void {
    this.guarded('could not start the next job', () => this.pump());
  }

  private pump(): void {
    while (!this.stopped && this.active.size < (this.opts.concurrency ?? 2)) {
      const job = this.store.claimNext(this.owner, this.opts.only);
      if (!job) return;
      this.emit(job);
      this.launch(job);
    }
  }

  private launch(job: Job): void {
    const { kind, params, checkpoint } = this.store.params(job.id);
    const child = fork(this.opts.workerScript, [], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
      // The host's own flags (--input-type, loaders, inspectors) do not apply to workers.
      execArgv: [],
    });
    const entry = { child, cancelling: false, stderr: '' };
    this.active.set(job.id, entry);
    // A worker that cannot be started, or whose channel fails, reports it here instead of crashing
    // the studio; its exit then decides the job's fate as for any other crash.
    child.on('error', (err) =>
      this.guarded(`the worker of ${job.id} failed (${err.message}); not logged`, () =>
        this.store.log(job.id, 'error', `worker process: ${err.message}`),
      ),
    );
    child.stderr?.on('data', (d: Buffer) => {
      entry.stderr = (entry.stderr + d.toString()).slice(-8000);
    });
    let finished = false;
    const finish: Finish = (state, fields) => {
      if (finished) return;
      // Finished only once written: a write that fails leaves the job to its worker's exit.
      const row = this.store.finish(job.id, state, fields);
      finished = true;
      this.emit(row);
    };
    // A message that cannot be recorded leaves the job's fate to its worker's exit.
    child.on('message', (m: FromWorker) =>
      this.guarded(`could not record a message from the worker of ${job.id}`, () =>
        this.receive(job.id, m, finish),
      ),
    );
    child.on('exit', (code, signal) => {
      this.active.delete(job.id);
      this.guarded(`could not record how the worker of ${job.id} ended`, () => {
        // A worker that was killed could not remove its temporary files: they go with it.
        if (signal) this.ws.blobs.clearTmp();
        if (!finished && !this.stopped) {
          if (entry.cancelling) finish('cancelled', { message: 'Cancelled' });
          else {
            const why = entry.stderr.trim().split('\n').slice(-3).join(' | ');
            const exit = `the worker process exited (${signal ?? `code ${code}`})${why ? `: ${why}` : ''}`;
            // A worker killed from outside (the OOM killer, a user) is a crash like any other: a
            // resumable kind continues from its checkpoint, a bounded number of times.
            const current = this.store.get(job.id);
            if (
              isJobKind(current.kind) &&
              jobKinds[current.kind].resumable &&
              current.attempts < MAX_ATTEMPTS
            ) {
              this.store.log(
                job.id,
                'warn',
                `${exit}; resuming (attempt ${current.attempts + 1} of ${MAX_ATTEMPTS})`,
              );
              this.emit(this.store.requeue(job.id, 'Worker stopped; resuming from its checkpoint'));
              finished = true;
            } else {
              finish('failed', {
                error:
                  current.attempts >= MAX_ATTEMPTS
                    ? `${exit}; gave up after ${current.attempts} attempts`
                    : exit,
                message: 'Failed',
              });
            }
          }
        }
      });
      if (!this.stopped) queueMicrotask(() => this.pumpLater());
    });
    const start: ToWorker = {
      type: 'start',
      workspace: this.ws.dir,
      jobId: job.id,
      kind,
      params,
      checkpoint,
    };
    void this.post(job.id, child, start, 'the start message');
  }

  /** Records what a worker reports about its job. */
  private receive(jobId: string, m: FromWorker, finish: Finish): void {
    switch (m.type) {
      case 'progress':
        this.emit(this.store.progress(jobId, m.progress, m.message));
        break;
      case 'log':
        this.store.log(jobId, m.level, m.line);
        break;
      case 'done':
        finish('succeeded', { result: m.result, message: m.message });
        break;
      case 'failed':
        this.store.log(jobId, 'error', m.error);
        finish('failed', { error: m.error, message: 'Failed' });
        break;
      case 'cancelled':
        finish('cancelled', { message: 'Cancelled' });
        break;
      case 'message':
        for (const l of this.messageListeners) l(jobId, m.data);
        break;
    }
  }

  /**
   * Sends a message to a worker. A worker may die between the check that its channel is open and
   * the write (EPIPE): that is logged on its job, whose worker's exit is handled as any crash.
   */
  private post(jobId: string, child: ChildProcess, message: ToWorker, what: string): Promise<boolean> {
    return new Promise((resolve) => {
      child.send(message, (err) => {
        resolve(!err);
        if (err)
          this.guarded(`${what} did not reach the worker of ${jobId} (${err.message}); not logged`, () =>
            this.store.log(jobId, 'warn', `${what} did not reach the worker: ${err.message}`),
          );
      });
    });
  }

  private cancelLocal(id: string): void {
    const entry = this.active.get(id);
    if (!entry || entry.cancelling) return;
    entry.cancelling = true;
    void this.post(id, entry.child, { type: 'cancel' }, 'the cancel request');
    setTimeout(
      () => entry.child.exitCode === null && entry.child.kill('SIGKILL'),
      this.opts.killAfterMs ?? 5000,
    ).unref();
  }

  private emit(job: Job): void {
    for (const l of this.listeners) l(job);
  }
}
