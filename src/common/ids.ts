// Branded ids and units: a frame index is never passed where a time is expected.
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type DatasetId = Brand<string, 'DatasetId'>;
export type EpisodeId = Brand<string, 'EpisodeId'>;
export type StreamId = Brand<string, 'StreamId'>;
export type JobId = Brand<string, 'JobId'>;
/** sha256 of a blob's content, lowercase hex. */
export type BlobHash = Brand<string, 'BlobHash'>;
/** Integer nanoseconds from episode start. Kept in a JS number: exact up to ~104 days. */
export type Nanoseconds = Brand<number, 'Nanoseconds'>;
export type FrameIndex = Brand<number, 'FrameIndex'>;

export const ns = (n: number): Nanoseconds => Math.round(n) as Nanoseconds;
export const secondsToNs = (s: number): Nanoseconds => Math.round(s * 1e9) as Nanoseconds;
export const nsToSeconds = (t: Nanoseconds): number => t / 1e9;
