const dropped = new WeakMap<File, string>();

/**
 * A file's path inside the folder the user picked or dropped (`lerobot/meta/info.json`), or '' for a
 * file picked alone. A folder input gives it as `webkitRelativePath`; a dropped folder's files are
 * found by walking its entries, and the walk records their paths here.
 */
export function relativePath(file: File): string {
  return dropped.get(file) ?? file.webkitRelativePath;
}

/** Records where a file of a dropped folder lies inside it (see `relativePath`). */
export function setRelativePath(file: File, relpath: string): void {
  dropped.set(file, relpath);
}
