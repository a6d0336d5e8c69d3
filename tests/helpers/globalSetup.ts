import { execFileSync } from 'node:child_process';

/** Integration tests fork the bundled job worker: build the Node bundles once per run (about a second). */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs', 'node'], { stdio: 'inherit' });
}
