import { StudioError, type HandlersFor, type recordingCalls } from '../../common/api';
import type { FeatureDeps } from '../../feature/deps';
import { isInputError } from '../importEpisode';
import { inspectRecording } from './inspect';

/** Handlers of the recording calls: a file's topics, read in the host within a time bound. */
export function createRecordingHandlers(_deps: FeatureDeps): HandlersFor<typeof recordingCalls> {
  return {
    inspectRecording: async ({ path }) => {
      try {
        return await inspectRecording(path);
      } catch (e) {
        if (isInputError(e)) throw new StudioError('bad_input', e.message);
        throw e;
      }
    },
  };
}
