/** Prints to stderr so that stdout stays machine-readable with --json. */
export const say = (line: string) => process.stderr.write(line + '\n');

/** A single-line progress bar on a terminal, plain lines elsewhere. */
export function progressPrinter(): (fraction: number | null, message: string) => void {
  let last = '';
  return (fraction, message) => {
    const pct = fraction === null ? '' : `${Math.round(fraction * 100)}%`.padStart(4);
    if (process.stderr.isTTY) {
      const width = 24;
      const filled = Math.round((fraction ?? 0) * width);
      process.stderr.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct} ${message}`.padEnd(100).slice(0, 100),
      );
      if (fraction === 1) process.stderr.write('\n');
    } else if (message !== last) {
      say(`${pct} ${message}`.trim());
    }
    last = message;
  };
}
