// Postfix's anvil limits (per-client message and recipient rates, connections per client) as the relay's rate_limits and limits.max_connections_per_ip.
import type { ParameterReport } from './parameter-report.ts';
import { errorAt } from './postconf-syntax.ts';

export interface AnvilLimits {
  messagesPerMinute: number | null;
  recipientsPerMinute: number | null;
  connectionsPerIp: number | null;
}

const unitSeconds: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** A Postfix time value (`60s`, `1m`, `3600`: seconds when no unit) in seconds. */
function seconds(report: ParameterReport, name: string): number {
  const text = report.parameters.get(name).trim();
  const match = /^(\d+)([smhdw]?)$/.exec(text);
  if (!match || Number(match[1]) === 0) {
    throw errorAt(report.parameters.set(name)?.at ?? { file: 'main.cf', line: 0 }, `${name} must be a time like 60s or 1m, got "${text}"`);
  }
  return Number(match[1]) * unitSeconds[match[2] || 's'];
}

/** The whole number `name` is set to (main.cf or -o), or null when it is not set or 0 (Postfix: no limit). */
function setLimit(report: ParameterReport, name: string): number | null {
  const set = report.parameters.set(name);
  if (!set) return null;
  const text = report.parameters.get(name).trim();
  if (!/^\d+$/.test(text)) throw errorAt(set.at, `${name} must be a whole number, got "${text}"`);
  if (Number(text) === 0) report.mapped(name, 'no limit (Postfix 0): the relay\'s default, unset');
  return Number(text) || null;
}

/**
 * Only limits set in main.cf or with -o are mapped: Postfix's default smtpd_client_connection_count_limit (50) applies only
 * to clients outside smtpd_client_event_limit_exceptions (default $mynetworks), the very clients a relay serves, and the
 * relay has no such exception, so mapping the default would limit clients Postfix never limited. Rates per
 * anvil_rate_time_unit become rates per minute (rounded up).
 */
export function anvilLimits(report: ParameterReport, warnings: string[]): AnvilLimits {
  const messages = setLimit(report, 'smtpd_client_message_rate_limit');
  const recipients = setLimit(report, 'smtpd_client_recipient_rate_limit');
  const connections = setLimit(report, 'smtpd_client_connection_count_limit');
  const unit = messages !== null || recipients !== null ? seconds(report, 'anvil_rate_time_unit') : 60;
  // The schema's largest values (virtual-server-schema.ts): far above any rate a Postfix admin sets.
  const perMinute = (limit: number | null, max: number) => (limit === null ? null : Math.min(max, Math.ceil((limit * 60) / unit)));
  const limits = {
    messagesPerMinute: perMinute(messages, 1_000_000), recipientsPerMinute: perMinute(recipients, 10_000_000),
    connectionsPerIp: connections === null ? null : Math.min(connections, 100_000),
  };
  const converted = unit === 60 ? '' : ` (${unit} s anvil_rate_time_unit scaled to a minute)`;
  if (messages !== null) report.mapped('smtpd_client_message_rate_limit', `rate_limits.messages_per_minute_per_client_ip = ${limits.messagesPerMinute}${converted}`);
  if (recipients !== null) report.mapped('smtpd_client_recipient_rate_limit', `rate_limits.recipients_per_minute_per_client_ip = ${limits.recipientsPerMinute}${converted}`);
  if (connections !== null) report.mapped('smtpd_client_connection_count_limit', `limits.max_connections_per_ip = ${limits.connectionsPerIp}`);
  if (messages !== null || recipients !== null) report.mapped('anvil_rate_time_unit', `read with the rate limits: the relay counts in one-minute windows${converted}`);
  if (messages !== null || recipients !== null || connections !== null) {
    const exceptions = report.parameters.set('smtpd_client_event_limit_exceptions');
    const exempt = exceptions ? report.parameters.get('smtpd_client_event_limit_exceptions').trim() : '$mynetworks (the Postfix default)';
    report.notMapped('smtpd_client_event_limit_exceptions', 'the relay applies its rate and connection limits to every client', exceptions ? undefined : '$mynetworks');
    if (exempt !== '') {
      warnings.push(`Postfix exempts smtpd_client_event_limit_exceptions = ${exempt} from its per-client limits; the relay limits every client, ` +
        'those included: check the imported rate_limits and limits.max_connections_per_ip against what those clients send.');
    }
  }
  return limits;
}
