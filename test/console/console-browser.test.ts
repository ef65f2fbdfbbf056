// The web console in headless Chromium against a relay child process and a real SMTP sink: sign-in, the queue from
// deferred to delivered, operators' isolation, the open-relay banner, rate limits and their refusals, and what a page
// cannot do without its session.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import type { Page } from 'playwright-core';
import { windowWithRoom } from '../data-plane/rate-limit-client.ts';
import { waitForListener } from '../data-plane/wait-for-listener.ts';
import { openBrowser, type TestBrowser } from '../support/browser.ts';
import { freePort } from '../support/free-port.ts';
import { relayOperator, type RelayOperator } from '../support/relay-operator.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { startTestRelay, type TestRelay } from '../support/test-relay.ts';
import { signInWithPassword, signInWithToken } from './console-sign-in.ts';

/** Screenshots of every test, kept after the run (an ignored folder; CONSOLE_ARTIFACTS_DIR moves it). */
const artifacts = process.env.CONSOLE_ARTIFACTS_DIR ?? fileURLToPath(new URL('../../.test-artifacts/console/', import.meta.url));
const password = 'console-browser-password';

let relay: TestRelay;
let operator: RelayOperator;
let browser: TestBrowser;
let sink: SmtpSink | null = null;
before(async () => {
  mkdirSync(artifacts, { recursive: true });
  // Per-minute stats reach the store every second instead of every 10 s, so the charts show this test's mail soon.
  relay = await startTestRelay({ mode: 'child-process', env: { SMTP_RELAY_STATS_INTERVAL_SECONDS: '1' } });
  operator = relayOperator(relay.api);
  browser = await openBrowser();
  browser.context.setDefaultTimeout(10_000);
});
after(async () => {
  await browser?.close();
  await sink?.stop();
  await relay?.dispose();
});

async function freshPage(): Promise<Page> {
  await browser.context.clearCookies();
  for (const open of browser.context.pages()) await open.close();
  return browser.context.newPage();
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });

test('the admin sees a deferred message appear in the queue, retries it once the next hop is up, and it is delivered', async () => {
  const smtpPort = await freePort();
  const nextHopPort = await freePort(); // nothing listens there yet: the first attempt is refused and the message deferred
  const vs = await operator.createServer({
    name: 'outbound', port: smtpPort,
    delivery: { smart_host: '127.0.0.1', smart_host_port: nextHopPort, retry_intervals_minutes: [60] },
  });
  await operator.addRule('relay-rules', vs.id, { cidr: '127.0.0.0/8' });
  await waitForListener(smtpPort);
  await nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, ignoreTLS: true })
    .sendMail({ from: 'app@corp.test', to: 'someone@partner.test', subject: 'Invoice 42', text: 'console test' });

  const page = await freshPage();
  await signInWithToken(page, relay.apiUrl, relay.token);
  await page.getByRole('link', { name: 'Queue', exact: true }).click();
  await page.getByLabel('State').selectOption('deferred');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  // The queue page refreshes itself: the message shows up once its first attempt has failed.
  const row = page.locator('tbody tr[data-message-id]');
  await row.first().waitFor();
  assert.equal(await row.count(), 1);
  const id = (await row.getAttribute('data-message-id'))!;
  assert.match(await row.innerText(), /\bdeferred\b/);
  assert.match(await row.innerText(), /ECONNREFUSED/, 'the last error says why');
  assert.match(await row.innerText(), /someone@partner\.test/);
  await shot(page, 'queue-deferred');

  sink = await startSmtpSink({ port: nextHopPort });
  await page.getByRole('button', { name: `Retry ${id} now` }).click();
  await row.first().waitFor({ state: 'detached', timeout: 15_000 });
  assert.equal(sink.messages.length, 1);
  assert.deepEqual(sink.messages[0].to, ['someone@partner.test']);
  await page.getByText('0 messages match').waitFor();
  await page.goto(`${relay.apiUrl}/console/#/queue/${id}`);
  await page.getByText('This message is no longer queued').waitFor();
  assert.equal((await relay.api('GET', `/v1/queue/${id}`)).status, 404);
  await shot(page, 'queue-delivered');

  // The overview's chart counts what the relay counted: one accepted message, one delivered recipient.
  await page.getByRole('link', { name: 'Overview' }).click();
  const card = page.getByRole('region', { name: 'outbound' });
  const legend = card.locator('.legend').first();
  for (let tries = 0; !/Delivered: 1/.test(await legend.innerText().catch(() => '')) && tries < 20; tries++) {
    await page.waitForTimeout(500);
    await page.reload();
  }
  assert.match(await legend.innerText(), /Accepted: 1[\s\S]*Delivered: 1[\s\S]*Deferred: 1[\s\S]*Bounced: 0/);
  await shot(page, 'overview-charts');
});

