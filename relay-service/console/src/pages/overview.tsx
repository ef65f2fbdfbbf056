// The overview: each virtual server the sign-in may see, its listener, TLS, authentication, relay policy, open-relay verdict,
// rate limits and traffic.
import type { ItemsJson, ListenerStatusJson } from '@relayform/schema/api-wire-types.ts';
import { ErrorNote } from '../components/error-note.tsx';
import { ManagedBy } from '../components/managed-by.tsx';
import { MinuteChart } from '../components/minute-chart.tsx';
import { RateLimits } from '../components/rate-limits.tsx';
import type { AddressRule, OpenRelayVerdict, RemoteDomain, VirtualServer } from '../model.ts';
import { href } from '../route.ts';
import { chartData, type MinuteStatsBody } from '../stats.ts';
import { useApi } from '../use-api.ts';

const refreshMs = 5000;

interface RelayStatus {
  config_version: number;
  queue: { fresh: number; deferred: number } | null;
}

function authMethods(server: VirtualServer): string {
  const { authentication: auth } = server;
  const methods = [
    auth.anonymous && 'anonymous', auth.basic && 'AUTH PLAIN/LOGIN (accounts)',
    auth.integrated && 'CRAM-MD5 and XOAUTH2 (issued tokens)', auth.integrated && auth.kerberos_keytab_path && 'GSSAPI (Kerberos)',
  ].filter(Boolean);
  return methods.length ? methods.join(', ') : 'none (no client can send)';
}

function relayMode(server: VirtualServer): string {
  const rules = server.relay_control.mode === 'only_listed' ? 'only clients the relay rules list' : 'every client except those the relay rules list';
  return `${rules}${server.relay_control.allow_authenticated ? '; authenticated clients always' : ''}`;
}

function ruleText(rule: AddressRule): string {
  if (rule.cidr) return rule.cidr;
  if (rule.domain) return `host ${rule.domain}`;
  return rule.subnet_mask ? `${rule.ip_address} mask ${rule.subnet_mask}` : String(rule.ip_address);
}

function OpenRelayBanner({ server }: { server: VirtualServer }) {
  const verdict = useApi<OpenRelayVerdict>(`/v1/virtual-servers/${server.id}/open-relay`, refreshMs);
  if (!verdict.data?.open_relay) return null;
  const { probe, decision } = verdict.data;
  return (
    <div class="banner open-relay" role="alert">
      <strong>OPEN RELAY</strong>
      <p>
        Anonymous clients may relay mail through <em>{server.name}</em> to any domain: a client at {probe.client_ip} sending to{' '}
        {probe.recipient} gets {decision.smtp_code} {decision.enhanced_status} ({decision.reason}). Restrict the relay rules or
        relay_control in this server's configuration.
      </p>
    </div>
  );
}

function RuleList({ title, path }: { title: string; path: string }) {
  const rules = useApi<ItemsJson<AddressRule & RemoteDomain>>(path, refreshMs);
  if (rules.error) return <ErrorNote error={rules.error} what={title.toLowerCase()} />;
  const items = rules.data?.items ?? [];
  return (
    <div class="rules">
      <h4>{title}</h4>
      {items.length === 0 ? <p class="muted">None</p> : (
        <ul>
          {items.map((rule) => (
            <li key={rule.id}>
              {'name' in rule && rule.name ? `${rule.name}${rule.allow_incoming_relay ? ' (incoming relay allowed)' : ''}` : ruleText(rule)} <ManagedBy object={rule} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ServerCard({ server }: { server: VirtualServer }) {
  const status = useApi<ListenerStatusJson>(`/v1/virtual-servers/${server.id}/status`, refreshMs);
  const stats = useApi<MinuteStatsBody>(`/v1/stats/minutes?virtual_server_id=${encodeURIComponent(server.id)}&minutes=60`, 15_000);
  const state = status.data?.listener_state ?? server.listener_state ?? 'unknown';
  const failure = status.data?.nodes.find((node) => node.error)?.error;
  // No stats route (an older relay) or no rows: the charts say "No data".
  const charts = chartData(stats.error ? undefined : stats.data?.servers.find((s) => s.virtual_server_id === server.id)?.minutes);
  const refused = charts.minutes.length ? charts.limited[0].values.reduce((a, b) => a + b, 0) : null;
  const headingId = `server-${server.id}`;
  return (
    <section class="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{server.name} <ManagedBy object={server} /></h2>
      <OpenRelayBanner server={server} />
      <dl class="facts">
        <dt>Listener</dt>
        <dd><span class={`state ${state}`}>{state}</span> on {server.bind_address}:{server.port}{failure ? ` — ${failure.code}: ${failure.message}` : ''}</dd>
        <dt>Host name</dt><dd>{server.fqdn ?? '—'}</dd>
        <dt>TLS</dt>
        <dd>{server.tls.certificate_id ? `STARTTLS offered${server.tls.require_tls ? ', required before MAIL FROM' : ', optional'}` : 'No STARTTLS (no certificate)'}</dd>
        <dt>Authentication</dt><dd>{authMethods(server)}</dd>
        <dt>Relaying</dt><dd>{relayMode(server)}</dd>
        <dt>Local domains</dt><dd>{server.local_domains.length ? server.local_domains.join(', ') : 'none'}</dd>
        <dt>Next hop</dt><dd>{server.delivery.smart_host ? `smart host ${server.delivery.smart_host}:${server.delivery.smart_host_port}` : 'MX hosts of each recipient domain'}</dd>
      </dl>
      <div class="rule-lists">
        <RuleList title="Relay rules" path={`/v1/virtual-servers/${server.id}/relay-rules`} />
        <RuleList title="Connection rules" path={`/v1/virtual-servers/${server.id}/connection-rules`} />
        <RuleList title="Remote domains" path={`/v1/virtual-servers/${server.id}/remote-domains`} />
      </div>
      <RateLimits server={server} refused={refused} />
      <h3>Last hour</h3>
      <div class="charts">
        <MinuteChart title="Messages per minute" minutes={charts.minutes} series={charts.traffic} />
        <MinuteChart title="Queue size" minutes={charts.minutes} series={charts.queue} />
        <MinuteChart title="Refused by rate limits per minute" minutes={charts.minutes} series={charts.limited} />
      </div>
      <p><a href={href('queue', { virtual_server_id: server.id })}>Queue of {server.name}</a> · <a href={href('relay-check', { virtual_server_id: server.id })}>Check relaying</a></p>
    </section>
  );
}

export function OverviewPage({ admin }: { admin: boolean }) {
  const servers = useApi<ItemsJson<VirtualServer>>('/v1/virtual-servers', refreshMs);
  const status = useApi<RelayStatus>(admin ? '/v1/status' : null, refreshMs);
  const queue = status.data?.queue;
  return (
    <>
      <h1>Overview</h1>
      {queue && (
        <p class="summary">
          Queue: <a href={href('queue', { state: 'fresh' })}>{queue.fresh} fresh</a>, <a href={href('queue', { state: 'deferred' })}>{queue.deferred} deferred</a>
          {' '}· configuration version {status.data?.config_version}
        </p>
      )}
      {servers.error && <ErrorNote error={servers.error} what="the virtual servers" />}
      {servers.data && servers.data.items.length === 0 && <p>No virtual server {admin ? 'is configured' : 'names you as its operator'}.</p>}
      {servers.data?.items.map((server) => <ServerCard key={server.id} server={server} />)}
    </>
  );
}
