// Tests of the hostName() validator: IP addresses and domain names pass, anything else names the attribute.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostName } from './value-validators.ts';

const check = (value: string) => hostName().validate(value, { path: [{ attribute: 'smart_host' }], parent: {} });

test('hostName accepts IPv4, IPv6 and domain names', () => {
  for (const ok of ['192.0.2.1', '2001:db8::1', 'mail.example.com', 'localhost']) assert.deepEqual(check(ok), [], ok);
});

test('hostName rejects other strings with a diagnostic at the attribute', () => {
  for (const bad of ['mail..example.com', 'host name', '-bad.example', '']) {
    const [diagnostic, ...rest] = check(bad);
    assert.equal(rest.length, 0);
    assert.deepEqual(diagnostic.attribute, [{ attribute: 'smart_host' }]);
    assert.match(diagnostic.detail!, /smart_host value must be a host name or IP address/);
  }
});
