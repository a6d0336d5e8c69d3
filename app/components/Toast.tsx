import { createContext, useContext, useSyncExternalStore } from 'react';
import type { Notices } from '../state/notices';

export const NoticesContext = createContext<Notices | null>(null);

/** The app's one toast: `info` for news, `error(e, what)` for a failure (also logged). */
export function useNotices(): Notices {
  const notices = useContext(NoticesContext);
  if (!notices) throw new Error('useNotices outside NoticesContext');
  return notices;
}

/**
 * Shows the latest notice. Rendered once, above every screen, so a message outlives a screen change;
 * it sits at the top centre, clear of the corners where panels keep their close buttons, and its ×
 * closes it at once.
 */
export function Toast() {
  const notices = useNotices();
  const notice = useSyncExternalStore(notices.subscribe, () => notices.notice);
  if (!notice) return null;
  return (
    <div
      key={notice.id}
      className={`toast ${notice.kind}`}
      role={notice.kind === 'error' ? 'alert' : 'status'}
      data-testid="toast"
      data-kind={notice.kind}
    >
      <span className="toast-message" data-testid="toast-message">
        {notice.message}
      </span>
      <button
        className="toast-close"
        onClick={() => notices.dismiss()}
        title="Dismiss"
        aria-label="Dismiss"
        data-testid="toast-close"
      >
        ×
      </button>
    </div>
  );
}
