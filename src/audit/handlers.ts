import type { HandlersFor, identityCalls } from '../common/api';
import type { FeatureDeps } from '../feature/deps';

/** Handlers of the identity calls: this machine's user, and the audit trail that names them. */
export function createIdentityHandlers({ ws }: FeatureDeps): HandlersFor<typeof identityCalls> {
  return {
    getUser: () => ws.identity.current(),
    setUser: ({ name, role }) => ws.identity.set(name, role),
    listAudit: ({ episodeId, limit }) => ({ items: ws.audit.list({ episodeId, limit }) }),
  };
}
