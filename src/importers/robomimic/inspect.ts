import { stat } from 'node:fs/promises';
import type { RobomimicInfo } from '../../common/api';
import { ImportInputError } from '../inputError';
import { h5Message, isGroup } from './h5';
import { controlRate, dataGroup, openH5, parseEnvArgs } from './readFile';

/**
 * What an import of a robomimic file needs asked first: how many demos it holds and the control
 * rate its `env_args` name (null when none: the import then needs one). Reads attributes only.
 */
export async function inspectRobomimic(file: string): Promise<RobomimicInfo> {
  const fail = (problem: string) => new ImportInputError(file, `${file}: ${problem}`);
  try {
    if (!(await stat(file)).isFile()) throw fail('not a file');
  } catch (e) {
    if (e instanceof ImportInputError) throw e;
    throw fail(`cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const h5 = await openH5(file);
  try {
    const data = dataGroup(h5, file);
    const demos = data.keys().filter((k) => isGroup(data.get(k))).length;
    const envArgs = parseEnvArgs(data.attrs.env_args?.value, file, () => {});
    const name = (envArgs as { env_name?: unknown } | null)?.env_name;
    return {
      path: file,
      demos,
      envName: typeof name === 'string' ? name : null,
      controlFreqHz: controlRate(undefined, envArgs)?.hz ?? null,
    };
  } catch (e) {
    if (e instanceof ImportInputError) throw e;
    throw fail(`cannot read its metadata: ${h5Message(e)} (a damaged file?)`);
  } finally {
    h5.close();
  }
}
