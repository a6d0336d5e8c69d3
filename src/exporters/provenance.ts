import type { Episode } from '../common/api';
import type { Workspace } from '../workspace/workspace';
import type { ExportRequest } from './lerobotLayout';

/**
 * Where each exported episode came from and what was done to it: its source files and their
 * hashes, its source keys, its trim, and every edit in the audit trail (of the episode and, for a
 * part, of its root recording) with who made it.
 */
export function provenance(ws: Workspace, req: ExportRequest, episodes: Episode[], frames: number[]) {
  const keys = ws.db.prepare('SELECT hash, locator FROM episode_sources WHERE episode_id = ?');
  return {
    format: req.format,
    exportedAt: new Date().toISOString(),
    exportedBy: ws.identity.current(),
    workspace: ws.dir,
    dataset: req.dataset,
    selection: { includeTag: req.includeTag ?? null, excludeTags: req.excludeTags },
    episodes: episodes.map((e, k) => {
      const root = e.origin?.episodeId ?? null;
      const concerned = root ? [root, e.id] : [e.id];
      const source = e.metadata.source as { files?: unknown; locator?: unknown } | undefined;
      return {
        episodeIndex: k,
        frames: frames[k]!,
        id: e.id,
        name: e.name,
        tags: e.tags,
        trim: e.trim,
        origin: e.origin,
        source: {
          path: e.sourcePath,
          sha256: e.sourceHash,
          files: Array.isArray(source?.files) ? source.files : [],
          keys: concerned.flatMap((id) => keys.all(id)),
        },
        edits: concerned
          .flatMap((id) => ws.audit.list({ episodeId: id, limit: 100_000 }))
          .sort((a, b) => a.id - b.id)
          .map((a) => ({
            at: a.at,
            actor: a.actor,
            role: a.role,
            action: a.action,
            target: a.target,
            detail: a.detail,
          })),
      };
    }),
  };
}
