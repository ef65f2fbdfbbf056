// The per-minute rate limits of MAIL FROM (messages) and RCPT TO (recipients) per client IP, account and sender domain.
import type { VirtualServer } from '@relayform/schema/model.ts';
import { addressWithALabels } from '../policy/mailbox.ts';
import type { RateCount, RateCounterStore } from '../store/rate-counter-store.ts';
import type { SessionContext } from './session-context.ts';
import type { TrafficTally } from '../stats/traffic-tally.ts';
import { countRateLimited, type SmtpMetrics } from './smtp-metrics.ts';
import { SmtpReply } from './smtp-reply.ts';

/** What the limiter counts in and how long a window is (one minute; tests shorten it); a listener has them too (ListenerDeps). */
export interface RateLimitDeps {
  /** The shared per-minute counters of `rate_limits` (asked only when a limit is set). */
  rateCounters: RateCounterStore;
  rateWindowMs: number;
  metrics: SmtpMetrics;
  /** The data plane's per-minute statistics, counted with the metrics (accepted, rate-limited); none: not counted there. */
  traffic?: TrafficTally;
}

type Kind = 'messages' | 'recipients';
type Dimension = 'client_ip' | 'account' | 'sender_domain';
type RateLimitName = keyof VirtualServer['rate_limits'];

const dimensions: Array<{ dimension: Dimension; words: string }> = [
  { dimension: 'client_ip', words: 'client' },
  { dimension: 'account', words: 'account' },
  { dimension: 'sender_domain', words: 'sender domain' },
];

/** The envelope sender's domain in its A-label form, lower case; null for the null sender. */
function senderDomain(sender: string): string | null {
  const address = addressWithALabels(sender);
  const at = address.lastIndexOf('@');
  return at < 0 ? null : address.slice(at + 1).toLowerCase();
}

/**
 * Counts one message (at MAIL FROM, like Postfix's anvil) or one accepted recipient (at RCPT TO, after every other check
 * passed) against each configured limit of the session's virtual server, in the shared counters; null when all had room.
 * Past a limit: `451 4.7.1` naming the limit and when the window ends, nothing counted, `smtp_rate_limited_total` and the minute's `rate_limited` up.
 * With no limit configured for `kind` (the default) it returns at once, without touching the store.
 */
export async function takeRate(kind: Kind, sender: string, ctx: SessionContext, deps: RateLimitDeps, now = Date.now()): Promise<SmtpReply | null> {
  const { server } = ctx.config;
  const values: Record<Dimension, string | null> = { client_ip: ctx.client.ip, account: ctx.authenticatedAs?.toLowerCase() ?? null, sender_domain: null };
  const wanted: Array<RateCount & { dimension: Dimension; words: string; value: string }> = [];
  for (const { dimension, words } of dimensions) {
    const limit = server.rate_limits[`${kind}_per_minute_per_${dimension}` satisfies RateLimitName];
    if (limit === null) continue;
    const value = dimension === 'sender_domain' ? senderDomain(sender) : values[dimension];
    if (value === null) continue;
    wanted.push({ key: `${server.id} ${kind} ${dimension} ${value}`, limit, dimension, words, value });
  }
  if (wanted.length === 0) return null;
  const window = Math.floor(now / deps.rateWindowMs);
  const refused = await deps.rateCounters.take(window, wanted);
  if (refused < 0) return null;
  const { dimension, words, value, limit } = wanted[refused];
  const retryIn = Math.ceil(((window + 1) * deps.rateWindowMs - now) / 1000);
  countRateLimited(deps.metrics, deps.traffic, server.id, `${kind}_per_${dimension}`);
  ctx.log.warn({ dimension: `${kind}_per_${dimension}`, key: value, limit, retry_in_s: retryIn }, 'smtp rate limit reached');
  return new SmtpReply(451, '4.7.1', `rate limit: ${limit} ${kind} per minute per ${words} ${value} reached; try again in ${retryIn} s`, 'rate_limited');
}
