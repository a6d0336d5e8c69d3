import { StudioError, type HandlersFor, type recordingCalls } from '../../common/api';
import type { FeatureDeps } from '../../feature/deps';
import { isInputError } from '../importEpisode';

/** A file the user can fix (damaged, not the format) is bad input, its message naming the file. */
async function asBadInput<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    if (isInputError(e)) throw new StudioError('bad_input', e.message);
    throw e;
  }
}

/**
 * Handlers of the recording calls: a file's topics (read in the host within a time bound), a
 * robomimic file's rate. The readers (MCAP, ROS bags, HDF5) are loaded at the first call, not when
 * the studio or a CLI command starts.
 */
export function createRecordingHandlers(_deps: FeatureDeps): HandlersFor<typeof recordingCalls> {
  return {
    inspectRecording: ({ path }) =>
      asBadInput(async () => (await import('./inspect')).inspectRecording(path)),
    inspectRobomimic: ({ path }) =>
      asBadInput(async () => (await import('../robomimic/inspect')).inspectRobomimic(path)),
  };
}
