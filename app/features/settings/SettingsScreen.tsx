import { useState } from 'react';
import { USER_ROLES, type UserIdentity, type UserRole, type WorkspaceInfo } from '../../../src/common/api';
import { ScreenHeader } from '../../components/ScreenHeader';
import { useNotices } from '../../components/Toast';
import { useCall, useCallMutation } from '../../data';
import './settings.css';

/** `#/settings`: this machine's user, whom the audit trail names for each edit. */
export function SettingsScreen({ info }: { info: WorkspaceInfo }) {
  const user = useCall('getUser', {}, { inline: true });
  return (
    <div className="settings" data-testid="settings-screen">
      <ScreenHeader info={info} active="settings" />
      <main className="settings-body">
        <section className="settings-section" aria-labelledby="user-heading">
          <h2 id="user-heading">User on this machine</h2>
          <p className="settings-note" data-testid="attribution-note">
            The studio records who made each edit (tags, segments, trims, splits, merges, robot settings) in
            the audit trail, under the name below. <b>This is attribution, not authentication:</b> nothing
            checks the name, and anyone at this machine can change it. It applies to every workspace opened on
            this machine and to the <code>mimic</code> command line.
          </p>
          {user.data ? (
            <UserForm key={`${user.data.source}:${user.data.name}:${user.data.role}`} user={user.data} />
          ) : user.error ? (
            <p className="error-text" data-testid="user-error">
              Cannot read the user: {user.error.message}
            </p>
          ) : (
            <p className="hint">Loading…</p>
          )}
        </section>
      </main>
    </div>
  );
}

function UserForm({ user }: { user: UserIdentity }) {
  const notices = useNotices();
  const [name, setName] = useState(user.name);
  const [role, setRole] = useState<UserRole | null>(user.role);
  const save = useCallMutation('setUser', {
    inline: true,
    onSuccess: (saved) =>
      notices.info(`Edits are now recorded as ${saved.name}${saved.role ? ` (${saved.role})` : ''}`),
  });
  const fromEnv = user.source === 'env';
  const changed = name.trim() !== user.name || role !== user.role || user.source === 'system';

  return (
    <form
      className="user-form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ name: name.trim(), role });
      }}
    >
      {fromEnv && (
        <p className="banner warning" data-testid="user-from-env">
          Set by the <code>MIMIC_USER</code> environment variable of the running studio
          {user.role ? (
            <>
              {' '}
              (role from <code>MIMIC_USER_ROLE</code>)
            </>
          ) : null}
          , which overrides the name saved here. Unset it and restart the studio to change the user here.
        </p>
      )}
      {user.source === 'system' && (
        <p className="hint" data-testid="user-from-system">
          No name is saved yet: edits are recorded under this computer’s account name, <b>{user.name}</b>.
        </p>
      )}
      <label>
        Name
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          disabled={fromEnv}
          maxLength={100}
          required
          data-testid="user-name"
        />
      </label>
      <label>
        <span>
          Role <span className="muted">(optional)</span>
        </span>
        <select
          value={role ?? ''}
          onChange={(e) => setRole(e.target.value === '' ? null : (e.target.value as UserRole))}
          disabled={fromEnv}
          data-testid="user-role"
        >
          <option value="">none</option>
          {USER_ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      {save.error && (
        <p className="error-text" data-testid="user-save-error">
          {save.error.message}
        </p>
      )}
      <div className="user-actions">
        <button
          className="primary"
          type="submit"
          disabled={fromEnv || !changed || name.trim() === '' || save.isPending}
          data-testid="user-save"
        >
          Save
        </button>
      </div>
    </form>
  );
}
