import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Integration tests fork the bundled job worker: build the Node bundles once per run (about a
 * second). The user identity of every test, and of every process it starts, comes from a config
 * folder of the run's own, never the machine's.
 */
export default function setup(): () => void {
  execFileSync(process.execPath, ['scripts/build.mjs', 'node'], { stdio: 'inherit' });
  const configDir = mkdtempSync(path.join(os.tmpdir(), 'mimic-config-'));
  process.env['MIMIC_CONFIG_DIR'] = configDir;
  delete process.env['MIMIC_USER'];
  delete process.env['MIMIC_USER_ROLE'];
  return () => rmSync(configDir, { recursive: true, force: true });
}
