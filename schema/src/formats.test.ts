// The string formats of the config model: what each accepts and rejects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formats } from './formats.ts';

const cases: Record<string, { ok: string[]; bad: string[] }> = {
  ip: { ok: ['127.0.0.1', '::1', '2001:db8::5', '0.0.0.0'], bad: ['256.0.0.1', '10.0.0', 'localhost', '10.0.0.1/8', ''] },
  cidr: { ok: ['10.0.0.0/8', '192.0.2.1/32', '::/0', '2001:db8::/32', '2001:db8::1/128'], bad: ['10.0.0.0/33', '2001:db8::/129', '10.0.0.0', 'x/8', '10.0.0.0/-1', '10.0.0.0/08a'] },
  'subnet-mask': { ok: ['255.255.255.0', '255.0.0.0', '0.0.0.0', '255.255.255.255', '255.255.254.0'], bad: ['255.0.255.0', '0.255.255.255', '255.255.255', '::'] },
  'domain-name': { ok: ['example.com', 'mail.corp.example', 'localhost', 'xn--bcher-kva.example', 'a-b.c'], bad: ['-a.com', 'a-.com', 'a..b', 'exa mple.com', '*.example.com', `${'a'.repeat(64)}.com`, '', 'bücher.example'] },
  'mail-domain': {
    ok: ['example.com', 'xn--mnchen-3ya.de', 'münchen.de', 'MÜNCHEN.de', 'παράδειγμα.example', 'xn--hxajbheg2az3al.example', 'faß.de'],
    bad: ['', 'a..b', '-a.com', 'a_b.com', 'exa mple.com', 'xn--abc-.com', 'münchen.de.', ' münchen.de', 'mün chen.de', '0x7f.1.', `${'ü'.repeat(60)}.de`, '*.münchen.de'],
  },
  'remote-domain-name': { ok: ['example.com', '*.example.com', 'münchen.de', '*.münchen.de', '*.xn--mnchen-3ya.de'], bad: ['*example.com', 'a.*.com', '*.', '**.example.com', '*.xn--abc-.com'] },
  host: { ok: ['smtp.example.com', '192.0.2.10', '::1'], bad: ['smtp example', 'http://x'] },
  'certificate-name': { ok: ['smtp.example.com', '192.0.2.10', '::1', 'fe80::1'], bad: ['fe80::1%eth0', 'smtp example', '*.example.com', ''] },
  'email-address': { ok: ['pm@example.com', 'a.b+c@mail.example', 'pm@münchen.de', 'pm@xn--mnchen-3ya.de', 'jörg@münchen.de'], bad: ['pm', 'pm@', '@example.com', 'a b@example.com', 'pm@bad_domain'] },
};

for (const [name, { ok, bad }] of Object.entries(cases)) {
  test(`format ${name}`, () => {
    for (const value of ok) assert.equal(formats[name].check(value), true, `${name} should accept ${value}`);
    for (const value of bad) assert.equal(formats[name].check(value), false, `${name} should reject ${value}`);
  });
}
