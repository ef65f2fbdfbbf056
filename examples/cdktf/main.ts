// A CDKTF app doing the core of examples/seed-walkthrough: accounts and an operator, a generated key certificate,
// a virtual server that requires TLS (128-bit) and authentication, refuses one address, relays for a list and for
// authenticated clients, and a remote domain with its own outbound security. Synthesize with `npx cdktf synth`
// (cdktf.json) or `CDKTF_OUTDIR=cdktf.out npx tsx main.ts`; the same file runs on CDK Terrain (see README.md).
import { App, LocalBackend, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import type { Construct } from 'constructs';
import {
  account, certificate, connectionRule, operator, provider, relayRule, remoteDomain, virtualServer,
} from '../../provider/cdktf/cdktf/providers/smtp/index.ts';

class RelayStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new LocalBackend(this, { path: 'terraform.tfstate' });
    // endpoint and token from SMTP_RELAY_ENDPOINT and SMTP_RELAY_TOKEN
    new provider.SmtpProvider(this, 'smtp', {});

    const secret = (name: string) => new TerraformVariable(this, name, { type: 'string', sensitive: true });
    const port = new TerraformVariable(this, 'edge_port', { type: 'number', default: 2525 });

    const alice = new account.Account(this, 'alice', {
      name: 'alice', domain: 'CORP', passwordWo: secret('alice_password').stringValue, passwordWoVersion: 1,
    });
    const key = new certificate.Certificate(this, 'edge_certificate', {
      name: 'edge', commonName: 'mail.corp.example', subjectAlternativeNames: ['127.0.0.1'], keyAlgorithm: 'ECDSA_P256', validityDays: 365,
    });
    const edge = new virtualServer.VirtualServer(this, 'edge', {
      name: 'edge', port: port.numberValue, fqdn: 'mail.corp.example', localDomains: ['corp.example'],
      authentication: { anonymous: false, basic: true, basicDefaultDomain: 'CORP', integrated: true },
      tls: { certificateId: key.id, requireTls: true, require128Bit: true },
      relayControl: { mode: 'only_listed', allowAuthenticated: true },
      delivery: {
        smartHost: 'smtp.isp.example', smartHostPort: 587,
        outboundSecurity: {
          authentication: 'basic', username: 'relay@isp.example', tls: true,
          passwordWo: secret('smart_host_password').stringValue, passwordWoVersion: 1,
        },
      },
    });
    new operator.Operator(this, 'alice_operates_edge', { virtualServerId: edge.id, accountId: alice.id });
    new connectionRule.ConnectionRule(this, 'refused_computer', { virtualServerId: edge.id, ipAddress: '127.0.0.66', description: 'refused' });
    new relayRule.RelayRule(this, 'app_servers', { virtualServerId: edge.id, cidr: '10.20.0.0/16', description: 'application servers' });
    new remoteDomain.RemoteDomain(this, 'partner', {
      virtualServerId: edge.id, name: 'partner.example', smartHost: 'gateway.partner.example', requireTls: true,
      outboundSecurity: { authentication: 'integrated', username: 'corp-relay', passwordWo: secret('partner_password').stringValue, passwordWoVersion: 1 },
    });
    new TerraformOutput(this, 'edge_listener', { value: `${edge.bindAddress}:${edge.port}` });
  }
}

// Write-only attributes (*_wo) need Terraform 1.11+; CDK Terrain checks the declared target (cdktf.json's
// targetVersions, set here too for a synth without the CLI). CDKTF ignores the key.
const app = new App({ context: { targetVersions: { terraform: '>=1.11.0' } } });
new RelayStack(app, 'relay');
app.synth();
