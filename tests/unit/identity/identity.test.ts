import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserIdentitySchema } from '../../../src/common/api/identityCalls';
import { configFile } from '../../../src/identity/configFile';
import { Identity } from '../../../src/identity/identity';
import { tempDir } from '../../helpers/workspace';

describe('the user identity of this machine', () => {
  let tmp: ReturnType<typeof tempDir>;
  let env: NodeJS.ProcessEnv;

  beforeEach(() => {
    tmp = tempDir('mimic-identity-');
    env = { MIMIC_CONFIG_DIR: tmp.dir };
  });
  afterEach(() => tmp.cleanup());

  it("is the operating system's user until one is saved", () => {
    expect(new Identity(env).current()).toEqual({
      name: os.userInfo().username,
      role: null,
      source: 'system',
    });
  });

  it('round-trips through the config file, written whole, keeping other settings', () => {
    const file = path.join(tmp.dir, 'config.json');
    writeFileSync(file, JSON.stringify({ theme: 'dark' }));
    const saved = new Identity(env).set('  Ada Lovelace ', 'expert');
    expect(saved).toEqual({ name: 'Ada Lovelace', role: 'expert', source: 'config' });
    expect(UserIdentitySchema.parse(saved)).toEqual(saved);
    expect(new Identity(env).current()).toEqual(saved);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      theme: 'dark',
      user: { name: 'Ada Lovelace', role: 'expert' },
    });
    expect(readdirSync(tmp.dir)).toEqual(['config.json']);
    expect(new Identity(env).set('Ada', null)).toEqual({ name: 'Ada', role: null, source: 'config' });
  });

  it('takes MIMIC_USER over the config file, and refuses to save while it is set', () => {
    new Identity(env).set('Saved', 'curator');
    const overridden = new Identity({ ...env, MIMIC_USER: 'Grace', MIMIC_USER_ROLE: 'reviewer' });
    expect(overridden.current()).toEqual({ name: 'Grace', role: 'reviewer', source: 'env' });
    expect(new Identity({ ...env, MIMIC_USER: 'Grace' }).current().role).toBeNull();
    expect(() => overridden.set('Other', null)).toThrow(
      expect.objectContaining({ code: 'conflict', message: expect.stringMatching(/MIMIC_USER is set/) }),
    );
    expect(new Identity(env).current().name).toBe('Saved');
    expect(() => new Identity({ ...env, MIMIC_USER: 'G', MIMIC_USER_ROLE: 'boss' }).current()).toThrow(
      /MIMIC_USER_ROLE=boss/,
    );
  });

  it('names a corrupt config file in its error', () => {
    const file = path.join(tmp.dir, 'config.json');
    writeFileSync(file, '{"user": {"name": ');
    expect(() => new Identity(env).current()).toThrow(file);
    expect(() => new Identity(env).set('Ada', null)).toThrow(/not a valid Mimic Studio config file/);
    writeFileSync(file, JSON.stringify({ user: { name: 'Ada', role: 'boss' } }));
    expect(() => new Identity(env).current()).toThrow(new RegExp(`${file}.*user\\.role`));
  });

  it('lives in the platform config folder unless MIMIC_CONFIG_DIR says otherwise', () => {
    if (process.platform !== 'linux') return;
    expect(configFile({ XDG_CONFIG_HOME: '/x' })).toBe('/x/mimic-studio/config.json');
    expect(configFile({})).toBe(path.join(os.homedir(), '.config', 'mimic-studio', 'config.json'));
    expect(configFile({ MIMIC_CONFIG_DIR: '/c', XDG_CONFIG_HOME: '/x' })).toBe('/c/config.json');
  });
});
