// PUT on a virtual server's relay-rules / connection-rules: the whole list replaced in one transaction, by match, over real HTTP.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestRelay, type TestRelay } from '../../../test/support/test-relay.ts';
import { apiClient } from '../../../test/support/api-client.ts';
import { LIST_BODY_LIMIT } from './resource-routes.ts';

let relay: TestRelay;
let serverA: string;
let serverB: string;
const rulesOf = (server: string, kind = 'relay-rules') => `/v1/virtual-servers/${server}/${kind}`;
const asOperator = { authorization: `Basic ${Buffer.from('CORP\\listop:list-op-secret').toString('base64')}` };

before(async () => {
  relay = await startTestRelay();
  serverA = (await relay.api('POST', '/v1/virtual-servers', { name: 'list-a', port: 2671 })).body.id;
  serverB = (await relay.api('POST', '/v1/virtual-servers', { name: 'list-b', port: 2672 })).body.id;
  const account = (await relay.api('POST', '/v1/accounts', { name: 'listop', domain: 'CORP', password_wo: 'list-op-secret' })).body.id;
  assert.equal((await relay.api('POST', `/v1/virtual-servers/${serverA}/operators`, { account_id: account })).status, 201);
});
after(() => relay.dispose());

type Rule = { id: string; cidr: string | null; ip_address: string | null; domain: string | null; description: string };
const list = async (server: string, kind = 'relay-rules') => (await relay.api('GET', rulesOf(server, kind))).body.items as Rule[];
const auditOf = async (server: string) => (await relay.api('GET', `/v1/audit-log?object_id=${server}`)).body.items as Array<{ action: string; object_type: string; actor: string; before: any; after: any }>;
const relayDecision = async (server: string, clientIp: string) => (await relay.api('POST', '/v1/relay-check', {
  virtual_server_id: server, client_ip: clientIp, authenticated_as: null, sender: 'a@example.org', recipient: 'x@elsewhere.example',
})).body.decision as string;

test('a list replaced by match: unchanged rules keep their ids, a new description updates in place, the missing go, the new come; one audit entry', async () => {
  const first = await relay.api('PUT', rulesOf(serverA), { items: [{ cidr: '10.1.0.0/16', description: 'office' }, { ip_address: '192.0.2.7' }, { domain: 'partner.example' }] });
  assert.equal(first.status, 200, first.text);
  const created = first.body.items as Rule[];
  assert.deepEqual(created.map((r) => [r.cidr, r.ip_address, r.domain, r.description]),
    [['10.1.0.0/16', null, null, 'office'], [null, '192.0.2.7', null, ''], [null, null, 'partner.example', '']], 'defaults filled, in the given order');
  assert.deepEqual(await list(serverA), created, 'the answer is the list as stored');
  assert.equal(await relayDecision(serverA, '10.1.2.3'), 'accept', 'the data plane sees the new list');

  const [office, single, partner] = created;
  const version = await relay.handles().store.configVersion();
  const second = await relay.api('PUT', rulesOf(serverA), { items: [
    { domain: 'partner.example' }, { cidr: '10.1.0.0/16', description: 'head office' }, { cidr: '198.51.100.0/24' },
  ] });
  assert.equal(second.status, 200, second.text);
  const now = second.body.items as Rule[];
  assert.equal(now.length, 3);
  assert.equal(now.find((r) => r.domain === 'partner.example')!.id, partner.id, 'unchanged: same id');
  assert.deepEqual(now.find((r) => r.cidr === '10.1.0.0/16'), { ...office, description: 'head office', managed_by: null }, 'same id, new description');
  assert.equal(now.some((r) => r.id === single.id), false, 'the rule no item names is deleted');
  assert.equal((await relay.api('GET', `${rulesOf(serverA)}/${single.id}`)).status, 404);
  const added = now.find((r) => r.cidr === '198.51.100.0/24')!;
  assert.ok(added.id && ![office.id, single.id, partner.id].includes(added.id), 'a new rule gets a new id');
  assert.equal(await relay.handles().store.configVersion(), version + 1, 'one commit');
  assert.equal(await relayDecision(serverA, '192.0.2.7'), 'reject', 'the removed rule no longer lets that client relay');

  const audit = await auditOf(serverA);
  assert.deepEqual(audit.slice(0, 2).map((a) => [a.action, a.object_type, a.actor]), [['replace_list', 'relay_rule', 'admin'], ['replace_list', 'relay_rule', 'admin']]);
  const stored = ({ managed_by: _reported, ...doc }: Rule & { managed_by?: unknown }) => doc;
  assert.deepEqual(audit[0].before, { removed: [stored(single)], changed: [stored(office)] }, 'before: what was removed and changed, as it was');
  assert.deepEqual(audit[0].after.added.map((r: Rule) => r.id), [added.id]);
  assert.deepEqual(audit[0].after.changed.map((r: Rule) => [r.id, r.description]), [[office.id, 'head office']]);
  assert.deepEqual(audit[1].after.added.map((r: Rule) => r.id), created.map((r) => r.id), 'the first replacement added all three');
  for (const rule of now) assert.deepEqual((await relay.api('GET', `/v1/audit-log?object_id=${rule.id}`)).body.items, [], 'no entry per rule');

  const again = await relay.api('PUT', rulesOf(serverA), { items: [{ domain: 'partner.example' }, { cidr: '10.1.0.0/16', description: 'head office' }, { cidr: '198.51.100.0/24' }] });
  assert.equal(again.status, 200);
  assert.deepEqual(again.body.items, now, 'the same list again');
  assert.equal(await relay.handles().store.configVersion(), version + 1, 'no change: no commit');
  assert.equal((await auditOf(serverA)).length, audit.length, 'and no audit entry');

  const readBack = await relay.api('PUT', rulesOf(serverA), { items: await list(serverA) });
  assert.equal(readBack.status, 200, `a list read and sent back (ids, virtual_server_id, managed_by) is accepted: ${readBack.text}`);
  assert.deepEqual(readBack.body.items, now);

  const emptied = await relay.api('PUT', rulesOf(serverA), { items: [] });
  assert.deepEqual([emptied.status, emptied.body.items], [200, []]);
  assert.deepEqual(await list(serverA), []);
});