test('the overview shows a server\'s configured rate limits and counts a refusal made over SMTP', async () => {
  const smtpPort = await freePort();
  const vs = await operator.createServer({ name: 'limited', port: smtpPort, local_domains: ['corp.test'], rate_limits: { messages_per_minute_per_client_ip: 1 } });
  await waitForListener(smtpPort);
  // Both messages in one rate window (one minute), so that the second one meets the limit.
  await windowWithRoom(60_000, 10_000);
  const client = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, ignoreTLS: true });
  await client.sendMail({ from: 'app@corp.test', to: 'bob@corp.test', subject: 'first', text: 'within the limit' });
  await assert.rejects(client.sendMail({ from: 'app@corp.test', to: 'bob@corp.test', subject: 'second', text: 'over the limit' }),
    (error: { responseCode?: number; response?: string }) => error.responseCode === 451 && /4\.7\.1 rate limit/.test(error.response ?? ''));
  client.close();

  const page = await freshPage();
  await signInWithToken(page, relay.apiUrl, relay.token);
  const card = page.getByRole('region', { name: 'limited' });
  const limits = card.getByRole('table', { name: 'Rate limits (per minute)' });
  const row = (name: string) => limits.getByRole('row', { name: new RegExp(`^${name}`) });
  assert.deepEqual(await row('Client IP').getByRole('cell').allInnerTexts(), ['1', 'no limit'], 'messages 1 per client IP, recipients unlimited');
  assert.deepEqual(await row('Authenticated account').getByRole('cell').allInnerTexts(), ['no limit', 'no limit']);
  assert.match(await card.getByText('Connections per client IP at once').innerText(), /no limit/);
  const refused = card.getByText('Refused by these limits in the last hour');
  for (let tries = 0; !/hour: [1-9]/.test(await refused.innerText().catch(() => '')) && tries < 20; tries++) {
    await page.waitForTimeout(500);
    await page.reload();
  }
  assert.match(await refused.innerText(), /hour: 1$/);
  const chart = card.locator('figure', { hasText: 'Refused by rate limits per minute' });
  assert.match(await chart.locator('.legend').innerText(), /Rate-limited: 1/);
  assert.equal((await relay.api('GET', `/v1/stats/minutes?virtual_server_id=${vs.id}&minutes=5`)).body.servers[0].minutes
    .reduce((n: number, m: { rate_limited: number }) => n + m.rate_limited, 0), 1, 'the console shows what the API counts');
  await shot(page, 'overview-rate-limits');
});

