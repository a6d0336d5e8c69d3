import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { Identity } from '../identity/identity';
import { AuditLog } from './audit';
import { BlobStore } from './blobs';
import { openDatabase, WorkspaceError, type Db } from './db';

export const DB_FILE = 'studio.db';

export interface WorkspaceOptions {
  /** Who is named in the audit trail (read at each write); by default this machine's user. */
  identity?: Identity;
}

/** A workspace folder: studio.db plus the blob store. One per open studio, CLI call or job worker. */
export class Workspace {
  readonly blobs: BlobStore;
  readonly identity: Identity;
  readonly audit: AuditLog;

  private constructor(
    readonly dir: string,
    readonly db: Db,
    opts: WorkspaceOptions,
  ) {
    this.blobs = new BlobStore(dir);
    this.identity = opts.identity ?? new Identity();
    this.audit = new AuditLog(db, () => this.identity.current());
  }

  get name(): string {
    return path.basename(this.dir);
  }

  /** Creates the folder and database if needed; opening an existing workspace is fine. */
  static init(dir: string, opts: WorkspaceOptions = {}): Workspace {
    const abs = path.resolve(dir);
    if (existsSync(abs) && !statSync(abs).isDirectory()) {
      throw new WorkspaceError(`${abs}: exists and is not a folder`);
    }
    mkdirSync(abs, { recursive: true });
    return new Workspace(abs, openDatabase(path.join(abs, DB_FILE), { create: true }), opts);
  }

  static open(dir: string, opts: WorkspaceOptions = {}): Workspace {
    const abs = path.resolve(dir);
    if (!existsSync(path.join(abs, DB_FILE))) {
      throw new WorkspaceError(
        `${abs}: not a Mimic Studio workspace (no ${DB_FILE}); create one with \`mimic init ${dir}\``,
      );
    }
    return new Workspace(abs, openDatabase(path.join(abs, DB_FILE), { create: false }), opts);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

export { WorkspaceError };
