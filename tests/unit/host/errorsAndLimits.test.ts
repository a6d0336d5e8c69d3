import { describe, expect, it } from 'vitest';
import { StudioError } from '../../../src/common/api';
import { errorReply, HttpError, scrubMessage } from '../../../src/host/httpErrors';
import { formatMb, maxUploadBytesFrom, MB } from '../../../src/host/limits';

describe('scrubMessage', () => {
  it('cuts server folders, keeps only the base name of other absolute paths, and drops stack frames', () => {
    const message = [
      "ENOENT: no such file or directory, open '/srv/ws/staging/abc/clip.mp4'",
      '    at Object.openSync (node:fs:573:18)',
      '    at /home/me/mimic/node_modules/x/index.js:1:1',
    ].join('\n');
    expect(scrubMessage(message, ['/srv/ws'])).toBe(
      "ENOENT: no such file or directory, open '…/staging/abc/clip.mp4'",
    );
    expect(scrubMessage('cannot read /etc/mimic/secret.json (EACCES)', [])).toBe(
      'cannot read …/secret.json (EACCES)',
    );
    expect(scrubMessage('C:\\Users\\me\\ws\\studio.db is locked', [])).toBe('…/studio.db is locked');
    expect(scrubMessage('from file:///opt/app/dist/main.js', [])).toBe('from …/main.js');
    expect(scrubMessage('see node_modules/better-sqlite3/lib', [])).toBe('see …');
    expect(scrubMessage('open /srv/ws/x.db (a/b)', ['/', '/srv/ws'])).toBe('open …/x.db (a/b)');
  });

  it('leaves ordinary messages as they are and caps long ones quickly', () => {
    for (const message of [
      'getEpisode: no episode ep_1 (a/b is fine)',
      'mesh "package://toy_arm/meshes/base.dae" was not found; see https://example.org/a/b',
      'a ratio of 1 / 2',
    ])
      expect(scrubMessage(message, [])).toBe(message);
    const started = Date.now();
    const long = scrubMessage(`no episode ${'x'.repeat(3 * MB)}`, []);
    expect(long.length).toBeLessThanOrEqual(1001);
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe('errorReply', () => {
  it('maps refusals and studio errors to their status, and anything else to a 500', () => {
    expect(errorReply(new HttpError(413, 'too_large', 'big'), [])).toMatchObject({
      status: 413,
      unexpected: false,
    });
    expect(errorReply(new StudioError('conflict', 'taken'), [])).toMatchObject({
      status: 409,
      body: { error: { code: 'conflict', message: 'taken' } },
    });
    const crash = errorReply(new TypeError("Cannot read properties of undefined (reading 'x')"), []);
    expect(crash).toMatchObject({ status: 500, unexpected: true, body: { error: { code: 'internal' } } });
  });
});

describe('upload limit', () => {
  it('comes from --max-upload-mb, else MIMIC_MAX_UPLOAD_MB, else the default', () => {
    expect(maxUploadBytesFrom('10', { MIMIC_MAX_UPLOAD_MB: '20' })).toBe(10 * MB);
    expect(maxUploadBytesFrom(undefined, { MIMIC_MAX_UPLOAD_MB: '0.5' })).toBe(MB / 2);
    expect(maxUploadBytesFrom(undefined, {})).toBeUndefined();
    expect(() => maxUploadBytesFrom('lots', {})).toThrow(/--max-upload-mb lots/);
    expect(() => maxUploadBytesFrom(undefined, { MIMIC_MAX_UPLOAD_MB: '-1' })).toThrow(/MIMIC_MAX_UPLOAD_MB/);
    expect(formatMb(2048 * MB)).toBe('2048 MB');
  });
});
