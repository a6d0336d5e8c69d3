import { setRelativePath } from '../../client/relativePath';

/**
 * The files of a drop. A dropped folder gives every file inside it, each with its path in the folder
 * (recorded for `relativePath`), as a folder input does. The entries are taken while the drop event
 * runs: a DataTransfer is emptied once its handler returns.
 */
export function droppedFiles(data: DataTransfer): Promise<File[]> {
  const plain = [...data.files];
  const entries = [...data.items]
    .map((item) => item.webkitGetAsEntry())
    .filter((entry): entry is FileSystemEntry => entry !== null);
  if (!entries.some((entry) => entry.isDirectory)) return Promise.resolve(plain);
  return (async () => {
    const out: File[] = [];
    for (const entry of entries) await collect(entry, out);
    return out;
  })();
}

async function collect(entry: FileSystemEntry, out: File[]): Promise<void> {
  if (isFile(entry)) {
    const file = await new Promise<File>((resolve, reject) => entry.file(resolve, reject));
    // `fullPath` is `/folder/…/name`; a file dropped alone has no folder to keep.
    const relpath = entry.fullPath.replace(/^\//, '');
    if (relpath.includes('/')) setRelativePath(file, relpath);
    out.push(file);
  } else if (isDirectory(entry)) {
    const reader = entry.createReader();
    // readEntries hands a folder over in pieces until it returns none.
    for (;;) {
      const some = await new Promise<FileSystemEntry[]>((resolve, reject) =>
        reader.readEntries(resolve, reject),
      );
      if (some.length === 0) break;
      for (const child of some) await collect(child, out);
    }
  }
}

const isFile = (e: FileSystemEntry): e is FileSystemFileEntry => e.isFile;
const isDirectory = (e: FileSystemEntry): e is FileSystemDirectoryEntry => e.isDirectory;
