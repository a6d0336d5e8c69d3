import { robotAssetRef } from '../../src/common/api';

/** The SO-101 the studio ships, for rigs that name no URDF of their own. */
export const DEFAULT_ROBOT_URDF = robotAssetRef('so101/so101_new_calib.urdf');

/** The URDF names `assets/<part>.stl`; the studio ships decimated copies under `meshes/`. */
export const decimatedMeshes = (url: string): string => url.replace(/\/assets\/([^/]+\.stl)$/i, '/meshes/$1');
