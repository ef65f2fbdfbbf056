// Helpers of the per-minute statistics tests: mail that is delivered, deferred and bounced by a sink, and the totals
// GET /v1/stats/minutes reports for a virtual server.
import assert from 'node:assert/strict';
import nodemailer from 'nodemailer';
import type { ApiCall } from './api-client.ts';
import { startSmtpSink, type SmtpSink } from './smtp-sink.ts';

/** A sink that defers `defer@...` (451), refuses `bounce@...` (550) and takes everything else. */
export function judgingSink(): Promise<SmtpSink> {
  return startSmtpSink({
    rcptReply: (address) => (address.startsWith('defer@') ? '451 4.3.0 try again later' : address.startsWith('bounce@') ? '550 5.1.1 no such user' : null),
  });
}

/** Sends one message from `from` to `to` through host:port; resolves with the relay's queue id. */
export async function send(host: string, port: number, from: string, to: string[], subject: string): Promise<string> {
  const client = nodemailer.createTransport({ host, port, ignoreTLS: true });
  try {
    const raw = [`From: <${from}>`, `To: ${to.map((a) => `<${a}>`).join(', ')}`, `Subject: ${subject}`, `Message-ID: <${subject}@stats.test>`, '', 'counted', ''].join('\r\n');
    const info = await client.sendMail({ envelope: { from, to }, raw });
    const id = /queued as (\S+)/.exec(info.response)?.[1];
    assert.ok(id, info.response);
    return id;
  } finally {
    client.close();
  }
}

/** One minute of one server as the API returns it. */
export interface MinuteRow { minute: string; accepted: number; delivered: number; deferred: number; bounced: number; rate_limited: number; queue_size: number | null }

/** The minutes of `virtualServerId` over the last `minutes` minutes, as `api` (an admin or an operator) reads them. */
export async function minutesOf(api: ApiCall, virtualServerId: string, minutes = 10): Promise<MinuteRow[]> {
  const response = await api('GET', `/v1/stats/minutes?virtual_server_id=${virtualServerId}&minutes=${minutes}`);
  assert.equal(response.status, 200, response.text);
  assert.equal(response.body.servers.length, 1);
  const rows = response.body.servers[0].minutes as MinuteRow[];
  assert.equal(rows.length, minutes, 'one row per minute, traffic or not');
  return rows;
}

/** The counts summed over the rows. */
export function totals(rows: MinuteRow[]): { accepted: number; delivered: number; deferred: number; bounced: number } {
  const sum = (key: 'accepted' | 'delivered' | 'deferred' | 'bounced') => rows.reduce((n, row) => n + row[key], 0);
  return { accepted: sum('accepted'), delivered: sum('delivered'), deferred: sum('deferred'), bounced: sum('bounced') };
}

/** Polls until the totals of `virtualServerId` equal `expected` (the flush interval has passed on every process); returns the rows. */
export async function untilTotals(api: ApiCall, virtualServerId: string, expected: ReturnType<typeof totals>, timeoutMs = 40_000): Promise<MinuteRow[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await minutesOf(api, virtualServerId);
    if (JSON.stringify(totals(rows)) === JSON.stringify(expected)) return rows;
    if (Date.now() > deadline) assert.deepEqual(totals(rows), expected, 'the statistics never reached the expected totals');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Asserts that every minute with counts lies between `started` and `ended` (the minutes the traffic happened in). */
export function assertWithin(rows: MinuteRow[], started: Date, ended: Date): void {
  const first = Math.floor(started.getTime() / 60_000) * 60_000;
  for (const row of rows) {
    const counted = row.accepted + row.delivered + row.deferred + row.bounced + row.rate_limited;
    const at = Date.parse(row.minute);
    if (counted > 0) assert.ok(at >= first && at <= ended.getTime(), `${row.minute} has counts but lies outside the test's minutes`);
  }
}
