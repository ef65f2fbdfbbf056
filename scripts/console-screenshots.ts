// Takes the README's screenshots of the web console (overview, queue, audit log) from a relay with realistic traffic.
// Usage: npm run console:screenshots   (writes docs/images/console-*.png; needs /usr/bin/chromium, as the browser tests)
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { waitForListener } from '../test/data-plane/wait-for-listener.ts';
import { signInWithToken } from '../test/console/console-sign-in.ts';
import { openBrowser } from '../test/support/browser.ts';
import { freePort } from '../test/support/free-port.ts';
import { relayOperator } from '../test/support/relay-operator.ts';
import { startSmtpSink } from '../test/support/smtp-sink.ts';
import { startTestRelay } from '../test/support/test-relay.ts';

const out = fileURLToPath(new URL('../docs/images/', import.meta.url));
/** What the provider sends with every resource request: the objects it creates show "Managed by Terraform". */
const byTerraform = { 'relayform-managed-by': 'terraform' };

// The relay runs from its sources, but serves the console from the build: bring it up to date first.
if (spawnSync(process.execPath, [fileURLToPath(new URL('../relay-service/scripts/build.mjs', import.meta.url)), '--if-stale'], { stdio: 'inherit' }).status !== 0) {
  throw new Error('the relay build failed');
}
const sink = await startSmtpSink();
const relay = await startTestRelay({ mode: 'child-process', env: { SMTP_RELAY_STATS_INTERVAL_SECONDS: '1' } });
const browser = await openBrowser().catch(async (error: unknown) => { await relay.dispose(); await sink.stop(); throw error; });
try {
  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const result = await relay.api(method, path, body, headers);
    if (result.status >= 300) throw new Error(`${method} ${path}: ${result.status} ${result.text}`);
    return result.body as { id: string };
  };
  const operator = relayOperator(relay.api);
  const certificate = await operator.createCertificate('smtp.corp.example');
  const ports = { edge: await freePort(), scanners: await freePort(), legacy: await freePort(), partnerHop: await freePort() };

  // edge: the Terraform-managed relay for the application servers; its partner route is down, so mail there is deferred.
  const edge = await api('POST', '/v1/virtual-servers', {
    name: 'edge', port: ports.edge, fqdn: 'smtp.corp.example', local_domains: ['corp.example'],
    authentication: { anonymous: true, basic: true, basic_default_domain: 'CORP' },
    tls: { certificate_id: certificate },
    delivery: { smart_host: sink.host, smart_host_port: sink.port, retry_intervals_minutes: [15, 30, 60] },
  }, byTerraform);
  await api('POST', `/v1/virtual-servers/${edge.id}/relay-rules`, { cidr: '127.0.0.0/8', description: 'application servers' }, byTerraform);
  await api('POST', `/v1/virtual-servers/${edge.id}/connection-rules`, { cidr: '198.51.100.0/24', description: 'retired scanner VLAN' }, byTerraform);
  await api('POST', `/v1/virtual-servers/${edge.id}/remote-domains`, {
    name: 'partner.example', smart_host: '127.0.0.1', smart_host_port: ports.partnerHop,
  }, byTerraform);
  // scanners: an operator's server for the multifunction printers, configured with the API, rate-limited per printer:
  // of the 8 scan messages below, the ones past 5 in a minute are refused (451 4.7.1) and show in the overview.
  const scanners = await api('POST', '/v1/virtual-servers', {
    name: 'scanners', port: ports.scanners, relay_control: { mode: 'only_listed', allow_authenticated: true },
    rate_limits: { messages_per_minute_per_client_ip: 5 }, limits: { max_connections_per_ip: 4 },
    delivery: { smart_host: sink.host, smart_host_port: sink.port },
  });
  await api('POST', `/v1/virtual-servers/${scanners.id}/relay-rules`, { cidr: '127.0.0.0/8', description: 'print room' });
  // legacy: someone opened it up to everybody: the overview shows the OPEN RELAY banner.
  const legacy = await api('POST', '/v1/virtual-servers', {
    name: 'legacy-app', port: ports.legacy, delivery: { smart_host: sink.host, smart_host_port: sink.port },
  });
  await operator.createAccount('scanner01', 'CORP', 'correct horse battery staple');
  // The newest audit entries, shown opened with their before/after differences.
  await api('PATCH', `/v1/virtual-servers/${edge.id}`, { limits: { max_message_size_kb: 20480, max_recipients_per_message: 500 }, tls: { require_128_bit: true } }, byTerraform);
  await api('PATCH', `/v1/virtual-servers/${legacy.id}`, { relay_control: { mode: 'all_except_listed' } });

  for (const port of Object.values(ports).slice(0, 3)) await waitForListener(port);
  const send = (port: number, from: string, to: string, subject: string) =>
    nodemailer.createTransport({ host: '127.0.0.1', port, ignoreTLS: true }).sendMail({ from, to, subject, text: `${subject}\n\nSent by the console screenshot script.` });
  const deferred = [
    ['billing@corp.example', 'ap@partner.example', 'Invoice 2026-1187'], ['billing@corp.example', 'ap@partner.example', 'Invoice 2026-1188'],
    ['hr@corp.example', 'payroll@partner.example', 'December payroll file'], ['noreply@corp.example', 'orders@partner.example', 'Purchase order 55120'],
  ];
  for (const [from, to, subject] of deferred) await send(ports.edge, from, to, subject);
  const rateLimited = (error: { responseCode?: number }) => { if (error.responseCode !== 451) throw error; };
  for (let i = 0; i < 24; i++) {
    if (i % 3 === 0) await send(ports.scanners, 'scanner01@corp.example', `user${i}@mail.example`, `Scan ${i}`).catch(rateLimited);
    else await send(ports.edge, 'app@corp.example', `user${i}@mail.example`, `Report ${i}`);
  }
  // Let the first attempts fail and the per-minute counts reach the store.
  for (let i = 0; i < 40; i++) {
    const queue = await relay.api<{ total: number }>('GET', '/v1/queue?state=deferred');
    if (queue.body.total >= deferred.length) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await new Promise((resolve) => setTimeout(resolve, 2500));

  mkdirSync(out, { recursive: true });
  const page = await browser.context.newPage();
  await signInWithToken(page, relay.apiUrl, relay.token);
  await page.getByRole('region', { name: 'edge' }).locator('.legend').first().getByText(/Accepted: [1-9]/).waitFor();
  await page.getByRole('region', { name: 'scanners' }).getByText(/Refused by these limits in the last hour: [1-9]/).waitFor();
  await page.screenshot({ path: join(out, 'console-overview.png'), fullPage: true });
  await page.goto(`${relay.apiUrl}/console/#/queue?state=deferred`);
  await page.locator('tbody tr[data-message-id]').nth(deferred.length - 1).waitFor();
  await page.screenshot({ path: join(out, 'console-queue.png'), fullPage: true });
  await page.goto(`${relay.apiUrl}/console/#/audit`);
  await page.locator('.audit li').first().waitFor();
  await page.screenshot({ path: join(out, 'console-audit.png'), fullPage: true });
  console.log(`wrote ${['overview', 'queue', 'audit'].map((name) => `docs/images/console-${name}.png`).join(', ')}`);
} finally {
  await browser.close();
  await relay.dispose();
  await sink.stop();
}
