import {
  dispatch,
  identityCalls,
  StudioError,
  USER_ROLES,
  UserIdentitySchema,
  type AuditEntry,
  type UserIdentity,
} from '../common/api';
import { Identity } from '../identity/identity';
import { createServices } from '../service/services';
import { say } from './output';

const KEYS = ['user.name', 'user.role'] as const;

const describe = (user: UserIdentity, file: string) =>
  [
    `user.name  ${user.name}`,
    `user.role  ${user.role ?? 'none'}`,
    `source     ${user.source === 'env' ? 'MIMIC_USER' : user.source === 'config' ? file : 'the system user'}`,
  ].join('\n');

/**
 * `mimic config [KEY [VALUE]] [--json]`: shows or sets this machine's user (`user.name`,
 * `user.role`). It needs no workspace: the setting belongs to the machine.
 */
export async function configCommand(
  args: readonly string[],
  json: boolean,
  identity = new Identity(),
): Promise<number> {
  const [key, value, ...extra] = args;
  if (extra.length > 0) throw new StudioError('bad_input', 'config takes at most a KEY and a VALUE');
  if (key !== undefined && !(KEYS as readonly string[]).includes(key))
    throw new StudioError('bad_input', `unknown key "${key}"; expected ${KEYS.join(' or ')}`);

  let user = identity.current();
  if (value !== undefined) {
    // `none` clears the role; the contract's schema checks the rest.
    const input = identityCalls.setUser.input.safeParse(
      key === 'user.name'
        ? { name: value, role: user.role }
        : { name: user.name, role: value === 'none' ? null : value },
    );
    if (!input.success)
      throw new StudioError(
        'bad_input',
        key === 'user.role'
          ? `user.role: expected ${USER_ROLES.join(', ')} or none, not "${value}"`
          : `user.name: ${input.error.issues[0]!.message}`,
      );
    user = identity.set(input.data.name, input.data.role);
    if (!json) say(`${key} saved in ${identity.file}`);
  }

  if (json) process.stdout.write(JSON.stringify(UserIdentitySchema.parse(user)) + '\n');
  else if (value !== undefined) return 0;
  else if (key === 'user.name') process.stdout.write(user.name + '\n');
  else if (key === 'user.role') process.stdout.write((user.role ?? 'none') + '\n');
  else process.stdout.write(describe(user, identity.file) + '\n');
  return 0;
}

const line = (e: AuditEntry) =>
  `${e.at}  ${e.actor}${e.role ? ` (${e.role})` : ''}  ${e.action}  ${e.target}`;

/** `mimic audit <ws> [--episode ID] [--json]`: who changed what, newest first. */
export async function auditCommand(
  dir: string,
  episodeId: string | undefined,
  json: boolean,
): Promise<number> {
  // A listing runs no jobs: the runner only reports on them.
  const services = createServices({ workspaceDir: dir, host: 'cli', concurrency: 0 });
  try {
    const out = await dispatch(services.handlers, 'listAudit', { episodeId });
    if (json) process.stdout.write(JSON.stringify(out) + '\n');
    else for (const e of out.items) process.stdout.write(line(e) + '\n');
    return 0;
  } finally {
    await services.close();
  }
}
