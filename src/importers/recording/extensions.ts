import path from 'node:path';

/** File extensions of the recording containers (MCAP, ROS 1 bag): each file is one episode. */
export const RECORDING_EXTENSIONS = ['.mcap', '.bag'];

export const isRecordingContainer = (file: string): boolean =>
  RECORDING_EXTENSIONS.includes(path.extname(file).toLowerCase());
