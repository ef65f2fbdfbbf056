// One queued message: envelope, per-recipient status, the header as received, and retry, delete, download.
import { useEffect, useState } from 'preact/hooks';
import type { QueuedMessageJson } from '@relayform/schema/api-wire-types.ts';
import { api, ApiFailure, apiText } from '../api.ts';
import { ErrorNote } from '../components/error-note.tsx';
import { age, bytes, time } from '../format.ts';
import { href } from '../route.ts';
import { useApi } from '../use-api.ts';

/** The header section of a message: everything before the first empty line. */
function headerOf(raw: string): string {
  const end = raw.search(/\r?\n\r?\n/);
  return end < 0 ? raw : raw.slice(0, end);
}

export function MessagePage({ id }: { id: string }) {
  const path = `/v1/queue/${encodeURIComponent(id)}`;
  const message = useApi<QueuedMessageJson>(path, 5000);
  const [header, setHeader] = useState<string>();
  const [notice, setNotice] = useState('');
  useEffect(() => { apiText(`${path}/message`).then((raw) => setHeader(headerOf(raw)), () => setHeader(undefined)); }, [path]);

  if (message.error) {
    return (
      <>
        <h1>Message {id}</h1>
        {message.error.status === 404
          ? <p role="status">This message is no longer queued: it was delivered, returned to its sender, or deleted.</p>
          : <ErrorNote error={message.error} what="this message" />}
        <p><a href={href('queue')}>Back to the queue</a></p>
      </>
    );
  }
  const m = message.data;
  const run = async (what: string, call: () => Promise<unknown>) => {
    try {
      await call();
      setNotice(what);
    } catch (error) {
      setNotice(error instanceof ApiFailure ? error.message : String(error));
    }
    message.reload();
  };
  return (
    <>
      <h1>Message {id}</h1>
      <p><a href={href('queue')}>Back to the queue</a></p>
      {!m ? <p>Loading…</p> : (
        <>
          <div class="toolbar">
            <p class="status" aria-live="polite">{notice}</p>
            <button type="button" onClick={() => run('Due now.', () => api('POST', `${path}/retry`))}>Retry now</button>
            <button type="button" class="danger" onClick={() => window.confirm(`Delete message ${id} without delivering it?`) && run('Deleted.', () => api('DELETE', path))}>Delete</button>
            <a class="button" href={`${path}/message`} download={`${id}.eml`}>Download .eml</a>
          </div>
          <h2>Envelope</h2>
          <dl class="facts">
            <dt>Sender</dt><dd>{m.sender || '<> (null sender)'}</dd>
            <dt>Received</dt><dd>{time(m.received_at)} ({age(m.received_at)} ago) from {m.client_ip}{m.authenticated_as ? ` as ${m.authenticated_as}` : ''}</dd>
            <dt>Size</dt><dd>{bytes(m.size)}</dd>
            <dt>State</dt><dd>{m.state}, {m.attempts} attempts, next {time(m.next_attempt_at)}</dd>
            <dt>Last error</dt><dd>{m.last_error ?? 'none'}</dd>
          </dl>
          <h2>Recipients</h2>
          <table class="list">
            <thead><tr><th scope="col">Address</th><th scope="col">Status</th><th scope="col">Last error</th></tr></thead>
            <tbody>{m.recipients.map((r) => <tr key={r.address}><td>{r.address}</td><td>{r.status}</td><td>{r.last_error ?? ''}</td></tr>)}</tbody>
          </table>
          <h2>Header</h2>
          {header === undefined ? <p class="muted">Not available.</p> : <pre class="headers" tabIndex={0}>{header}</pre>}
        </>
      )}
    </>
  );
}
