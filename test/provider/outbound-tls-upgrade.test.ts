// Acceptance tests of the outbound TLS policy attributes: the upgrade from state and relay documents written before
// tls_policy existed, the plan-time warning for credentials to an unverified next hop, and a malformed CA at plan time.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { freePort } from '../support/free-port.ts';
import { loopbackTls } from '../support/test-ca.ts';
import { acceptanceRelay } from '../support/acceptance-relay.ts';
import { acceptance } from '../support/terraform.ts';

/** The outbound_security members the previous version had; everything else is new. */
const previousMembers = new Set(['authentication', 'username', 'password_wo', 'password_wo_version', 'tls']);

/** HCL as users wrote it before tls_policy: basic AUTH with the legacy tls switch, and a remote domain with require_tls. */
const legacyConfig = (port: number) => `
variable "pw" {
  type      = string
  ephemeral = true
  default   = "smart-Host-pw"
}
resource "smtp_virtual_server" "edge" {
  name = "upgrade-edge"
  port = ${port}
  delivery = {
    smart_host = "smtp.isp.test"
    outbound_security = {
      authentication      = "basic"
      username            = "relay"
      password_wo         = var.pw
      password_wo_version = 1
      tls                 = true
    }
  }
}
resource "smtp_remote_domain" "bank" {
  virtual_server_id = smtp_virtual_server.edge.id
  name              = "bank.test"
  require_tls       = true
}`;

describe('outbound TLS policy attributes', { skip: acceptance.enabled ? false : acceptance.skipReason }, () => {
  const acc = acceptanceRelay();

  test('state and relay documents written before tls_policy plan with no changes; the legacy switches warn and keep their meaning', async () => {
    const tf = await acc.workspace();
    tf.writeConfig(legacyConfig(await freePort()));
    const applied = await tf.ok('apply', '-auto-approve');
    assert.match(applied.stdout + applied.stderr, /Attribute Deprecated/);

    // Make both sides look as the previous version left them: no new members in the state or in the stored documents.
    const state = JSON.parse(tf.stateFile());
    for (const resource of state.resources) {
      const attributes = resource.instances[0].attributes;
      const security = resource.type === 'smtp_virtual_server' ? attributes.delivery.outbound_security : attributes.outbound_security;
      if (security === null) continue; // omitted in the configuration: nothing stored
      for (const name of Object.keys(security)) if (!previousMembers.has(name)) delete security[name];
    }
    state.serial += 1;
    writeFileSync(join(tf.dir, 'terraform.tfstate'), JSON.stringify(state));
    const db = new Database(join(acc.relay.dataDir, 'config.sqlite'));
    try {
      const strip = (prefix: string) => ['tls_policy', 'tls_ca_pem', 'tls_fingerprints_sha256', 'token_url', 'client_id', 'client_secret_wo_version', 'scope']
        .map((m) => `'${prefix}.${m}'`).join(', ');
      db.prepare(`UPDATE config_objects SET doc = json_remove(doc, ${strip('$.delivery.outbound_security')}) WHERE kind = 'virtual_server'`).run();
      db.prepare(`UPDATE config_objects SET doc = json_remove(doc, ${strip('$.outbound_security')}) WHERE kind = 'remote_domain'`).run();
      assert.equal((db.prepare("SELECT doc FROM config_objects WHERE kind = 'virtual_server'").get() as { doc: string }).doc.includes('tls_policy'), false);
    } finally {
      db.close();
    }

    const plan = await tf.run('plan', '-detailed-exitcode');
    assert.equal(plan.code, 0, `no changes after the upgrade:\n${plan.stdout}${plan.stderr}`);
    // What the relay now enforces for that configuration: the documented, intended change is verify for the authenticating route.
    const servers = (await acc.relay.api('GET', '/v1/virtual-servers')).body.items as Array<{ id: string; name: string; delivery: { outbound_security: Record<string, unknown> } }>;
    const edge = servers.find((s) => s.name === 'upgrade-edge')!;
    assert.deepEqual([edge.delivery.outbound_security.tls_policy, edge.delivery.outbound_security.tls], [null, true], 'read with the new members at their defaults');
  });

  test('an explicit weaker policy with credentials is a plan warning naming tls_policy; verify with a CA applies and plans clean', async () => {
    const tf = await acc.workspace();
    const port = await freePort();
    const config = (security: string) => `
resource "smtp_virtual_server" "x" {
  name = "policy-${port}"
  port = ${port}
  delivery = {
    smart_host = "127.0.0.1"
    outbound_security = {
      authentication = "basic"
      username       = "relay"
      password_wo    = "smart-Host-pw"
      ${security}
    }
  }
}`;
    tf.writeConfig(config('tls_policy = "encrypt"'));
    const warned = await tf.ok('plan');
    assert.match(warned.stdout + warned.stderr, /Warning: Credentials to an unverified next hop/);
    assert.match(warned.stdout + warned.stderr, /with smtp_virtual_server\.x,[\s\S]*delivery\.outbound_security\.tls_policy|tls_policy "encrypt"/);

    tf.writeConfig(config(`tls_policy = "verify"\n      tls_ca_pem = ${JSON.stringify(loopbackTls().caPem)}`));
    const clean = await tf.ok('apply', '-auto-approve');
    assert.doesNotMatch(clean.stdout + clean.stderr, /unverified next hop/);
    assert.equal((await tf.run('plan', '-detailed-exitcode')).code, 0);
    const stored = (await acc.relay.api('GET', '/v1/virtual-servers')).body.items.find((s: { name: string }) => s.name === `policy-${port}`);
    assert.deepEqual([stored.delivery.outbound_security.tls_policy, stored.delivery.outbound_security.tls_ca_pem], ['verify', loopbackTls().caPem]);
  });

  test('a malformed tls_ca_pem and "none" with credentials are plan-time errors on their attributes; nothing is created', async () => {
    const tf = await acc.workspace();
    const port = await freePort();
    tf.writeConfig(`
resource "smtp_virtual_server" "bad" {
  name = "bad-${port}"
  port = ${port}
  delivery = {
    outbound_security = {
      authentication = "basic"
      username       = "relay"
      tls_policy     = "verify"
      tls_ca_pem     = "-----BEGIN CERTIFICATE-----\\nbm90IGEgY2VydGlmaWNhdGU=\\n-----END CERTIFICATE-----"
    }
  }
}
resource "smtp_remote_domain" "none" {
  virtual_server_id = "vs-that-need-not-exist"
  name              = "none.test"
  outbound_security = { authentication = "basic", username = "relay", tls_policy = "none" }
}`);
    const plan = await tf.run('plan');
    assert.equal(plan.code, 1);
    const errors = plan.stderr.replace(/\s+/g, ' ');
    assert.match(errors, /with smtp_virtual_server\.bad, .* Attribute delivery\.outbound_security\.tls_ca_pem value must be one or more PEM certificates/);
    assert.match(errors, /with smtp_remote_domain\.none, .* Attribute outbound_security\.tls_policy "none" cannot carry basic authentication/);
    const names = ((await acc.relay.api('GET', '/v1/virtual-servers')).body.items as Array<{ name: string }>).map((s) => s.name);
    assert.ok(!names.includes(`bad-${port}`));
  });
});
