import { useState } from 'react';
import { auditCsv } from '../../../src/common/redactAuditCsv';
import { useCall } from '../../data';
import { useStudio } from '../../state/studioContext';

function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Who decided what and when, for this episode; exported as CSV or JSON. */
export function AuditPanel({ episodeId }: { episodeId: string }) {
  const client = useStudio();
  const [open, setOpen] = useState(false);
  const audit = useCall('redactionAudit', { episodeId }, { enabled: open, staleTime: 0 });
  const save = async (kind: 'csv' | 'json') => {
    const { entries } = await client.call('redactionAudit', { episodeId });
    const name = `redaction-audit-${episodeId}.${kind}`;
    if (kind === 'csv') download(name, 'text/csv', auditCsv(entries));
    else download(name, 'application/json', JSON.stringify(entries, null, 2));
  };
  return (
    <div className="audit-panel">
      <button data-testid="audit-toggle" onClick={() => setOpen(!open)}>
        {open ? 'Hide audit' : 'Audit trail'}
      </button>
      <button data-testid="audit-csv" onClick={() => void save('csv')}>
        CSV
      </button>
      <button data-testid="audit-json" onClick={() => void save('json')}>
        JSON
      </button>
      {open && (
        <table className="audit-table" data-testid="audit-table">
          <tbody>
            {[...(audit.data?.entries ?? [])].reverse().map((e) => (
              <tr key={e.id}>
                <td>{new Date(e.at).toLocaleTimeString()}</td>
                <td>{e.actor}</td>
                <td>{e.action.replace(/^redact\./, '')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
