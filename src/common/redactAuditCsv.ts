import type { AuditEntry } from './api/identityCalls';

const COLUMNS = ['id', 'at', 'actor', 'role', 'action', 'target', 'episodeId', 'detail'] as const;

/** One CSV field: quoted when it holds a comma, quote or line break (RFC 4180). */
function field(v: unknown): string {
  const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Audit rows as CSV with a header line; `detail` is the row's JSON. */
export function auditCsv(entries: readonly AuditEntry[]): string {
  const lines = [COLUMNS.join(',')];
  for (const e of entries) lines.push(COLUMNS.map((c) => field(e[c])).join(','));
  return lines.join('\r\n') + '\r\n';
}
