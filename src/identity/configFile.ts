import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { platformDir } from '../paths';
import { StudioError } from '../common/api';
import { USER_ROLES, UserNameSchema } from '../common/api/identityCalls';

/**
 * This machine's settings file: `$MIMIC_CONFIG_DIR/config.json` when set (tests), else the
 * platform's config folder, chosen like the default workspace's data folder (src/paths.ts).
 */
export function configFile(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MIMIC_CONFIG_DIR) return path.join(path.resolve(env.MIMIC_CONFIG_DIR), 'config.json');
  return path.join(platformDir('config', env), 'config.json');
}

// Keys this build does not know are kept as they are, so an older build never drops a newer one's.
const ConfigSchema = z.looseObject({
  user: z.object({ name: UserNameSchema, role: z.enum(USER_ROLES).nullable().default(null) }).optional(),
});
export type MachineConfig = z.infer<typeof ConfigSchema>;

/** The settings in `file`, `{}` when there is none; a file that does not parse is an error naming it. */
export function readConfig(file: string): MachineConfig {
  if (!existsSync(file)) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw corrupt(file, (e as Error).message);
  }
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw corrupt(file, `${issue.path.join('.') || 'the file'}: ${issue.message}`);
  }
  return parsed.data;
}

/** Replaces `file` whole: a reader sees the old settings or the new ones, never half a file. */
export function writeConfig(file: string, config: MachineConfig): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(tmp, JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

const corrupt = (file: string, why: string) =>
  new StudioError(
    'unavailable',
    `${file}: not a valid Mimic Studio config file (${why}); fix it or delete it to start over`,
  );
