// The rate limits a virtual server is configured with, as a table (per client IP, account, sender domain), and how many were refused.
import type { VirtualServer } from '../model.ts';

const dimensions = [
  { key: 'client_ip', words: 'Client IP' },
  { key: 'account', words: 'Authenticated account' },
  { key: 'sender_domain', words: 'Sender domain' },
] as const;

const limitText = (value: number | null | undefined) => (value === null || value === undefined ? 'no limit' : String(value));

/** `refused`: refusals summed over the last hour (rate_limited of the per-minute statistics); null: not known. */
export function RateLimits({ server, refused }: { server: VirtualServer; refused: number | null }) {
  const limits = server.rate_limits;
  return (
    <div class="rate-limits">
      <table>
        <caption>Rate limits (per minute)</caption>
        <thead><tr><th scope="col">Counted per</th><th scope="col">Messages</th><th scope="col">Recipients</th></tr></thead>
        <tbody>
          {dimensions.map(({ key, words }) => (
            <tr key={key}>
              <th scope="row">{words}</th>
              <td>{limitText(limits?.[`messages_per_minute_per_${key}`])}</td>
              <td>{limitText(limits?.[`recipients_per_minute_per_${key}`])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>Connections per client IP at once: <strong>{limitText(server.limits.max_connections_per_ip)}</strong></p>
      <p class="rate-limited">Refused by these limits in the last hour: <strong>{refused ?? 'unknown'}</strong></p>
    </div>
  );
}
