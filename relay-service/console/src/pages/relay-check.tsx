// The relay check: would a virtual server accept this recipient from this client? Answered by POST /v1/relay-check.
import { useState } from 'preact/hooks';
import type { ItemsJson, RelayCheckDecisionJson } from '@relayform/schema/api-wire-types.ts';
import { api, ApiFailure } from '../api.ts';
import { ErrorNote } from '../components/error-note.tsx';
import type { VirtualServer } from '../model.ts';
import type { Route } from '../route.ts';
import { useApi } from '../use-api.ts';

export function RelayCheckPage({ route }: { route: Route }) {
  const servers = useApi<ItemsJson<VirtualServer>>('/v1/virtual-servers');
  const [result, setResult] = useState<RelayCheckDecisionJson>();
  const [error, setError] = useState<ApiFailure>();
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    setResult(undefined);
    setError(undefined);
    try {
      setResult(await api<RelayCheckDecisionJson>('POST', '/v1/relay-check', {
        virtual_server_id: text('virtual_server_id'), client_ip: text('client_ip'), client_hostname: text('client_hostname') || null,
        authenticated_as: text('authenticated_as') || null, sender: text('sender'), recipient: text('recipient'),
      }));
    } catch (failed) {
      setError(failed instanceof ApiFailure ? failed : new ApiFailure(0, String(failed)));
    }
  };
  return (
    <>
      <h1>Relay check</h1>
      <p class="muted">Asks the virtual server's live policy, with the listener's own code, what it would answer. Nothing is sent.</p>
      {servers.error && <ErrorNote error={servers.error} what="the virtual servers" />}
      <form class="stacked" onSubmit={submit}>
        <label for="rc-server">Virtual server</label>
        <select id="rc-server" name="virtual_server_id" required value={route.query.get('virtual_server_id') ?? undefined}>
          {servers.data?.items.map((s) => <option key={s.id} value={s.id}>{s.name} ({s.bind_address}:{s.port})</option>)}
        </select>
        <label for="rc-ip">Client IP address</label>
        <input id="rc-ip" name="client_ip" required placeholder="192.0.2.10" />
        <label for="rc-host">Client host name (confirmed reverse DNS, optional)</label>
        <input id="rc-host" name="client_hostname" />
        <label for="rc-auth">Authenticated as (<code>DOMAIN\name</code>; empty for an anonymous client)</label>
        <input id="rc-auth" name="authenticated_as" />
        <label for="rc-sender">Envelope sender (MAIL FROM; empty for the null sender)</label>
        <input id="rc-sender" name="sender" />
        <label for="rc-recipient">Envelope recipient (RCPT TO)</label>
        <input id="rc-recipient" name="recipient" required />
        <button type="submit">Check</button>
      </form>
      <div aria-live="polite">
        {result && (
          <p class={`decision ${result.decision}`}>
            <strong>{result.decision === 'accept' ? 'Accepted' : 'Refused'}</strong>: {result.smtp_code} {result.enhanced_status} {result.reason}
          </p>
        )}
        {error && <ErrorNote error={error} what="the decision" />}
      </div>
    </>
  );
}
