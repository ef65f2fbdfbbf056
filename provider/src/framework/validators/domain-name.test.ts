// Tests of the domainName() and emailAddress() validators: ASCII names, U-label names where the relay takes them, wildcards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { domainName, emailAddress } from './value-validators.ts';
import type { AttributeValidator } from './validator.ts';

const ok = (validator: AttributeValidator, value: string) => validator.validate(value, { path: [{ attribute: 'name' }], parent: {} }).length === 0;

test('domainName takes A-labels always and U-labels only with idn; wildcard adds *.suffix', () => {
  for (const name of ['example.com', 'xn--mnchen-3ya.de']) assert.equal(ok(domainName(), name), true, name);
  assert.equal(ok(domainName(), 'münchen.de'), false, 'fqdn and certificate names stay ASCII');
  for (const name of ['münchen.de', 'παράδειγμα.example', 'xn--mnchen-3ya.de']) assert.equal(ok(domainName({ idn: true }), name), true, name);
  for (const name of ['mün chen.de', 'a..b', '-a.de', `${'ü'.repeat(60)}.de`]) assert.equal(ok(domainName({ idn: true }), name), false, name);
  assert.equal(ok(domainName({ wildcard: true, idn: true }), '*.münchen.de'), true);
});

test('emailAddress takes UTF-8 local parts and U-label domains, and names the attribute otherwise', () => {
  for (const address of ['pm@example.com', 'pm@münchen.de', 'jörg@xn--mnchen-3ya.de']) assert.equal(ok(emailAddress(), address), true, address);
  for (const address of ['pm', 'pm@', '@example.com', 'a b@example.com', 'pm@bad_domain', '<pm>@example.com']) {
    assert.equal(ok(emailAddress(), address), false, address);
  }
  const [diagnostic] = emailAddress().validate('pm@', { path: [{ attribute: 'send_copy_to' }], parent: {} });
  assert.match(diagnostic.detail!, /Attribute send_copy_to value must be an email address such as postmaster@example\.com, got: "pm@"/);
});
