// `npm test`: every check the project has, in order — build, type-check, lint, unit and integration
// tests (real SQLite, real ffmpeg), end-to-end tests in real Chromium, and the Electron shell where
// its binary exists. Ends with one line: `tests: N passed, N failed, N skipped`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary, electronSqliteBinding } from './electronNative.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const results = path.join(root, 'test-results');
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

function step(title, cmd, args, env = {}) {
  console.log(`\n=== ${title}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

const CHROMIUM = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
].filter(Boolean);

/** The end-to-end tests need a Chromium. On Debian/Ubuntu as root it is installed with apt; elsewhere we say how. */
function ensureChromium() {
  if (CHROMIUM.some((p) => existsSync(p))) return true;
  const canApt =
    process.getuid?.() === 0 && existsSync('/usr/bin/apt-get') && process.env.MIMIC_NO_INSTALL !== '1';
  if (canApt) {
    console.log(
      "Chromium is missing: installing Debian's chromium with apt-get (set MIMIC_NO_INSTALL=1 to prevent this)",
    );
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
    if (CHROMIUM.some((p) => existsSync(p))) return true;
  }
  console.error(
    'No Chromium for the end-to-end tests. Install it (Debian/Ubuntu: `sudo apt-get install chromium`; macOS: Google Chrome) ' +
      'or set CHROMIUM_PATH to a Chromium or Chrome binary.',
  );
  return false;
}

let ok = true;
const counts = { passed: 0, failed: 0, skipped: 0 };
const failedSteps = [];
const run = (title, cmd, args, env) => {
  const passed = step(title, cmd, args, env);
  if (!passed) failedSteps.push(title);
  ok &&= passed;
  return passed;
};

run('build', process.execPath, ['scripts/build.mjs']);
for (const [runtime, config] of [
  ['core', 'tsconfig.node.json'],
  ['renderer', 'tsconfig.app.json'],
  ['Electron shell', 'tsconfig.electron.json'],
  ['end-to-end tests', 'tsconfig.e2e.json'],
]) {
  run(`type-check ${runtime}`, bin('tsc'), ['-p', config]);
}
run('lint (layering, style)', bin('eslint'), ['.']);
run('format', bin('prettier'), ['--check', '.']);

const vitestJson = path.join(results, 'vitest.json');
run('unit and integration tests', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
]);
if (existsSync(vitestJson)) {
  const v = JSON.parse(readFileSync(vitestJson, 'utf8'));
  counts.passed += v.numPassedTests;
  counts.failed += v.numFailedTests;
  counts.skipped += v.numPendingTests + (v.numTodoTests ?? 0);
}

function playwright(title, config, jsonName, env = {}) {
  const json = path.join(results, jsonName);
  run(title, bin('playwright'), ['test', '-c', config, '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: json,
    ...env,
  });
  if (existsSync(json)) {
    const s = JSON.parse(readFileSync(json, 'utf8')).stats;
    counts.passed += s.expected + s.flaky;
    counts.failed += s.unexpected;
    counts.skipped += s.skipped;
  }
}

if (ensureChromium()) playwright('end-to-end tests in Chromium', 'playwright.config.ts', 'e2e.json');
else {
  ok = false;
  failedSteps.push('end-to-end tests (no Chromium)');
}

if (electronBinary()) {
  const binding = electronSqliteBinding();
  if (binding)
    playwright('Electron shell', 'playwright.electron.config.ts', 'electron.json', {
      MIMIC_SQLITE_BINDING: binding,
    });
  else {
    ok = false;
    failedSteps.push('Electron shell (better-sqlite3 for Electron could not be prepared)');
  }
} else {
  console.log(
    '\n=== Electron shell: not run — no Electron binary is installed here (npm could not download it).',
  );
  console.log(
    '    The renderer was tested in Chromium through the web host; run `npm test` where Electron installs to test the shell.',
  );
}

console.log(`\n${ok ? 'All checks passed.' : `Failed: ${failedSteps.join('; ')}`}`);
console.log(`tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(ok ? 0 : 1);
