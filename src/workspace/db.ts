import Database from 'better-sqlite3';
import { migrations, SCHEMA_VERSION } from './migrations';

export type Db = Database.Database;

export class WorkspaceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkspaceError';
  }
}

/**
 * Opens (or creates) studio.db in WAL mode and brings its schema up to date. Several processes write
 * one workspace (the studio, job workers, the CLI), so every multi-statement write runs as
 * `db.transaction(fn).immediate()`: a deferred transaction that reads first cannot wait for the
 * write lock when it starts writing and fails at once with SQLITE_BUSY ("database is locked").
 */
export function openDatabase(file: string, opts: { create: boolean }): Db {
  let db: Db;
  try {
    // Electron loads a copy of the native module built for its own ABI (see scripts/start.mjs).
    const nativeBinding = process.env.MIMIC_SQLITE_BINDING || undefined;
    db = new Database(file, { fileMustExist: !opts.create, nativeBinding });
  } catch (e) {
    throw new WorkspaceError(`${file}: cannot open the workspace database (${(e as Error).message})`);
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, file);
  } catch (e) {
    db.close();
    if (e instanceof WorkspaceError) throw e;
    throw new WorkspaceError(`${file}: not a usable workspace database (${(e as Error).message})`);
  }
  return db;
}

function migrate(db: Db, file: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new WorkspaceError(
      `${file}: this workspace was written by a newer Mimic Studio (schema ${current}, this build knows ${SCHEMA_VERSION}); update the studio to open it`,
    );
  }
  for (let v = current; v < SCHEMA_VERSION; v++) {
    const step = migrations[v]!;
    db.transaction(() => {
      db.exec(step);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}
