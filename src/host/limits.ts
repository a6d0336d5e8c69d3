// What one request may cost the web host. Requests beyond these are answered 413 or 408 with a
// JSON message; ARCHITECTURE.md lists the values and why.

export interface WebHostLimits {
  /** The largest JSON body of an API call. */
  maxJsonBytes: number;
  /** The largest file one `PUT /upload` may stage. */
  maxUploadBytes: number;
  /** Headers must arrive within this, and a body may not pause for longer. */
  stallTimeoutMs: number;
}

export const MB = 1024 * 1024;

export const DEFAULT_WEB_LIMITS: Readonly<WebHostLimits> = {
  maxJsonBytes: 4 * MB,
  // An hour of 1080p H.264 at ~4 Mbit/s is ~1.8 GB: long teleop recordings fit, a runaway or
  // hostile client cannot fill the disk with one request. Bigger files import by path (CLI, desktop).
  maxUploadBytes: 2048 * MB,
  stallTimeoutMs: 10_000,
};

/** Staged upload batches untouched for longer than this are removed when the web host starts. */
export const STAGING_MAX_AGE_MS = 24 * 3600 * 1000;

/** `1 MB`, `2048 MB`: sizes as the `--max-upload-mb` option takes them. */
export const formatMb = (bytes: number): string => `${Math.round((bytes / MB) * 100) / 100} MB`;

/**
 * The upload limit from `mimic serve --max-upload-mb N` or else `MIMIC_MAX_UPLOAD_MB`, in bytes;
 * undefined when neither is given. Throws on anything but a positive number.
 */
export function maxUploadBytesFrom(flag: string | undefined, env: NodeJS.ProcessEnv): number | undefined {
  const [source, given] =
    flag !== undefined ? ['--max-upload-mb', flag] : ['MIMIC_MAX_UPLOAD_MB', env.MIMIC_MAX_UPLOAD_MB];
  if (given === undefined || given === '') return undefined;
  const mb = Number(given);
  if (!Number.isFinite(mb) || mb <= 0)
    throw new Error(`${source} ${given}: not a positive number of megabytes`);
  return Math.floor(mb * MB);
}
