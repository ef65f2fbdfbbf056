// Tests the issued token's life: one exchange for concurrent callers, renewal before expiry and after a refusal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IssuedToken, type TokenGrant } from './issued-token.ts';

function fixture() {
  let clock = 1_000_000;
  let issued = 0;
  let fail = false;
  const token = new IssuedToken(async (): Promise<TokenGrant> => {
    const sentAt = clock;
    await new Promise((r) => setTimeout(r, 5));
    if (fail) throw new Error('relay down');
    return { token: `t${++issued}`, scheme: 'Bearer', ttlMs: 900_000, sentAt };
  }, () => clock);
  return { token, advance: (ms: number) => (clock += ms), issued: () => issued, failNext: (value: boolean) => (fail = value) };
}

test('concurrent callers share one exchange, and the token is reused until a minute before it expires', async () => {
  const { token, advance, issued } = fixture();
  assert.deepEqual(await Promise.all([token.header(), token.header(), token.header()]), ['Bearer t1', 'Bearer t1', 'Bearer t1']);
  assert.equal(issued(), 1);
  advance(839_000);
  assert.equal(await token.header(), 'Bearer t1');
  advance(1_000);
  assert.equal(await token.header(), 'Bearer t2', 'renewed 60 s before the 15 minutes are up');
  assert.equal(issued(), 2);
});

test('a refused token is exchanged again once; a failed exchange is retried by the next call', async () => {
  const { token, issued, failNext } = fixture();
  const first = await token.header();
  token.refused(first);
  token.refused(first);
  assert.equal(await token.header(), 'Bearer t2');
  token.refused(first);
  assert.equal(await token.header(), 'Bearer t2', 'refusing a token already replaced does not exchange again');
  assert.equal(issued(), 2);
  token.refused('Bearer t2');
  failNext(true);
  await assert.rejects(token.header(), /relay down/);
  failNext(false);
  assert.equal(await token.header(), 'Bearer t3');
});
