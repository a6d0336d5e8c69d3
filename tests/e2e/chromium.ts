import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Chromium for the end-to-end tests: CHROMIUM_PATH, the system's, or a browser Playwright already has. */
export function findChromium(): string {
  const candidates = [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
  ];
  const found = candidates.find((p): p is string => !!p && existsSync(p));
  if (found) return found;
  throw new Error(
    'No Chromium found for the end-to-end tests: install it (Debian/Ubuntu: `sudo apt-get install chromium`) ' +
      `or set CHROMIUM_PATH (looked in ${candidates.filter(Boolean).join(', ')}; home ${path.join(os.homedir())})`,
  );
}

/** Headless, no network chatter, WebGL2 through SwiftShader, video without a user gesture. */
export const chromiumArgs = [
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--autoplay-policy=no-user-gesture-required',
];
