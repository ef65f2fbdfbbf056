// `smtp-relay relay-check` and `smtp-relay outbound-check`: the API's decisions (POST /v1/relay-check, GET .../outbound-check) in words.
import type { RelayCheckDecisionJson } from '@relayform/schema/api-wire-types.ts';
import type { OperatorCommand } from './command.ts';
import { stringFlag, writeJson } from './command.ts';
import { usageError } from './exit-codes.ts';
import { virtualServerId } from './queue-api.ts';
import { renderFields } from './table.ts';

/** A required string flag; a usage error naming it when missing. */
function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string') throw usageError(`--${name} is required`);
  return value;
}

const relayCheck: OperatorCommand = {
  path: ['relay-check'],
  summary: 'Would this virtual server take this recipient from this client? (its live policy, the listener\'s own code)',
  synopsis: '--virtual-server NAME_OR_ID --client-ip IP --sender A --recipient B [--authenticated-as ACCOUNT] [--client-hostname H]',
  details: 'Prints ACCEPT or REJECT with the SMTP reply the listener would send. The exit status is 0 either way: the answer is the decision.\n' +
    '--output json: {"decision", "smtp_code", "enhanced_status", "reason"}.',
  flags: {
    'virtual-server': { type: 'string', value: 'NAME_OR_ID', description: 'The virtual server to ask' },
    'client-ip': { type: 'string', value: 'IP', description: 'The connecting client\'s address' },
    sender: { type: 'string', value: 'A', description: 'Envelope sender (MAIL FROM); "" is the null sender' },
    recipient: { type: 'string', value: 'B', description: 'Envelope recipient (RCPT TO)' },
    'authenticated-as': { type: 'string', value: 'ACCOUNT', description: 'DOMAIN\\name the client authenticated as (default: anonymous)' },
    'client-hostname': { type: 'string', value: 'H', description: 'The client\'s confirmed reverse DNS name, for domain rules' },
  },
  positionals: { min: 0, max: 0 },
  async run(context) {
    const body = {
      virtual_server_id: required(context.values, 'virtual-server'), client_ip: required(context.values, 'client-ip'),
      sender: required(context.values, 'sender'), recipient: required(context.values, 'recipient'),
      authenticated_as: stringFlag(context, 'authenticated-as') ?? null, client_hostname: stringFlag(context, 'client-hostname') ?? null,
    };
    body.virtual_server_id = (await virtualServerId(context.api(), body.virtual_server_id))!;
    const decision = await context.api().json<RelayCheckDecisionJson>('POST', '/v1/relay-check', body);
    if (context.output === 'json') return writeJson(context, decision);
    const who = `${body.client_ip}${body.authenticated_as ? ` as ${body.authenticated_as}` : ' (anonymous)'}`;
    context.io.stdout(`${decision.decision.toUpperCase()}: ${who}, <${body.sender}> -> <${body.recipient}>\n` +
      `  reply: ${decision.smtp_code} ${decision.enhanced_status} ${decision.reason}\n`);
  },
};

const outboundCheck: OperatorCommand = {
  path: ['outbound-check'],
  summary: 'Which route, next hop, TLS policy and authentication mail to a domain gets from a virtual server',
  synopsis: '--virtual-server NAME_OR_ID --domain D',
  details: '--output json: {"domain", "route", "remote_domain_id", "next_hop", "tls_policy", "certificate_verified", "authentication"}.',
  flags: {
    'virtual-server': { type: 'string', value: 'NAME_OR_ID', description: 'The virtual server that would deliver' },
    domain: { type: 'string', value: 'D', description: 'The recipient domain' },
  },
  positionals: { min: 0, max: 0 },
  async run(context) {
    const domain = required(context.values, 'domain');
    const id = (await virtualServerId(context.api(), required(context.values, 'virtual-server')))!;
    const answer = await context.api().json<Record<string, unknown>>('GET',
      `/v1/virtual-servers/${encodeURIComponent(id)}/outbound-check?domain=${encodeURIComponent(domain)}`);
    if (context.output === 'json') return writeJson(context, answer);
    context.io.stdout(renderFields([
      ['domain', answer.domain], ['route', answer.route], ['next hop', answer.next_hop ?? 'MX lookup per message'],
      ['remote domain', answer.remote_domain_id], ['TLS policy', answer.tls_policy],
      ['certificate verified', answer.certificate_verified ? 'yes' : 'no'], ['authentication', answer.authentication],
    ]));
  },
};

/** The check commands. */
export const checkCommands: OperatorCommand[] = [relayCheck, outboundCheck];
