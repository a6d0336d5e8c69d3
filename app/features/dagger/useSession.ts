import { useCallback, useSyncExternalStore } from 'react';
import type { LabelSession, SessionEvent } from './labelSession';

/** Re-renders the caller when the session reports one of `kinds`. */
export function useSession(session: LabelSession, ...kinds: SessionEvent[]): LabelSession {
  const key = kinds.join(',');
  const subscribe = useCallback(
    (changed: () => void) => session.onDidChange((e) => key.split(',').includes(e) && changed()),
    [session, key],
  );
  useSyncExternalStore(subscribe, () =>
    key
      .split(',')
      .map((k) => session.revision(k as SessionEvent))
      .join(),
  );
  return session;
}
