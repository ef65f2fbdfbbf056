// Tests for ConsoleSessions: idle and absolute expiry, logout, CSRF token comparison, the bound on live sessions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConsoleSessions } from './console-sessions.ts';

const admin = { kind: 'admin' } as const;

test('a session ends after the idle time without requests, and each request restarts that clock', () => {
  const sessions = new ConsoleSessions(1000, 10_000);
  const session = sessions.create(admin, null, 0);
  assert.equal(sessions.find(session.id, 900)?.id, session.id);
  assert.equal(sessions.find(session.id, 1800)?.id, session.id, 'used at 900 ms, so still live at 1800 ms');
  assert.equal(sessions.find(session.id, 2800), null);
  assert.equal(sessions.find(session.id, 2801), null, 'an expired session is forgotten, not revived');
});

test('a session ends at its maximum age however busy it is', () => {
  const sessions = new ConsoleSessions(1000, 2500);
  const session = sessions.create(admin, null, 0);
  for (const now of [800, 1600, 2400]) assert.ok(sessions.find(session.id, now));
  assert.equal(sessions.expiresAt(session), 2500);
  assert.equal(sessions.find(session.id, 2500), null);
});

test('logout ends the session; unknown ids find nothing', () => {
  const sessions = new ConsoleSessions();
  const session = sessions.create(admin, 'tok', 0);
  sessions.end(session.id);
  assert.equal(sessions.find(session.id, 1), null);
  assert.equal(sessions.find(undefined, 1), null);
  assert.equal(sessions.find('nope', 1), null);
});

test('the CSRF token must match exactly', () => {
  const sessions = new ConsoleSessions();
  const session = sessions.create(admin, null);
  assert.ok(ConsoleSessions.csrfMatches(session, session.csrfToken));
  assert.equal(ConsoleSessions.csrfMatches(session, undefined), false);
  assert.equal(ConsoleSessions.csrfMatches(session, `${session.csrfToken}x`), false);
  assert.notEqual(session.csrfToken, session.id);
});

test('past the bound the oldest sessions are forgotten first', () => {
  const sessions = new ConsoleSessions(60_000, 60_000, 3);
  const made = [0, 1, 2, 3].map((now) => sessions.create(admin, null, now));
  assert.equal(sessions.find(made[0].id, 10), null);
  assert.ok(made.slice(1).every((s) => sessions.find(s.id, 10)));
});
