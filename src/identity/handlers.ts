import type { CallOutput, CallParsedInput } from '../common/api';
import type { identityCalls } from '../common/api/identityCalls';
import type { Workspace } from '../workspace/workspace';

type IdentityCall = keyof typeof identityCalls;
type IdentityHandlers = {
  [K in IdentityCall]: (input: CallParsedInput<K>) => Promise<CallOutput<K>> | CallOutput<K>;
};

/** Handlers of the identity calls: this machine's user, and the audit trail that names them. */
export function createIdentityHandlers(ws: Workspace): IdentityHandlers {
  return {
    getUser: () => ws.identity.current(),
    setUser: ({ name, role }) => ws.identity.set(name, role),
    listAudit: ({ episodeId, limit }) => ({ items: ws.audit.list({ episodeId, limit }) }),
  };
}
