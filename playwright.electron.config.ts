import { defineConfig } from '@playwright/test';

// Runs the desktop shell itself; needs Electron's binary (see tests/electron/app.spec.ts).
export default defineConfig({
  testDir: 'tests/electron',
  outputDir: 'test-results/electron',
  timeout: 90_000,
  workers: 1,
  reporter: [['list']],
});
