import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startWebHost, type WebHost } from '../../src/host/webHost';
import { distPath } from '../../src/paths';
import { createServices, type StudioServices } from '../../src/service/services';

/** A real studio (services + web host) on a fresh workspace, for one test file. */
export async function startStudio(): Promise<{
  services: StudioServices;
  web: WebHost;
  dir: string;
  stop(): Promise<void>;
}> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mimic-e2e-'));
  const services = createServices({ workspaceDir: path.join(dir, 'ws'), create: true, host: 'web' });
  const web = await startWebHost(services, { appDir: distPath('app') });
  return {
    services,
    web,
    dir,
    async stop() {
      await web.close();
      await services.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