test('a bad item changes nothing; every problem is named by its JSON path under $.items', async () => {
  const kept = (await relay.api('PUT', rulesOf(serverA), { items: [{ cidr: '10.2.0.0/16' }] })).body.items as Rule[];
  const auditBefore = (await auditOf(serverA)).length;
  const items = Array.from({ length: 40 }, (_, i) => ({ ip_address: `10.3.0.${i + 1}` })) as Array<Record<string, unknown>>;
  items[37] = { cidr: '10.0.0.0/33' };
  items[3] = { description: 'no match form' };
  items[5] = { ip_address: '10.3.0.3', description: 'again' };
  items[9] = { cidr: '10.9.0.0/16', domain: 'example.com' };
  items[12] = { ip_address: '10.3.0.13', color: 'blue' };
  const bad = await relay.api('PUT', rulesOf(serverA), { items });
  assert.equal(bad.status, 422, bad.text);
  assert.deepEqual(bad.body.error.details, [
    { path: '$.items[3]', message: 'set exactly one of ip_address, ip_address + subnet_mask, cidr, or domain' },
    { path: '$.items[5]', message: 'matches the same as $.items[2]: a list holds each match once' },
    { path: '$.items[9].domain', message: 'cannot be combined with cidr: set exactly one of ip_address, ip_address + subnet_mask, cidr, or domain' },
    { path: '$.items[12].color', message: 'is not a known field' },
    { path: '$.items[37].cidr', message: 'must be a CIDR block such as 192.0.2.0/24 or 2001:db8::/32' },
  ]);
  assert.deepEqual(await list(serverA), kept, 'nothing changed');
  assert.equal((await auditOf(serverA)).length, auditBefore, 'nothing audited');

  for (const [body, detail] of [
    [[{ cidr: '10.0.0.0/8' }], { path: '$', message: 'must be a JSON object: { "items": [ ... ] }' }],
    [{}, { path: '$.items', message: 'is required' }],
    [{ items: { cidr: '10.0.0.0/8' } }, { path: '$.items', message: 'must be of type array' }],
    [{ items: [], extra: 1 }, { path: '$.extra', message: 'is not a known field' }],
    [{ items: ['10.0.0.0/8'] }, { path: '$.items[0]', message: 'must be a JSON object' }],
    [{ items: [{ cidr: '10.0.0.0/8', virtual_server_id: serverB }] }, { path: '$.items[0].virtual_server_id', message: 'must match the virtual server in the path' }],
  ] as Array<[unknown, { path: string; message: string }]>) {
    const answer = await relay.api('PUT', rulesOf(serverA), body);
    assert.equal(answer.status, 422, JSON.stringify(body));
    assert.deepEqual(answer.body.error.details, [detail], JSON.stringify(body));
  }
  assert.equal((await relay.api('PUT', rulesOf('no-such-server'), { items: [] })).status, 404);
  assert.deepEqual(await list(serverA), kept, 'still nothing changed');
});

