import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { Workspace } from '../../src/workspace/workspace';
import { tempDir } from './workspace';

/** A fresh workspace in a temporary folder for each test: `current()` while it runs. */
export function tempWorkspace(): { current(): { ws: Workspace; dir: string } } {
  let now: { ws: Workspace; dir: string; cleanup(): void } | null = null;
  beforeEach(() => {
    const tmp = tempDir();
    now = { ws: Workspace.init(path.join(tmp.dir, 'ws')), dir: tmp.dir, cleanup: tmp.cleanup };
  });
  afterEach(() => {
    now?.ws.close();
    now?.cleanup();
    now = null;
  });
  return {
    current: () => {
      if (!now) throw new Error('tempWorkspace: no test is running');
      return now;
    },
  };
}
