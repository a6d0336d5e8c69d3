import os from 'node:os';
import { StudioError } from '../common/api';
import { USER_ROLES, UserNameSchema, type UserIdentity, type UserRole } from '../common/api/identityCalls';
import { configFile, readConfig, writeConfig } from './configFile';

/**
 * Who is at this machine, for attribution (not authentication): `MIMIC_USER` (with an optional
 * `MIMIC_USER_ROLE`) wins, else the name saved in this machine's config file, else the operating
 * system's user. Read afresh on every call, so a name saved by the settings screen or by
 * `mimic config` applies at once to every open studio, CLI command and job worker.
 */
export class Identity {
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  get file(): string {
    return configFile(this.env);
  }

  current(): UserIdentity {
    const fromEnv = this.fromEnv();
    if (fromEnv) return fromEnv;
    const saved = readConfig(this.file).user;
    if (saved) return { name: saved.name, role: saved.role, source: 'config' };
    return { name: systemUserName(this.env), role: null, source: 'system' };
  }

  /** Saves the name and role in the config file, keeping its other settings. */
  set(name: string, role: UserRole | null): UserIdentity {
    if (this.fromEnv())
      throw new StudioError(
        'conflict',
        'MIMIC_USER is set in the environment and overrides the saved user; unset it to change the user here',
      );
    const parsed = UserNameSchema.safeParse(name);
    if (!parsed.success) throw new StudioError('bad_input', `user name: ${parsed.error.issues[0]!.message}`);
    const file = this.file;
    writeConfig(file, { ...readConfig(file), user: { name: parsed.data, role } });
    return this.current();
  }

  private fromEnv(): UserIdentity | null {
    const raw = this.env.MIMIC_USER;
    if (raw === undefined || raw.trim() === '') return null;
    const name = UserNameSchema.safeParse(raw);
    if (!name.success) throw new StudioError('bad_input', `MIMIC_USER: ${name.error.issues[0]!.message}`);
    return { name: name.data, role: envRole(this.env.MIMIC_USER_ROLE), source: 'env' };
  }
}

function envRole(raw: string | undefined): UserRole | null {
  const role = raw?.trim() ?? '';
  if (role === '' || role === 'none') return null;
  if (!(USER_ROLES as readonly string[]).includes(role))
    throw new StudioError(
      'bad_input',
      `MIMIC_USER_ROLE=${role}: expected one of ${USER_ROLES.join(', ')} (or none)`,
    );
  return role as UserRole;
}

/** The operating system's user name; some containers have no passwd entry, so fall back to the env. */
function systemUserName(env: NodeJS.ProcessEnv): string {
  let name: string | undefined;
  try {
    name = os.userInfo().username;
  } catch {
    name = env.USER ?? env.USERNAME;
  }
  const parsed = UserNameSchema.safeParse(name);
  return parsed.success ? parsed.data : 'unknown';
}
