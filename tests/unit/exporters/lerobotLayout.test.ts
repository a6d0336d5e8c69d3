import { describe, expect, it } from 'vitest';
import { dataFile, nextFile, videoFile } from '../../../src/exporters/lerobotLayout';

describe('LeRobot v3.0 file indices', () => {
  it('counts files within a chunk, then starts the next chunk at file 0 (update_chunk_file_indices)', () => {
    expect(nextFile({ chunk: 0, file: 0 })).toEqual({ chunk: 0, file: 1 });
    expect(nextFile({ chunk: 0, file: 998 })).toEqual({ chunk: 0, file: 999 });
    expect(nextFile({ chunk: 0, file: 999 })).toEqual({ chunk: 1, file: 0 });
    expect(nextFile({ chunk: 2, file: 1 }, 2)).toEqual({ chunk: 3, file: 0 });
  });

  it("names files by LeRobot's templates", () => {
    expect(dataFile({ chunk: 1, file: 12 })).toBe('data/chunk-001/file-012.parquet');
    expect(videoFile('observation.images.top', { chunk: 0, file: 3 })).toBe(
      'videos/observation.images.top/chunk-000/file-003.mp4',
    );
  });
});
