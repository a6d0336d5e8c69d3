// The ranges an import accepts, checked before any value is converted: a series value is stored as
// float32 and a time as int64 nanoseconds, and a conversion out of range does not fail, it overflows.

/** The largest finite float32. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** Times are int64 ns: 2^63 ns is about 292 years. As a float64 bound, the first value past int64. */
export const INT64_NS_LIMIT = 2 ** 63;

/**
 * The longest episode an import accepts: 24 h. Demonstrations last seconds to minutes and a whole
 * day of logging is already far beyond them, so anything longer is taken for a unit mistake (ns
 * written in a seconds column). It also keeps every episode time an exact JavaScript integer.
 */
export const MAX_EPISODE_NS = 24 * 3600 * 1e9;

/** How deeply a JSONL record may nest objects (`a.b.c…`). */
export const MAX_JSON_DEPTH = 64;

/** The largest teleop log read whole into memory (CSV and JSONL are parsed in one piece). */
export const MAX_LOG_BYTES = 256 * 1024 * 1024;

/**
 * Reads of an input file or tool runs over it are given `base + size / MIN_READ_BYTES_PER_MS`: a file
 * that reads slower than 10 MB/s on average is taken as stalled (a hung network drive or tool).
 */
export const DEFAULT_READ_TIMEOUT_MS = 60_000;
export const MIN_READ_BYTES_PER_MS = 10_000;

export const outsideFloat32 = (v: number): boolean => !Number.isFinite(Math.fround(v));

export const formatHours = (ns: number): string => `${+(ns / 3.6e12).toFixed(1)} h`;
