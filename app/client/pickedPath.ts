/**
 * What to import for a picked file: its own path, or for a file of a picked folder that folder (the
 * file's path less its path inside the folder), so a LeRobot dataset is read by its metadata.
 * `relpath` is the file's path inside the picked folder, `/`-separated (empty for a file picked alone).
 */
export function pickedPath(full: string, relpath: string): string {
  const segments = relpath.split('/');
  if (segments.length < 2) return full;
  // The tail has the same length whichever separator the platform uses.
  const inside = segments.slice(1).join('/');
  return full.slice(0, full.length - inside.length - 1);
}
