import type { StudioClient } from '../client';

/** URL of a shipped robot file (`so101/so101_new_calib.urdf`): the web host's /robots route or Electron's protocol. */
export function robotAssetUrl(client: StudioClient, rel: string): string {
  return client.host === 'electron' ? `studio-media://media/robots/${rel}` : `/media/robots/${rel}`;
}

export const DEFAULT_ROBOT_URDF = 'so101/so101_new_calib.urdf';

/** The URDF names `assets/<part>.stl`; the studio ships decimated copies under `meshes/`. */
export const decimatedMeshes = (url: string): string => url.replace(/\/assets\/([^/]+\.stl)$/i, '/meshes/$1');
