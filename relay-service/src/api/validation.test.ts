// Every validation error path over real HTTP: 422 with one detail per problem, each naming its JSON path; nothing stored.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestRelay, type TestRelay } from '../../../test/support/test-relay.ts';
import { loopbackTls } from '../../../test/support/test-ca.ts';

let relay: TestRelay;
let rules: string;
before(async () => {
  relay = await startTestRelay();
  const vs = (await relay.api('POST', '/v1/virtual-servers', { name: 'v', port: 2631 })).body;
  rules = `/v1/virtual-servers/${vs.id}`;
});
after(() => relay.dispose());

async function details(path: string, body: unknown, method = 'POST') {
  const response = await relay.api(method, path, body);
  assert.equal(response.status, 422, response.text);
  assert.equal(response.body.error.code, 'validation_failed');
  return response.body.error.details as Array<{ path: string; message: string }>;
}

const vsCases: Array<[string, Record<string, unknown>, Array<{ path: string; message: string | RegExp }>]> = [
  ['wrong type', { name: 'x', port: '25' }, [{ path: '$.port', message: 'must be of type integer' }]],
  ['nested wrong type', { name: 'x', port: 25, authentication: { basic: 'yes' } }, [{ path: '$.authentication.basic', message: 'must be of type boolean' }]],
  ['unknown field', { name: 'x', port: 25, colour: 'red' }, [{ path: '$.colour', message: 'is not a known field' }]],
  ['unknown nested field', { name: 'x', port: 25, limits: { max_speed: 1 } }, [{ path: '$.limits.max_speed', message: 'is not a known field' }]],
  ['port too high', { name: 'x', port: 65536 }, [{ path: '$.port', message: 'must be <= 65535' }]],
  ['port zero', { name: 'x', port: 0 }, [{ path: '$.port', message: 'must be >= 1' }]],
  ['smart host port', { name: 'x', port: 25, delivery: { smart_host_port: 70000 } }, [{ path: '$.delivery.smart_host_port', message: 'must be <= 65535' }]],
  ['missing required', {}, [{ path: '$.name', message: 'is required' }, { path: '$.port', message: 'is required' }]],
  ['bad bind address', { name: 'x', port: 25, bind_address: '300.1.1.1' }, [{ path: '$.bind_address', message: 'must be an IPv4 or IPv6 address' }]],
  ['bad local domain', { name: 'x', port: 25, local_domains: ['ok.example', 'bad_domain!'] }, [{ path: '$.local_domains[1]', message: /must be a domain name/ }]],
  ['bad email', { name: 'x', port: 25, ndr: { send_copy_to: 'not-an-email' } }, [{ path: '$.ndr.send_copy_to', message: /email address/ }]],
  ['retry interval', { name: 'x', port: 25, delivery: { retry_intervals_minutes: [5, 0] } }, [{ path: '$.delivery.retry_intervals_minutes[1]', message: 'must be > 0' }]],
  ['too many retries', { name: 'x', port: 25, delivery: { retry_intervals_minutes: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1] } }, [{ path: '$.delivery.retry_intervals_minutes', message: 'must have at most 10 items' }]],
  ['bad enum', { name: 'x', port: 25, relay_control: { mode: 'everyone' } }, [{ path: '$.relay_control.mode', message: 'must be one of: only_listed, all_except_listed' }]],
  ['basic outbound needs a user', { name: 'x', port: 25, delivery: { outbound_security: { authentication: 'basic' } } },
    [{ path: '$.delivery.outbound_security.username', message: 'is required when authentication is basic' }]],
  ['dane with credentials', { name: 'x', port: 25, delivery: { outbound_security: { authentication: 'basic', username: 'u', tls_policy: 'dane' } } },
    [{ path: '$.delivery.outbound_security.tls_policy', message: /"dane" authenticates the MX hosts of direct delivery, which takes no credentials/ }]],
  ['mta_sts next to a smart host', { name: 'x', port: 25, delivery: { smart_host: 'smtp.isp.example', outbound_security: { tls_policy: 'mta_sts' } } },
    [{ path: '$.delivery.outbound_security.tls_policy', message: /"mta_sts" applies the recipient domain's policy to its MX hosts/ }]],
  ['a CA for dane', { name: 'x', port: 25, delivery: { outbound_security: { tls_policy: 'dane', tls_ca_pem: loopbackTls().caPem } } },
    [{ path: '$.delivery.outbound_security.tls_ca_pem', message: /only used with tls_policy "verify" or "mta_sts" \(this route's policy is "dane"\)/ }]],
  ['a CA that is not PEM', { name: 'x', port: 25, delivery: { outbound_security: { tls_policy: 'verify', tls_ca_pem: 'x' } } },
    [{ path: '$.delivery.outbound_security.tls_ca_pem', message: 'must be one or more PEM certificates (-----BEGIN CERTIFICATE----- ...)' }]],
  ['read-only id', { id: 'mine', name: 'x', port: 25 }, [{ path: '$.id', message: 'is read-only (set by the server)' }]],
];

for (const [name, body, expected] of vsCases) {
  test(`virtual server: ${name}`, async () => {
    const got = await details('/v1/virtual-servers', body);
    assert.equal(got.length, expected.length, JSON.stringify(got));
    expected.forEach((e, i) => {
      assert.equal(got[i].path, e.path);
      if (typeof e.message === 'string') assert.equal(got[i].message, e.message);
      else assert.match(got[i].message, e.message);
    });
  });
}

const ruleCases: Array<[string, Record<string, unknown>, string, RegExp]> = [
  ['bad IPv4 CIDR prefix', { cidr: '10.0.0.0/33' }, '$.cidr', /CIDR/],
  ['bad IPv6 CIDR prefix', { cidr: '2001:db8::/129' }, '$.cidr', /CIDR/],
  ['CIDR without prefix', { cidr: '10.0.0.0' }, '$.cidr', /CIDR/],
  ['bad IP', { ip_address: '10.0.0.256' }, '$.ip_address', /IPv4 or IPv6/],
  ['bad subnet mask', { ip_address: '10.0.0.0', subnet_mask: '255.0.255.0' }, '$.subnet_mask', /subnet mask/],
  ['IPv6 with subnet mask', { ip_address: '2001:db8::1', subnet_mask: '255.255.0.0' }, '$.ip_address', /IPv4 address when subnet_mask/],
  ['bad domain', { domain: 'exa mple.com' }, '$.domain', /domain name/],
  ['both cidr and domain', { cidr: '10.0.0.0/8', domain: 'example.com' }, '$.domain', /cannot be combined with cidr/],
  ['ip and cidr', { ip_address: '10.0.0.1', cidr: '10.0.0.0/8' }, '$.cidr', /cannot be combined with ip_address/],
  ['no match form', { description: 'nothing' }, '$', /set exactly one of/],
  ['mask alone', { subnet_mask: '255.255.255.0' }, '$.ip_address', /is required/],
];

for (const [name, body, path, message] of ruleCases) {
  test(`relay and connection rules: ${name}`, async () => {
    for (const kind of ['relay-rules', 'connection-rules']) {
      const got = await details(`${rules}/${kind}`, body);
      assert.equal(got.length, 1, JSON.stringify(got));
      assert.equal(got[0].path, path);
      assert.match(got[0].message, message);
    }
  });
}

test('remote domain names: example.com and *.example.com only', async () => {
  for (const name of ['*example.com', 'a.*.example.com', '*.', 'exa_mple.com']) {
    const got = await details(`${rules}/remote-domains`, { name });
    assert.equal(got[0].path, '$.name', name);
  }
  assert.equal((await relay.api('POST', `${rules}/remote-domains`, { name: '*.example.com' })).status, 201);
});

test('accounts and PATCH bodies are validated the same way; rejected writes change nothing', async () => {
  const got = await details('/v1/accounts', { name: 'CORP\\bob', password_wo: '' });
  assert.deepEqual(got.map((d) => d.path), ['$.name', '$.password_wo']);
  const vs = (await relay.api('GET', rules)).body;
  const patch = await details(rules, { port: 99999, tls: { require_tls: 'yes' } }, 'PATCH');
  assert.deepEqual(patch.map((d) => d.path), ['$.port', '$.tls.require_tls']);
  assert.deepEqual((await relay.api('GET', rules)).body, vs);
  assert.deepEqual((await details(rules, [1, 2], 'PATCH'))[0], { path: '$', message: 'must be a JSON object (a JSON merge patch)' });
});

test('members named like Object.prototype properties are unknown fields, not silently dropped', async () => {
  const response = await relay.api('POST', '/v1/virtual-servers', '{"name":"x","port":2632,"__proto__":{"admin":true},"limits":{"constructor":1}}');
  assert.equal(response.status, 422);
  assert.deepEqual(response.body.error.details.map((d: { path: string }) => d.path).sort(), ['$.__proto__', '$.limits.constructor']);
});

test('a body nested deeper than 32 levels is refused before anything walks it', async () => {
  const response = await relay.api('PATCH', rules, `${'{"limits":'.repeat(20_000)}1${'}'.repeat(20_000)}`);
  assert.equal(response.status, 422);
  assert.deepEqual(response.body.error.details, [{ path: '$', message: 'must not nest deeper than 32 levels' }]);
});

test('drop_directory must be absolute without .. segments', async () => {
  for (const drop of ['relative/dir', '/var/lib/relay/../../etc']) {
    const response = await relay.api('POST', '/v1/virtual-servers', { name: 'x', port: 2633, drop_directory: drop });
    assert.equal(response.status, 422, drop);
    assert.equal(response.body.error.details[0].path, '$.drop_directory');
  }
});
