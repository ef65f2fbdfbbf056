// What a lock-out by the SMTP AUTH throttle leaves behind: a warning in the log, a counter in /metrics and an audit entry.
import { Counter, register, type Registry } from 'prom-client';
import { recordAuditAfter } from '../audit/audit-trail.ts';
import type { Logger } from '../logger.ts';
import type { ConfigStore } from '../store/config-store.ts';
import type { AuthLockout } from './auth-throttle.ts';

/**
 * The AuthThrottle's `onLockout` for a running relay. Each lock-out is one audit entry (actor `smtp`, action
 * `auth_lockout`, object the client IP or the account name) and one `smtp_auth_lockouts_total{scope}` count.
 * Lock-outs are rare by construction (one per IP or account per lock period), so the audit write is cheap.
 */
export function authLockoutReporter(store: ConfigStore, logger: Logger, registry: Registry = register): (lockout: AuthLockout) => void {
  const lockouts = (registry.getSingleMetric('smtp_auth_lockouts_total') as Counter<'scope'> | undefined) ??
    new Counter({ name: 'smtp_auth_lockouts_total', help: 'Client IPs and accounts locked out by the SMTP AUTH throttle.', labelNames: ['scope'], registers: [registry] });
  return (lockout) => {
    const after = { failures: lockout.failures, locked_until: lockout.lockedUntil.toISOString() };
    lockouts.inc({ scope: lockout.scope });
    logger.warn({ scope: lockout.scope, key: lockout.key, ...after }, 'smtp auth lock-out');
    void recordAuditAfter(store, logger, {
      actor: 'smtp', action: 'auth_lockout', object_type: lockout.scope === 'ip' ? 'smtp_client_ip' : 'account', object_id: lockout.key, before: null, after,
    });
  };
}