test('10,000 rules (more than the API\'s 1 MB) in one request; past the list limit 413, and other routes keep 1 MB', async () => {
  const items = Array.from({ length: 10_000 }, (_, i) => ({ ip_address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, description: `rule ${i} of a long list, ${'x'.repeat(80)}` }));
  assert.ok(JSON.stringify({ items }).length > 1024 * 1024, 'the body is over 1 MB');
  const started = performance.now();
  const big = await relay.api('PUT', rulesOf(serverB), { items });
  assert.equal(big.status, 200, big.text.slice(0, 500));
  assert.equal(big.body.items.length, 10_000);
  const seconds = (performance.now() - started) / 1000;
  assert.equal((await list(serverB)).length, 10_000);
  assert.ok(seconds < 60, `took ${seconds.toFixed(1)} s`);
  const [entry] = await auditOf(serverB);
  assert.deepEqual([entry.action, entry.after.added.length, entry.before.removed.length], ['replace_list', 10_000, 0], 'one audit entry for all of them');

  const oneChanged = items.map((item, i) => (i === 4321 ? { ...item, description: 'changed' } : item));
  const second = await relay.api('PUT', rulesOf(serverB), { items: oneChanged });
  assert.equal(second.status, 200);
  const [change] = await auditOf(serverB);
  assert.deepEqual([change.after.added.length, change.after.changed.map((r: Rule) => r.description), change.before.removed.length], [0, ['changed'], 0]);
  assert.deepEqual(second.body.items.map((r: Rule) => r.id), big.body.items.map((r: Rule) => r.id), 'every id kept');

  const largest = `{"description":"${'x'.repeat(1000)}","cidr":"10.0.0.0/8"},`;
  const tooBig = `{"items":[${largest.repeat(Math.ceil(LIST_BODY_LIMIT / largest.length))}{"cidr":"10.0.0.0/8"}]}`;
  const refused = await relay.api('PUT', rulesOf(serverB), tooBig);
  assert.equal(refused.status, 413);
  assert.deepEqual(refused.body.error, { code: 'payload_too_large', message: `The request body is larger than ${LIST_BODY_LIMIT} bytes.`, details: [] });
  const post = await relay.api('POST', rulesOf(serverB), { cidr: '10.0.0.0/8', description: 'y'.repeat(1000), padding: 'z'.repeat(1024 * 1024) });
  assert.equal(post.status, 413, 'a single create still has the 1 MB limit');
  assert.match(post.body.error.message, /larger than 1048576 bytes/);
  assert.equal((await list(serverB)).length, 10_000, 'nothing changed');
  assert.equal((await relay.api('PUT', rulesOf(serverB), { items: [] })).status, 200);
});

test('an operator of the server may replace its lists, not another server\'s; Relayform-Managed-By marks every rule listed', async () => {
  const asOp = apiClient(relay.apiUrl, '');
  const mine = await asOp('PUT', rulesOf(serverA, 'connection-rules'), { items: [{ cidr: '203.0.113.0/24' }] }, asOperator);
  assert.equal(mine.status, 200, mine.text);
  const theirs = await asOp('PUT', rulesOf(serverB, 'connection-rules'), { items: [{ cidr: '203.0.113.0/24' }] }, asOperator);
  assert.equal(theirs.status, 403);
  assert.deepEqual(await list(serverB, 'connection-rules'), [], 'nothing changed on B');
  assert.equal((await auditOf(serverA))[0].actor, 'CORP\\listop');

  const unmarked = await list(serverA, 'connection-rules');
  assert.deepEqual(unmarked.map((r) => (r as Rule & { managed_by: unknown }).managed_by), [null]);
  const marker = { 'relayform-managed-by': 'terraform' };
  const read = await relay.api('GET', rulesOf(serverA, 'connection-rules'), undefined, marker);
  assert.deepEqual(read.body.items.map((r: { managed_by: unknown }) => r.managed_by), ['terraform'], 'a marked list read claims the rules');
  const replaced = await relay.api('PUT', rulesOf(serverA, 'connection-rules'), { items: [{ cidr: '203.0.113.0/24' }, { ip_address: '198.51.100.9' }] }, marker);
  assert.deepEqual(replaced.body.items.map((r: { managed_by: unknown }) => r.managed_by), ['terraform', 'terraform']);
  const badMarker = await relay.api('PUT', rulesOf(serverA, 'connection-rules'), { items: [] }, { 'relayform-managed-by': 'Not A Tool' });
  assert.equal(badMarker.status, 400);
  assert.equal((await list(serverA, 'connection-rules')).length, 2, 'a bad header changes nothing');
  assert.equal((await relay.api('GET', '/v1/virtual-servers', undefined, marker)).body.items.every((vs: { managed_by: unknown }) => vs.managed_by === null), true,
    'other lists are not claimed by a read');
});

test('items that match more than they seem to say are stored as written, with a Warning: 299 header at their $.items path (ten at most)', async () => {
  const answer = await relay.api('PUT', rulesOf(serverA), { items: [{ cidr: '10.4.0.0/16' }, { cidr: '10.0.0.1/8' }, { cidr: '::/0' }] });
  assert.equal(answer.status, 200, answer.text);
  const warning = answer.headers.get('warning') ?? '';
  assert.match(warning, /^299 - "\$\.items\[1\]\.cidr has host bits set: 10\.0\.0\.1\/8 matches every address in 10\.0\.0\.0\/8/);
  assert.match(warning, /299 - "\$\.items\[2\]\.cidr matches every IPv6 address/);
  const many = await relay.api('PUT', rulesOf(serverA), { items: Array.from({ length: 30 }, (_, i) => ({ cidr: `10.${i}.0.1/16` })) });
  assert.equal(many.status, 200);
  assert.equal(many.headers.get('warning')!.split('299 - ').length - 1, 11, 'ten warnings and one saying how many more');
  assert.match(many.headers.get('warning')!, /"\$ and 20 more warnings"$/);
  assert.equal((await relay.api('PUT', rulesOf(serverA), { items: [] })).status, 200);
});
