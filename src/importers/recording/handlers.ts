import { StudioError, type HandlersFor, type recordingCalls } from '../../common/api';
import type { FeatureDeps } from '../../feature/deps';
import { isInputError } from '../importEpisode';
import { inspectRobomimic } from '../robomimic/inspect';
import { inspectRecording } from './inspect';

/** A file the user can fix (damaged, not the format) is bad input, its message naming the file. */
async function asBadInput<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    if (isInputError(e)) throw new StudioError('bad_input', e.message);
    throw e;
  }
}

/** Handlers of the recording calls: a file's topics (read in the host within a time bound), a robomimic file's rate. */
export function createRecordingHandlers(_deps: FeatureDeps): HandlersFor<typeof recordingCalls> {
  return {
    inspectRecording: ({ path }) => asBadInput(() => inspectRecording(path)),
    inspectRobomimic: ({ path }) => asBadInput(() => inspectRobomimic(path)),
  };
}
