import path from 'node:path';
import { vi } from 'vitest';
import { dispatch, type CallInput, type CallName } from '../../src/common/api';
import { createServices } from '../../src/service/services';
import { tempDir } from '../helpers/workspace';

/**
 * Studio services on a fresh workspace, built as the web host builds them, with Grace, a curator,
 * as this machine's user (decisions and settings are audited under her name); `close` removes it all.
 */
export function curatorServices() {
  const tmp = tempDir();
  vi.stubEnv('MIMIC_CONFIG_DIR', path.join(tmp.dir, 'config'));
  vi.stubEnv('MIMIC_USER', 'Grace');
  vi.stubEnv('MIMIC_USER_ROLE', 'curator');
  const services = createServices({ workspaceDir: path.join(tmp.dir, 'ws'), create: true, host: 'web' });
  return {
    services,
    call: <K extends CallName>(name: K, input: CallInput<K>) => dispatch(services.handlers, name, input),
    close: async () => {
      await services.close();
      vi.unstubAllEnvs();
      tmp.cleanup();
    },
  };
}
