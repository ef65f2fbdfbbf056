// Per-message step timestamps, event-loop delay, GC pauses and WAL fsyncs, written as JSON lines when SMTP_RELAY_STEP_TRACE names a file (off by default).
import { appendFile } from 'node:fs';
import { constants, monitorEventLoopDelay, performance, PerformanceObserver, type IntervalHistogram } from 'node:perf_hooks';

/**
 * One message's steps from the client's connect to the next hop's acceptance, as milliseconds since the connect.
 * Session steps (connect, greeting, EHLO) are shared by every message of the session; transaction steps
 * (MAIL .. the 250) belong to the message the next DATA stores.
 */
interface Steps {
  start: number;
  steps: Array<[string, number]>;
}

/** Steps of the session itself, kept for every message of it. */
const sessionSteps = new Set(['connect', 'greeting_sent', 'ehlo_replied']);
/** Steps after DATA's end that belong to the message DATA stored last. */
const afterData = new Set(['data_replied', 'quit_replied']);

/** Messages traced between two event-loop delay lines. */
const messagesPerDelayLine = 50;

class StepTraceFile {
  private readonly sessions = new WeakMap<object, { session: Steps; transaction: Array<[string, number]>; last: string | null }>();
  private readonly messages = new Map<string, Steps>();
  private readonly delay: IntervalHistogram = monitorEventLoopDelay({ resolution: 1 });
  /** GC pauses of the main thread, as they are reported (after the pause, on a later turn). */
  private readonly gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) this.event('gc', entry.startTime, entry.duration, { kind: gcKind((entry as { detail?: unknown }).detail) });
  });
  private written = 0;
  /** Event lines not yet written: they go out with the next message line, so that tracing adds no writes of its own. */
  private events = '';
  private pending: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {
    this.delay.enable();
    this.gc.observe({ entryTypes: ['gc'] });
  }

  session(key: object, step: string): void {
    const now = performance.now();
    let entry = this.sessions.get(key);
    if (!entry) {
      entry = { session: { start: now, steps: [] }, transaction: [], last: null };
      this.sessions.set(key, entry);
    }
    if (sessionSteps.has(step)) entry.session.steps.push([step, now]);
    else if (entry.last !== null && afterData.has(step)) this.messages.get(entry.last)?.steps.push([step, now]);
    else if (step === 'replied_250') entry.transaction.push([entry.transaction.length === 0 ? 'mail_replied' : 'rcpt_replied', now]);
    else entry.transaction.push([step, now]);
  }

  link(key: object, id: string): void {
    const entry = this.sessions.get(key);
    if (!entry) return;
    this.messages.set(id, { start: entry.session.start, steps: [...entry.session.steps, ...entry.transaction] });
    entry.transaction = [];
    entry.last = id;
  }

  message(id: string, step: string): void {
    this.messages.get(id)?.steps.push([step, performance.now()]);
  }

  finish(id: string): void {
    const entry = this.messages.get(id);
    if (!entry) return;
    this.messages.delete(id);
    entry.steps.push(['delivered', performance.now()]);
    const steps = Object.fromEntries(entry.steps.map(([name, at]) => [name, micro(at - entry.start)]));
    // `at`: the connect on the process's clock (performance.now()), so that messages, GC pauses and fsyncs can be lined up.
    let lines = `${this.events}${JSON.stringify({ id, at: micro(entry.start), steps })}\n`;
    this.events = '';
    if (++this.written % messagesPerDelayLine === 0) lines += this.delayLine();
    this.write(lines);
  }

  /** One line for something that held the process or the disk: `{ event, at, ms, ...detail }`, times in ms on the process's clock. */
  event(name: string, at: number, ms: number, detail: Record<string, unknown> = {}): void {
    this.events += `${JSON.stringify({ event: name, at: micro(at), ms: micro(ms), ...detail })}\n`;
  }

  async close(): Promise<void> {
    this.gc.disconnect();
    this.write(this.events + this.delayLine());
    this.events = '';
    this.delay.disable();
    await this.pending;
  }

  /** The event-loop delay since the last such line, in ms (the histogram counts in ns, sampled every 1 ms). */
  private delayLine(): string {
    const ms = (ns: number) => Math.round(ns / 1000) / 1000;
    const h = this.delay;
    const line = { event_loop_delay_ms: { count: h.count, p50: ms(h.percentile(50)), p95: ms(h.percentile(95)), p99: ms(h.percentile(99)), max: ms(h.max), mean: ms(h.mean) }, messages: this.written };
    h.reset();
    return `${JSON.stringify(line)}\n`;
  }

  private write(text: string): void {
    this.pending = this.pending.then(() => new Promise((resolve) => { appendFile(this.file, text, () => resolve()); }));
  }
}

/** ms rounded to the microsecond. */
function micro(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

const gcKinds = new Map<number, string>([[constants.NODE_PERFORMANCE_GC_MINOR, 'minor'], [constants.NODE_PERFORMANCE_GC_MAJOR, 'major'],
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL, 'incremental'], [constants.NODE_PERFORMANCE_GC_WEAKCB, 'weakcb']]);

/** The kind of a GC entry (its detail.kind): minor (scavenge), major (mark-compact), incremental or weakcb. */
function gcKind(detail: unknown): string {
  const kind = (detail as { kind?: number } | null)?.kind ?? -1;
  return gcKinds.get(kind) ?? String(kind);
}

let active: StepTraceFile | null = null;

/** Starts tracing into `file` (appended); main.ts calls it once. The returned function writes the last delay line and stops. */
export function enableStepTrace(file: string): () => Promise<void> {
  const trace = new StepTraceFile(file);
  active = trace;
  return async () => {
    if (active === trace) active = null;
    await trace.close();
  };
}

/** Marks a step of an SMTP session (`key`: the session object); nothing when tracing is off. */
export function traceSession(key: object, step: string): void {
  active?.session(key, step);
}

/** The session's transaction so far becomes message `id`'s (called when DATA has an id for it). */
export function traceLink(key: object, id: string): void {
  active?.link(key, id);
}

/** Marks a step of message `id` after it got its id (stored, replied, claimed, sent). */
export function traceMessage(id: string, step: string): void {
  active?.message(id, step);
}

/** Starts timing a WAL fsync; the returned function, called when it completed, writes its line (`inline`: on the event loop). */
export function traceSync(inline: boolean): () => void {
  const trace = active;
  if (!trace) return noop;
  const at = performance.now();
  return () => trace.event('fsync', at, performance.now() - at, { inline });
}

const noop = () => undefined;

/** The next hop took message `id`: its line is written. */
export function traceDelivered(id: string): void {
  active?.finish(id);
}
