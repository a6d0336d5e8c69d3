import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { resourcePath } from '../paths';

const TYPES: Record<string, string> = {
  '.urdf': 'application/xml',
  '.xml': 'application/xml',
  '.stl': 'model/stl',
  '.dae': 'model/vnd.collada+xml',
  '.obj': 'model/obj',
};

/**
 * The file and type for a robot asset path such as `so101/meshes/base.stl` (already decoded), or
 * null when the path leaves `resources/robots/`, is not a robot description or mesh, or does not
 * exist.
 */
export function resolveRobotAsset(rel: string): { file: string; mime: string } | null {
  if (rel.includes('\0')) return null;
  const root = path.resolve(resourcePath('robots'));
  const file = path.resolve(root, rel.replace(/^[\\/]+/, ''));
  const mime = TYPES[path.extname(file).toLowerCase()];
  if (!mime || !file.startsWith(root + path.sep) || !existsSync(file) || !statSync(file).isFile())
    return null;
  return { file, mime };
}
