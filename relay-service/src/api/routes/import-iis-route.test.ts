// POST /v1/import/iis over real HTTP: the same HCL as the CLI's mapping, 422 naming the element for a bad metabase, admin only.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { startTestRelay } from '../../../../test/support/test-relay.ts';
import { migrateIis } from '../../import/iis/iis-terraform.ts';

const xml = readFileSync(new URL('../../../../test/import/fixtures/two-servers.metabase.xml', import.meta.url), 'utf8');

test('POST /v1/import/iis renders the migration of a posted metabase and stores nothing', async (t) => {
  const relay = await startTestRelay();
  t.after(() => relay.dispose());
  const ok = await relay.api('POST', '/v1/import/iis', { metabase: xml, server: '1', operators: ['CORP\\alice'] });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.hcl, migrateIis(xml, { server: '1', operators: ['CORP\\alice'] }, 'x').hcl, 'the HCL the CLI prints for the same input');
  assert.match(ok.body.hcl, /resource "smtp_operator" "smtp_virtual_server_1_alice"/);
  assert.match(ok.body.report, /\| RelayIpList \| \/LM\/SmtpSvc\/1 \| only 127\.0\.0\.2, /);
  assert.deepEqual((await relay.api('GET', '/v1/virtual-servers')).body.items, [], 'a migration is not applied by the relay');

  const corrupt = await relay.api('POST', '/v1/import/iis', { metabase: xml.replace('MaxRecipients="50"', 'MaxRecipients="50" Bogus="1"'), server: '1' });
  assert.equal(corrupt.status, 422);
  assert.equal(corrupt.body.error.details[0].path, '$.metabase');
  assert.match(corrupt.body.error.details[0].message, /<IIsSmtpServer Location="\/LM\/SmtpSvc\/1">: Bogus is an unknown property/);
  const both = await relay.api('POST', '/v1/import/iis', { metabase: xml, server: '1', all: true });
  assert.equal(both.status, 422);
  assert.equal(both.body.error.details[0].path, '$.all');
  const shape = await relay.api('POST', '/v1/import/iis', { metabase: xml, server: 'one' });
  assert.equal(shape.status, 422);
  assert.equal(shape.body.error.details[0].path, '$.server');
  assert.equal((await relay.api('POST', '/v1/import/iis', { metabase: xml }, { authorization: '' })).status, 401);
});
