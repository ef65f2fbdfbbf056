// The audit log: who changed what and when, newest first, each entry with its field-by-field before/after difference.
import type { AuditEntryJson, ItemsJson } from '@relayform/schema/api-wire-types.ts';
import { ErrorNote } from '../components/error-note.tsx';
import { fieldChanges } from '../diff.ts';
import { time } from '../format.ts';
import { href, type Route } from '../route.ts';
import { useApi } from '../use-api.ts';

const pageSize = 50;

/** The object's name as the entry recorded it (after the change, or before a delete), when it has one. */
function nameOf(entry: AuditEntryJson): string | null {
  const named = [entry.after, entry.before].find((doc) => doc !== null && typeof doc === 'object' && typeof (doc as { name?: unknown }).name === 'string');
  return named ? (named as { name: string }).name : null;
}

function Diff({ entry }: { entry: AuditEntryJson }) {
  const changes = fieldChanges(entry.before, entry.after);
  if (changes.length === 0) return <p class="muted">No field changed.</p>;
  return (
    <table class="diff">
      <thead><tr><th scope="col">Field</th><th scope="col">Before</th><th scope="col">After</th></tr></thead>
      <tbody>
        {changes.map((c) => (
          <tr key={c.path}>
            <th scope="row"><code>{c.path}</code></th>
            <td class="removed">{c.before === undefined ? <span class="muted">—</span> : <code><span class="visually-hidden">was </span>{c.before}</code>}</td>
            <td class="added">{c.after === undefined ? <span class="muted">—</span> : <code><span class="visually-hidden">now </span>{c.after}</code>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function AuditPage({ route }: { route: Route }) {
  const offset = Math.max(0, Number(route.query.get('offset') ?? 0) || 0);
  const log = useApi<ItemsJson<AuditEntryJson>>(`/v1/audit-log?limit=${pageSize}&offset=${offset}`, 10_000);
  const items = log.data?.items ?? [];
  return (
    <>
      <h1>Audit log</h1>
      {log.error ? <ErrorNote error={log.error} what="the audit log" /> : (
        <>
          <ol class="audit">
            {items.map((entry, index) => (
              <li key={entry.seq}>
                <details open={index < 3}>
                  <summary>
                    <span class="when">{time(entry.at)}</span> <strong>{entry.actor}</strong> {entry.action.replace('_', ' ')}{' '}
                    {entry.object_type.replace('_', ' ')} {nameOf(entry) && <em>{nameOf(entry)}</em>} <code>{entry.object_id}</code>
                  </summary>
                  <Diff entry={entry} />
                </details>
              </li>
            ))}
          </ol>
          {log.data && items.length === 0 && <p>No entries{offset ? ' on this page' : ''}.</p>}
          <nav class="pager" aria-label="Audit log pages">
            {offset > 0 && <a href={href('audit', { offset: offset > pageSize ? String(offset - pageSize) : undefined })}>Newer entries</a>}
            {items.length === pageSize && <a href={href('audit', { offset: String(offset + pageSize) })}>Older entries</a>}
          </nav>
        </>
      )}
    </>
  );
}
