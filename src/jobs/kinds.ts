/**
 * Job kinds the runner knows. `resumable`: after a crash or restart the job is queued again (its
 * handler is idempotent or continues from its checkpoint); otherwise it is marked failed.
 */
export const JOB_KINDS: Record<string, { resumable: boolean }> = {
  import: { resumable: true },
  generate: { resumable: true },
  sleep: { resumable: true },
  /** Continues from its last checkpoint blob with the same total steps. */
  train: { resumable: true },
  /** Continues at the first rollout it had not stored. */
  eval: { resumable: true },
  /** Writes the same files again. */
  export: { resumable: true },
};

export const MAX_ATTEMPTS = 3;
