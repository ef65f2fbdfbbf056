// Cross-field rule of outbound security: authenticating to the next hop needs a user name.
import type { OutboundSecurity } from './model.ts';
import type { ValidationDetail } from './validate-document.ts';

/** Checks a defaults-filled OutboundSecurity found at `path` (e.g. `$.delivery.outbound_security`). */
export function checkOutboundSecurity(security: OutboundSecurity, path: string): ValidationDetail[] {
  if (security.authentication !== 'anonymous' && security.username === null) {
    return [{ path: `${path}.username`, message: `is required when authentication is ${security.authentication}` }];
  }
  return [];
}
