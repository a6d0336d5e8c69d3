import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityCalls, UserIdentitySchema } from '../../src/common/api';
import { Identity } from '../../src/identity/identity';
import { insertSyntheticEpisodes } from '../../src/workspace/bulk';
import { Catalog } from '../../src/workspace/catalog';
import { Workspace } from '../../src/workspace/workspace';
import { tempDir } from '../helpers/workspace';

let tmp: ReturnType<typeof tempDir>;
let env: NodeJS.ProcessEnv;

/** The built CLI with a temporary home and config folder: the real user's settings are never read. */
function mimic(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, ['bin/mimic.mjs', ...args], {
    encoding: 'utf8',
    env: { ...env, ...extraEnv },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  tmp = tempDir();
  const { MIMIC_USER: _u, MIMIC_USER_ROLE: _r, ...rest } = process.env;
  env = { ...rest, HOME: path.join(tmp.dir, 'home'), MIMIC_CONFIG_DIR: path.join(tmp.dir, 'config') };
});
afterAll(() => tmp.cleanup());

describe('mimic config', () => {
  it("sets this machine's user and shows it", () => {
    expect(UserIdentitySchema.parse(JSON.parse(mimic(['config', '--json']).stdout)).source).toBe('system');
    expect(mimic(['config', 'user.name', 'Ada Lovelace']).status).toBe(0);
    expect(mimic(['config', 'user.role', 'reviewer']).status).toBe(0);
    expect(UserIdentitySchema.parse(JSON.parse(mimic(['config', '--json']).stdout))).toEqual({
      name: 'Ada Lovelace',
      role: 'reviewer',
      source: 'config',
    });
    expect(mimic(['config']).stdout).toContain('user.name  Ada Lovelace');
    expect(mimic(['config', 'user.role']).stdout).toBe('reviewer\n');
    expect(mimic(['config', 'user.role', 'none']).status).toBe(0);
    expect(mimic(['config', 'user.name']).stdout).toBe('Ada Lovelace\n');
    expect(mimic(['config', 'user.role']).stdout).toBe('none\n');
  });

  it('refuses a bad value, a change while MIMIC_USER is set, and a corrupt file', () => {
    const bad = mimic(['config', 'user.role', 'boss']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/user\.role: expected curator, reviewer, expert or none/);
    expect(mimic(['config', 'user.email', 'x']).stderr).toMatch(/unknown key "user\.email"/);

    const envUser = { MIMIC_USER: 'Grace', MIMIC_USER_ROLE: 'expert' };
    expect(JSON.parse(mimic(['config', '--json'], envUser).stdout)).toEqual({
      name: 'Grace',
      role: 'expert',
      source: 'env',
    });
    const refused = mimic(['config', 'user.name', 'Other'], envUser);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/MIMIC_USER is set/);

    const file = path.join(env.MIMIC_CONFIG_DIR!, 'config.json');
    writeFileSync(file, 'not json');
    const corrupt = mimic(['config']);
    expect(corrupt.status).toBe(1);
    expect(corrupt.stderr).toContain(`${file}: not a valid Mimic Studio config file`);
    writeFileSync(file, '{}');
  });
});

describe('mimic audit', () => {
  let wsDir: string;
  let episodes: string[];

  beforeAll(() => {
    wsDir = path.join(tmp.dir, 'ws');
    const ws = Workspace.init(wsDir, {
      identity: new Identity({ MIMIC_USER: 'Ada', MIMIC_USER_ROLE: 'curator' }),
    });
    try {
      insertSyntheticEpisodes(ws.db, 2, 'arm');
      episodes = (ws.db.prepare('SELECT id FROM episodes ORDER BY id').all() as { id: string }[]).map(
        (r) => r.id,
      );
      const catalog = new Catalog(ws.db);
      for (const id of episodes) catalog.setTags(id, ['checked'], ws.audit);
      catalog.setTags(episodes[0]!, ['checked', 'good'], ws.audit);
    } finally {
      ws.close();
    }
  });

  it("prints the listAudit call's output with --json, newest first, one episode's with --episode", () => {
    const all = identityCalls.listAudit.output.parse(JSON.parse(mimic(['audit', wsDir, '--json']).stdout));
    expect(all.items.map((e) => [e.episodeId, e.actor, e.role, e.action])).toEqual([
      [episodes[0], 'Ada', 'curator', 'episode.tags'],
      [episodes[1], 'Ada', 'curator', 'episode.tags'],
      [episodes[0], 'Ada', 'curator', 'episode.tags'],
    ]);
    const one = identityCalls.listAudit.output.parse(
      JSON.parse(mimic(['audit', wsDir, '--episode', episodes[1]!, '--json']).stdout),
    );
    expect(one.items).toEqual([all.items[1]]);
  });

  it('prints one line per row without --json', () => {
    const lines = mimic(['audit', wsDir, '--episode', episodes[0]!]).stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      new RegExp(`^\\d{4}-\\S+ {2}Ada \\(curator\\) {2}episode\\.tags {2}${episodes[0]}$`),
    );
    expect(mimic(['audit', path.join(tmp.dir, 'nowhere')]).status).toBe(1);
  });
});
