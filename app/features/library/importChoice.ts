import type { RecordingInfo, RobomimicInfo } from '../../../src/common/api';

// What an import asks before it starts: which topics of MCAP files and ROS bags, and the control
// rate of robomimic files (they hold no times).

export const RECORDING_EXTENSIONS = ['.mcap', '.bag'];
export const ROBOMIMIC_EXTENSIONS = ['.hdf5', '.h5'];

const hasExtension = (name: string, list: string[]) => list.some((x) => name.toLowerCase().endsWith(x));
export const isRecording = (name: string) => hasExtension(name, RECORDING_EXTENSIONS);
export const isRobomimic = (name: string) => hasExtension(name, ROBOMIMIC_EXTENSIONS);

/** Files picked alone (not a folder) of which one is a recording or a robomimic file: ask first. */
export function needsOptions(names: string[], inFolder: boolean): boolean {
  return !inFolder && names.some((n) => isRecording(n) || isRobomimic(n));
}

/** The topics ticked at first: each file's topics that an import makes something of. */
export function defaultTopics(recordings: RecordingInfo[]): Map<string, Set<string>> {
  return new Map(
    recordings.map((r) => [
      r.path,
      new Set(r.topics.filter((t) => t.becomes !== 'nothing').map((t) => t.topic)),
    ]),
  );
}

/** The rate shown at first: the one every robomimic file names, else empty (the user must give one). */
export function defaultRate(files: RobomimicInfo[]): string {
  const rates = [...new Set(files.map((f) => f.controlFreqHz))];
  return rates.length === 1 && rates[0] !== null ? String(rates[0]) : '';
}

/** One import to start: its paths and options (the dataset is added by the dialog). */
export interface ImportPart {
  paths: string[];
  topics?: string[];
  rateHz?: number;
}

const baseName = (p: string) => p.split(/[\\/]/).pop() ?? p;

/**
 * The imports to start for what the user chose, or a problem to show. Each recording is its own
 * import with its own topics (an import refuses a named topic a file lacks); the other files go
 * together, with the control rate unless every robomimic file names that very rate itself.
 */
export function importChoice(
  paths: string[],
  recordings: RecordingInfo[],
  chosen: Map<string, Set<string>>,
  robomimic: RobomimicInfo[],
  rate: string,
): { parts: ImportPart[] } | { problem: string } {
  const parts: ImportPart[] = [];
  for (const r of recordings) {
    const topics = [...(chosen.get(r.path) ?? [])].sort();
    if (topics.length === 0) return { problem: `Choose at least one topic of ${baseName(r.path)}.` };
    parts.push({ paths: [r.path], topics });
  }
  const others = paths.filter((p) => !recordings.some((r) => r.path === p));
  if (others.length === 0) return { parts };
  const rest: ImportPart = { paths: others };
  if (robomimic.length > 0) {
    const hz = Number(rate);
    if (rate.trim() === '' || !Number.isFinite(hz) || hz <= 0 || hz > 10_000) {
      return {
        problem:
          'Give the control rate (Hz) the robomimic demos were recorded at: a number above 0, at most 10000.',
      };
    }
    if (!robomimic.every((f) => f.controlFreqHz === hz)) rest.rateHz = hz;
  }
  parts.push(rest);
  return { parts };
}
