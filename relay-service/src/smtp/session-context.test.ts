// Tests SessionLog: the session's fields on every line written, bound only once a line is actually written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { SessionLog } from './session-context.ts';

function capture(level: string) {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({ write(chunk, _encoding, done) { lines.push(JSON.parse(String(chunk))); done(); } });
  return { logger: pino({ level }, sink), lines };
}

test('lines carry the session fields; the fields are computed once, on the first enabled line', async () => {
  const { logger, lines } = capture('info');
  let computed = 0;
  const log = new SessionLog(logger, () => { computed += 1; return { session: 's1', client: '127.0.0.2' }; });
  assert.equal(computed, 0);
  log.debug('not at info');
  assert.equal(computed, 0, 'a disabled level binds nothing');
  log.info('smtp session started');
  log.warn({ user: 'alice' }, 'smtp auth failed');
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(computed, 1);
  assert.deepEqual(lines.map((l) => [l.msg, l.session, l.client, l.user]), [
    ['smtp session started', 's1', '127.0.0.2', undefined],
    ['smtp auth failed', 's1', '127.0.0.2', 'alice'],
  ]);
});

test('at level warn a session that writes only info lines never binds its fields', () => {
  const { logger, lines } = capture('warn');
  let computed = 0;
  const log = new SessionLog(logger, () => { computed += 1; return { session: 's2' }; });
  log.info('smtp session started');
  log.info({ id: 'q1' }, 'message queued');
  assert.equal(computed, 0);
  assert.equal(lines.length, 0);
});
