import path from 'node:path';

/** Files a URDF may reference, and the type each is served with. */
export const ROBOT_FILE_TYPES: Readonly<Record<string, string>> = {
  '.stl': 'model/stl',
  '.dae': 'model/vnd.collada+xml',
  '.obj': 'model/obj',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
};

/** A `<mesh filename>` or `<texture filename>` attribute as written in the URDF. */
export interface FileRef {
  /** The attribute value, exactly as in the file. */
  value: string;
  /** Where it sits in the text, for rewriting. */
  index: number;
  length: number;
}

const REF = /<(mesh|texture)\b[^>]*?\bfilename\s*=\s*("([^"]*)"|'([^']*)')/g;

/** Every file reference of a URDF's meshes and textures, in document order. */
export function fileRefs(xml: string): FileRef[] {
  const refs: FileRef[] = [];
  for (const m of xml.matchAll(REF)) {
    const value = m[3] ?? m[4] ?? '';
    const quoted = m[2]!;
    const index = m.index + m[0].length - quoted.length + 1;
    refs.push({ value, index, length: value.length });
  }
  return refs;
}

/** Replaces each reference's value with `replace(value)`; everything else stays byte for byte. */
export function rewriteRefs(
  xml: string,
  refs: readonly FileRef[],
  replace: (value: string) => string,
): string {
  let out = '';
  let at = 0;
  for (const r of refs) {
    out += xml.slice(at, r.index) + replace(r.value);
    at = r.index + r.length;
  }
  return out + xml.slice(at);
}

/** A reference as path segments: `package://pkg/meshes/a.stl` -> ['pkg', 'meshes', 'a.stl']. */
function refSegments(value: string): { segments: string[]; relative: boolean } {
  let v = value.trim().replace(/\\/g, '/');
  let relative = true;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(v);
  if (scheme) {
    v = v.slice(scheme[0].length);
    relative = false;
  } else if (v.startsWith('/')) relative = false;
  return { segments: v.split('/').filter((s) => s && s !== '.'), relative };
}

export type Resolution = { file: string } | { error: string };

/**
 * The file a reference names, looked up among `files` (absolute paths: the mesh folder's files and
 * the URDF folder's files). A relative reference is first resolved against the URDF's folder; any
 * reference then matches the file sharing the longest tail of path segments (`package://so101/
 * assets/base.stl` finds `/x/assets/base.stl`). Nothing outside `files` is ever read.
 */
export function resolveRef(value: string, urdfDir: string, files: readonly string[]): Resolution {
  const { segments, relative } = refSegments(value);
  if (segments.length === 0) return { error: 'is empty' };
  const ext = path.extname(segments[segments.length - 1]!).toLowerCase();
  if (!ROBOT_FILE_TYPES[ext])
    return { error: `is a ${ext || 'file without extension'}; meshes can be STL, DAE or OBJ` };
  if (relative) {
    const direct = path.resolve(urdfDir, ...segments);
    if (files.includes(direct)) return { file: direct };
  }
  const tail = segments.filter((s) => s !== '..');
  let best: string[] = [];
  let bestLength = 0;
  for (const file of files) {
    const parts = file.split(path.sep);
    let n = 0;
    while (n < tail.length && n < parts.length && parts[parts.length - 1 - n] === tail[tail.length - 1 - n])
      n++;
    if (n === 0) continue;
    if (n > bestLength) {
      best = [file];
      bestLength = n;
    } else if (n === bestLength) best.push(file);
  }
  if (best.length === 1) return { file: best[0]! };
  if (best.length > 1)
    return {
      error: `matches ${best.length} files (${best.slice(0, 2).join(', ')}); give only one mesh folder`,
    };
  return { error: 'was not found in the mesh folder or beside the URDF' };
}
