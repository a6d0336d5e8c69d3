import type { WorkspaceInfo } from '../../src/common/api';
import { useCall } from '../data';
import { SETTINGS_HREF } from '../router';

/** The app's name and the open workspace, at the left of a screen's top bar. */
export function Brand({ info }: { info: WorkspaceInfo }) {
  return (
    <div className="brand">
      Mimic Studio{' '}
      <span className="workspace" title={info.path}>
        {info.name}
      </span>
    </div>
  );
}

/** Who this machine's edits are attributed to, at the right of a top bar; opens the settings. */
export function CurrentUser() {
  const user = useCall('getUser', {}).data;
  return (
    <a
      className="user-link"
      href={SETTINGS_HREF}
      data-testid="settings-link"
      title="Edits are recorded under this name. Change it in Settings."
    >
      <svg className="user-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
        <circle cx="8" cy="5" r="3" />
        <path d="M2 15c0-3.3 2.7-5.5 6-5.5s6 2.2 6 5.5z" />
      </svg>
      <span className="user-name" data-testid="current-user">
        {user?.name ?? '…'}
      </span>
      {user?.role && <span className="user-role">{user.role}</span>}
    </a>
  );
}
