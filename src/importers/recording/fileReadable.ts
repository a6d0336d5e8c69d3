import type { FileHandle } from 'node:fs/promises';
import { ImportInputError } from '../inputError';

/**
 * Random reads of an open file that count the bytes read (for progress) and stop at a cancel. A
 * read past the end is an input error naming the file, not a short buffer a parser misreads.
 */
export class FileReadable {
  bytesRead = 0;

  constructor(
    readonly file: string,
    private readonly fh: FileHandle,
    readonly fileSize: number,
    private readonly signal?: AbortSignal,
  ) {}

  async read(offset: number, length: number): Promise<Uint8Array> {
    this.signal?.throwIfAborted();
    if (!(offset >= 0 && offset <= this.fileSize)) {
      throw new ImportInputError(
        this.file,
        `${this.file}: a record points to byte ${offset} but the file has only ${this.fileSize} bytes: truncated or damaged`,
      );
    }
    if (!(length >= 0 && offset + length <= this.fileSize)) {
      throw new ImportInputError(
        this.file,
        `${this.file}: the record at byte ${offset} reaches past the end of the file (${this.fileSize} bytes): truncated or damaged`,
      );
    }
    const buf = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.fh.read(buf, done, length - done, offset + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    this.bytesRead += done;
    if (done < length) {
      throw new ImportInputError(
        this.file,
        `${this.file}: the file ended while reading byte ${offset + done}`,
      );
    }
    return buf;
  }
}
