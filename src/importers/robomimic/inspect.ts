import { stat } from 'node:fs/promises';
import type { RobomimicInfo } from '../../common/api';
import { ImportInputError } from '../inputError';
import { h5Message, hdf5, isGroup, type H5File } from './h5';
import { controlRate, parseEnvArgs } from './readFile';

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
  const lib = await hdf5();
  let h5: H5File;
  try {
    h5 = new lib.File(file, 'r');
  } catch (e) {
    throw fail(`not a readable HDF5 file: ${h5Message(e)} (truncated or damaged?)`);
  }
  try {
    const data = h5.get('data');
    if (!isGroup(data)) throw fail('no "data" group (a robomimic file keeps its demos in data/demo_N)');
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
