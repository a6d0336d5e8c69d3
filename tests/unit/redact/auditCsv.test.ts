import { describe, expect, it } from 'vitest';
import { auditCsv } from '../../../src/common/redactAuditCsv';

describe('the redaction audit trail as CSV', () => {
  it('quotes fields with commas, quotes or line breaks and writes the detail as JSON', () => {
    const csv = auditCsv([
      {
        id: 7,
        at: '2026-12-01T09:00:00.000Z',
        actor: 'Lovelace, Ada',
        role: 'reviewer',
        action: 'export.redaction-forced',
        target: 'ep-1',
        episodeId: 'ep-1',
        detail: { reason: 'said "ok"\nby phone' },
      },
      {
        id: 8,
        at: 'x',
        actor: 'b',
        role: null,
        action: 'redact.approve',
        target: 'ep-1',
        episodeId: null,
        detail: {},
      },
    ]);
    expect(csv.split('\r\n')).toEqual([
      'id,at,actor,role,action,target,episodeId,detail',
      '7,2026-12-01T09:00:00.000Z,"Lovelace, Ada",reviewer,export.redaction-forced,ep-1,ep-1,"{""reason"":""said \\""ok\\""\\nby phone""}"',
      '8,x,b,,redact.approve,ep-1,,{}',
      '',
    ]);
  });
});