test('an operator signs in with the account form and sees only its own server; the open-relay banner follows an API change', async () => {
  const olga = await operator.createAccount('olga', 'CORP', password);
  const pete = await operator.createAccount('pete', 'CORP', password);
  // Created as the provider creates it: marked as managed by Terraform.
  const created = await relay.api('POST', '/v1/virtual-servers', { name: 'alpha-relay', port: await freePort() }, { 'relayform-managed-by': 'terraform' });
  assert.equal(created.status, 201, created.text);
  const alpha = created.body as { id: string };
  const bravo = await operator.createServer({ name: 'bravo-relay', port: await freePort() });
  for (const [server, account] of [[alpha.id, olga], [bravo.id, pete]]) {
    assert.equal((await relay.api('POST', `/v1/virtual-servers/${server}/operators`, { account_id: account })).status, 201);
  }
  const page = await freshPage();
  await signInWithPassword(page, relay.apiUrl, 'CORP\\olga', password);
  await page.getByRole('heading', { level: 2, name: 'alpha-relay' }).waitFor();
  assert.equal(await page.getByRole('heading', { level: 2 }).count(), 1, 'one server: only the one olga operates');
  assert.equal(await page.getByText('bravo-relay').count(), 0);
  assert.match(await page.getByText('Signed in as').innerText(), /CORP\\olga \(operator\)/);
  assert.equal(await page.getByRole('alert').count(), 0, 'the default policy is no open relay');
  assert.equal(await page.getByRole('region', { name: 'alpha-relay' }).getByText('Managed by Terraform').count(), 1);

  // Keyboard: the first Tab reaches the skip link, which moves focus to the page's content.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate('document.activeElement.textContent'), 'Skip to content');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate('document.activeElement.id'), 'main');

  await page.getByRole('link', { name: 'Queue', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: 'may not see the queue' }).waitFor();

  assert.equal((await relay.api('PATCH', `/v1/virtual-servers/${alpha.id}`, { relay_control: { mode: 'all_except_listed' } })).status, 200);
  await page.getByRole('link', { name: 'Overview' }).click();
  const banner = page.getByRole('alert').filter({ hasText: 'OPEN RELAY' });
  await banner.waitFor();
  assert.match(await banner.innerText(), /Anonymous clients may relay mail through alpha-relay/);
  await shot(page, 'open-relay-banner');

  assert.equal((await relay.api('PATCH', `/v1/virtual-servers/${alpha.id}`, { relay_control: { mode: 'only_listed' } })).status, 200);
  await page.reload();
  await page.getByRole('heading', { level: 2, name: 'alpha-relay' }).waitFor();
  await banner.waitFor({ state: 'detached' });
});

test('the session cookie is HttpOnly and SameSite=Strict; a page cannot write without the CSRF token or read without a session', async () => {
  const page = await freshPage();
  await signInWithToken(page, relay.apiUrl, relay.token);
  const cookies = await browser.context.cookies(relay.apiUrl);
  const session = cookies.find((c) => c.name === 'relay_console');
  assert.ok(session, cookies.map((c) => c.name).join(', '));
  assert.equal(session.httpOnly, true);
  assert.equal(session.sameSite, 'Strict');
  assert.equal(session.path, '/');
  assert.equal(session.secure, false, 'plain HTTP here (console-session.test.ts checks Secure over HTTPS)');
  assert.equal(await page.evaluate('document.cookie'), '', 'scripts cannot read the session cookie');

  // Page scripts are strings: tsx would wrap named functions in a helper (__name) that the page does not have.
  const statuses = await page.evaluate(`(async () => {
    const post = (headers) => fetch('/v1/queue/retry', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
    const session = await (await fetch('/console/session')).json();
    return {
      withoutToken: (await post({})).status,
      wrongToken: (await post({ 'x-csrf-token': 'guess' })).status,
      withToken: (await post({ 'x-csrf-token': session.csrf_token })).status,
      read: (await fetch('/v1/virtual-servers')).status,
    };
  })()`);
  assert.deepEqual(statuses, { withoutToken: 403, wrongToken: 403, withToken: 200, read: 200 });

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { level: 1, name: 'Relayform console' }).waitFor();
  assert.match(page.url(), /\/console\/login$/);
  const after = await page.evaluate(`(async () => ({
    data: (await fetch('/v1/virtual-servers')).status,
    app: (await fetch('/console/assets/app.js')).status,
    session: (await fetch('/console/session')).status,
    shell: (await fetch('/console/', { redirect: 'manual' })).type,
  }))()`);
  assert.deepEqual(after, { data: 401, app: 401, session: 401, shell: 'opaqueredirect' });
  await page.goto(`${relay.apiUrl}/console/#/queue`);
  assert.match(page.url(), /\/console\/login(#.*)?$/, 'the browser keeps the fragment across the redirect');
  await page.getByRole('button', { name: 'Sign in with token' }).waitFor();
  await shot(page, 'signed-out');
});
