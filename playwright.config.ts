import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromiumArgs, findChromium } from './tests/e2e/chromium';

// The studios the tests start name their user from a config folder of this run, never the machine's.
process.env['MIMIC_CONFIG_DIR'] ??= mkdtempSync(path.join(os.tmpdir(), 'mimic-e2e-config-'));
delete process.env['MIMIC_USER'];

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    viewport: { width: 1400, height: 900 },
    launchOptions: { executablePath: findChromium(), args: chromiumArgs },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
