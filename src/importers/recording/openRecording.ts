import { ImportInputError } from '../inputError';
import { openMcap } from '../mcap/mcapReader';
import { openBag } from '../rosbag/bagReader';
import { openRegular } from '../sourceFile';
import { FileReadable } from './fileReadable';
import type { RecordingReader } from './types';

const MCAP_MAGIC = [0x89, 0x4d, 0x43, 0x41, 0x50]; // \x89MCAP
const BAG_MAGIC = '#ROSBAG V';

/**
 * Opens a regular file and the reader its first bytes call for (whatever its name says). The
 * caller closes the reader with `close()`, which also closes the file.
 */
export async function openRecording(
  file: string,
  signal: AbortSignal,
): Promise<{ reader: RecordingReader; source: FileReadable; close: () => Promise<void> }> {
  const { fh, size } = await openRegular(file, signal);
  const source = new FileReadable(file, fh, size, signal);
  const close = () => fh.close();
  try {
    const head = await source.read(0, Math.min(size, 16));
    const text = new TextDecoder('latin1').decode(head);
    let reader: RecordingReader;
    if (MCAP_MAGIC.every((b, i) => head[i] === b)) reader = await openMcap(source);
    else if (text.startsWith(BAG_MAGIC)) {
      if (!text.startsWith(`${BAG_MAGIC}2.0`)) {
        throw new ImportInputError(
          file,
          `${file}: a ROS bag of format ${text.slice(9, 12)}; only format 2.0 (ROS 1 since 2010) is read`,
        );
      }
      reader = await openBag(source);
    } else {
      throw new ImportInputError(
        file,
        `${file}: neither an MCAP file nor a ROS 1 bag (its first bytes are not the MCAP or #ROSBAG magic)`,
      );
    }
    return { reader, source, close };
  } catch (e) {
    await close();
    throw e;
  }
}
