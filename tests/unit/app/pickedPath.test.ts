import { describe, expect, it } from 'vitest';
import { pickedPath } from '../../../app/client/pickedPath';

describe('pickedPath', () => {
  it('keeps a file picked alone', () => {
    expect(pickedPath('/data/ep1.mp4', '')).toBe('/data/ep1.mp4');
  });

  it('gives the picked folder for a file inside it, with either separator', () => {
    expect(pickedPath('/data/g1/meta/info.json', 'g1/meta/info.json')).toBe('/data/g1');
    expect(pickedPath('C:\\data\\g1\\meta\\info.json', 'g1/meta/info.json')).toBe('C:\\data\\g1');
    expect(pickedPath('/data/g1/README.md', 'g1/README.md')).toBe('/data/g1');
  });
});
