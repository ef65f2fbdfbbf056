// The queue: messages waiting for delivery, filtered by state, virtual server and recipient domain, with retry and delete.
import { useState } from 'preact/hooks';
import type { ItemsJson, QueuedMessageJson } from '@relayform/schema/api-wire-types.ts';
import { api, ApiFailure } from '../api.ts';
import { ErrorNote } from '../components/error-note.tsx';
import { age, bytes } from '../format.ts';
import type { VirtualServer } from '../model.ts';
import { href, type Route } from '../route.ts';
import { useApi } from '../use-api.ts';

const filterNames = ['state', 'virtual_server_id', 'recipient_domain'] as const;
type Filter = Partial<Record<(typeof filterNames)[number], string>>;

/** Runs a bulk retry or delete page by page (the API does at most 1000 a call), reporting the running count. */
async function bulk(verb: 'retry' | 'delete', filter: Filter, progress: (count: number) => void): Promise<number> {
  let after: string | null = null;
  let total = 0;
  do {
    const page: { retried?: number; deleted?: number; next_after: string | null } = await api('POST', `/v1/queue/${verb}`, { ...filter, after });
    total += page.retried ?? page.deleted ?? 0;
    progress(total);
    after = page.next_after;
  } while (after !== null);
  return total;
}

const matchCount = (n: number) => `${n} ${n === 1 ? 'message matches' : 'messages match'}`;

export function QueuePage({ route }: { route: Route }) {
  const filter: Filter = Object.fromEntries(filterNames.map((name) => [name, route.query.get(name) ?? undefined]).filter(([, v]) => v));
  const query = new URLSearchParams(filter as Record<string, string>).toString();
  const messages = useApi<ItemsJson<QueuedMessageJson>>(`/v1/queue${query ? `?${query}` : ''}`, 3000);
  const servers = useApi<ItemsJson<VirtualServer>>('/v1/virtual-servers');
  const [notice, setNotice] = useState('');
  const serverName = (id: string) => servers.data?.items.find((s) => s.id === id)?.name ?? id;

  const apply = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    window.location.hash = href('queue', Object.fromEntries(filterNames.map((name) => [name, String(form.get(name) ?? '').trim()])));
  };
  const act = async (what: string, run: () => Promise<string>) => {
    setNotice(`${what}…`);
    try {
      setNotice(await run());
    } catch (error) {
      setNotice(`${what} failed: ${error instanceof ApiFailure ? error.message : String(error)}`);
    }
    messages.reload();
  };
  const retry = (m: QueuedMessageJson) => act(`Retrying ${m.id}`, async () => { await api('POST', `/v1/queue/${m.id}/retry`); return `Message ${m.id} is due now.`; });
  const remove = (m: QueuedMessageJson) => {
    if (!window.confirm(`Delete message ${m.id} from ${m.sender || '<>'} without delivering it?`)) return;
    void act(`Deleting ${m.id}`, async () => { await api('DELETE', `/v1/queue/${m.id}`); return `Message ${m.id} deleted.`; });
  };
  const retryAll = () => act('Retrying the matching messages', async () => `${await bulk('retry', filter, (n) => setNotice(`Retrying: ${n} so far…`))} messages are due now.`);
  const deleteAll = () => {
    if (!window.confirm(`Delete all ${messages.data?.total ?? ''} matching messages without delivering them?`)) return;
    void act('Deleting the matching messages', async () => `${await bulk('delete', filter, (n) => setNotice(`Deleting: ${n} so far…`))} messages deleted.`);
  };

  const items = messages.data?.items ?? [];
  return (
    <>
      <h1>Queue</h1>
      <form class="filters" onSubmit={apply} aria-label="Queue filters">
        <div>
          <label for="filter-state">State</label>
          <select id="filter-state" name="state" value={filter.state ?? ''}>
            <option value="">any</option><option value="fresh">fresh (never tried)</option><option value="deferred">deferred (waiting for a retry)</option>
          </select>
        </div>
        <div>
          <label for="filter-server">Virtual server</label>
          <select id="filter-server" name="virtual_server_id" value={filter.virtual_server_id ?? ''}>
            <option value="">any</option>
            {servers.data?.items.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select>
        </div>
        <div>
          <label for="filter-domain">Recipient domain</label>
          <input id="filter-domain" name="recipient_domain" value={filter.recipient_domain ?? ''} placeholder="example.com" />
        </div>
        <button type="submit">Apply filters</button>
      </form>
      {messages.error ? <ErrorNote error={messages.error} what="the queue" /> : (
        <>
          <div class="toolbar">
            <p aria-live="polite" class="status">{messages.data ? matchCount(messages.data.total ?? items.length) : 'Loading…'}{notice ? ` — ${notice}` : ''}</p>
            <button type="button" onClick={() => messages.reload()}>Refresh</button>
            <button type="button" onClick={retryAll} disabled={items.length === 0}>Retry all matching</button>
            <button type="button" class="danger" onClick={deleteAll} disabled={items.length === 0}>Delete all matching</button>
          </div>
          <div class="scroll" role="region" aria-label="Queued messages" tabIndex={0}>
          <table class="list">
            <caption class="visually-hidden">Queued messages, oldest first</caption>
            <thead>
              <tr>
                <th scope="col">Id</th><th scope="col">Age</th><th scope="col">Server</th><th scope="col">Sender</th><th scope="col">Recipients</th>
                <th scope="col">Size</th><th scope="col">State</th><th scope="col">Attempts</th><th scope="col">Next attempt</th><th scope="col">Last error</th>
                <th scope="col"><span class="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {items.length === 0 && <tr><td colSpan={11}>No message matches.</td></tr>}
              {items.map((m) => (
                <tr key={m.id} data-message-id={m.id}>
                  <td><a href={href(`queue/${encodeURIComponent(m.id)}`)} title={m.id}><code>{m.id.slice(0, 8)}</code><span class="visually-hidden">{m.id.slice(8)}</span></a></td>
                  <td class="nowrap">{age(m.received_at)}</td>
                  <td>{serverName(m.virtual_server_id)}</td>
                  <td>{m.sender || '<>'}</td>
                  <td>{m.recipients.filter((r) => r.status === 'pending').map((r) => r.address).join(', ')}</td>
                  <td class="nowrap">{bytes(m.size)}</td>
                  <td><span class={`state ${m.state}`}>{m.state}</span></td>
                  <td>{m.attempts}</td>
                  <td>{Date.parse(m.next_attempt_at) <= Date.now() ? 'due now' : `in ${age(m.next_attempt_at)}`}</td>
                  <td class="error-text">{m.last_error ?? ''}</td>
                  <td class="actions">
                    <button type="button" onClick={() => retry(m)} aria-label={`Retry ${m.id} now`}>Retry</button>
                    <button type="button" class="danger" onClick={() => remove(m)} aria-label={`Delete ${m.id}`}>Delete</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        </>
      )}
    </>
  );
}
