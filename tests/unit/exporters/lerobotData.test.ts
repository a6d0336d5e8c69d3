import path from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { DataFiles, ROW_GROUP_ROWS } from '../../../src/exporters/lerobotData';
import { floatColumn, int64Column } from '../../../src/exporters/parquetColumns';
import { tempDir } from '../../helpers/workspace';

const episode = (k: number, frames: number, from: number) => [
  floatColumn(
    'value',
    Array.from({ length: frames }, (_, i) => k + i / 1000),
  ),
  int64Column(
    'index',
    Array.from({ length: frames }, (_, i) => from + i),
  ),
];

describe('LeRobot data files', () => {
  it('gathers small episodes into row groups and reads back every row in order', async () => {
    const tmp = tempDir();
    try {
      const files = new DataFiles(tmp.dir, 1024 ** 3);
      const frames = 1000;
      const episodes = (ROW_GROUP_ROWS / frames) * 2 + 10;
      for (let k = 0; k < episodes; k++) {
        expect(files.add(episode(k, frames, k * frames), frames, k * frames)).toEqual({ chunk: 0, file: 0 });
      }
      files.close();
      const file = await asyncBufferFromFile(path.join(tmp.dir, 'data/chunk-000/file-000.parquet'));
      const meta = await parquetMetadataAsync(file);
      expect(meta.row_groups.map((g) => Number(g.num_rows))).toEqual([
        ROW_GROUP_ROWS,
        ROW_GROUP_ROWS,
        10 * frames,
      ]);
      const rows = await parquetReadObjects({ file, columns: ['index'] });
      expect(rows.map((r) => Number(r.index))).toEqual(
        Array.from({ length: episodes * frames }, (_, i) => i),
      );
    } finally {
      tmp.cleanup();
    }
  });

  it('opens the next file when the open one plus the episode at its bytes per row would reach the limit', () => {
    const tmp = tempDir();
    try {
      // 12 bytes a row before compression (a float and an int64): 100-row episodes of 1,200 bytes.
      const files = new DataFiles(tmp.dir, 3000);
      const at = [0, 1, 2, 3, 4].map((k) => files.add(episode(k, 100, k * 100), 100, k * 100));
      files.close();
      // 1,200 + 1,200 < 3,000: two episodes share a file; with a third it would reach 3,600.
      expect(at.map((a) => a.file)).toEqual([0, 0, 1, 1, 2]);
    } finally {
      tmp.cleanup();
    }
  });
});
