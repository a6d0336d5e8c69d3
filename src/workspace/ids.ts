import { randomBytes } from 'node:crypto';

/** Sortable, unique ids: a millisecond time prefix then 64 random bits, e.g. `ep_0m3f9k2a1b_9f…`. */
export function newId(prefix: string): string {
  const time = Date.now().toString(36).padStart(9, '0');
  return `${prefix}_${time}${randomBytes(8).toString('hex')}`;
}

export const nowIso = (): string => new Date().toISOString();
