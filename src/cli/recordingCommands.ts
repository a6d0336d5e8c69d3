import { printJson } from './outputs';
import { say } from './output';
import { withSession } from './session';

const seconds = (ns: number | null) => (ns === null ? '-' : `${(ns / 1e9).toFixed(3)} s`);

/** `mimic inspect <ws> <file>`: an MCAP file's or ROS bag's topics and what an import makes of each. */
export async function inspectCommand(dir: string, file: string, json: boolean): Promise<number> {
  const info = await withSession(dir, (s) => s.call('inspectRecording', { path: file }));
  if (json) {
    printJson('inspect', info);
    return 0;
  }
  say(
    `${info.path}: ${info.format}${info.indexed ? '' : ' (unindexed)'}, ${info.messages} messages, ` +
      `${seconds(info.durationNs)} from ${info.startTime ?? '-'}`,
  );
  for (const t of info.topics) {
    const rate = t.rateHz === null ? '' : ` ${t.rateHz.toFixed(1)} Hz`;
    const becomes =
      t.becomes === 'nothing'
        ? `not imported: ${t.reason}`
        : `${t.becomes}${t.columns ? ` (${t.columns} columns)` : ''}`;
    say(
      `  ${t.topic}  ${t.type}  ${t.messages} msgs${rate}  ${seconds(t.firstNs)}–${seconds(t.lastNs)}  → ${becomes}`,
    );
  }
  return 0;
}
