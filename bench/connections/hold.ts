// Load generator of the connections benchmark: a child process that opens many SMTP sessions, sends EHLO and holds them.
//
// Forked by run.ts (IPC). Messages in: `open` (a batch of sessions to one port, spread over several source addresses),
// `status` (how many are still held), `close` (every session closed). Messages out: the answer to each.
// Bounded: at most `maxPending` sessions are between connect and EHLO's reply at once, each waits for its greeting at
// most `greetingMs` (then counts as not greeted in time; the socket stays open, as a client still waiting would), and
// the process ends itself after HOLD_MAX_S (default 1800) or as soon as its parent goes away.
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

/** One batch of sessions to open. */
export interface OpenRequest {
  type: 'open';
  port: number;
  count: number;
  /** Source addresses, used in turn (e.g. 127.0.0.2 ... 127.0.0.21). */
  sources: string[];
  greetingMs: number;
  maxPending: number;
}

/** What became of the sessions of one batch. */
export interface OpenResult {
  type: 'opened';
  attempted: number;
  /** Greeted (220) and EHLO answered (250) within `greetingMs`. */
  held: number;
  /** First reply lines other than 220, counted by their first 40 characters (e.g. "421 4.7.0 Too many connections, try"). */
  refused: Record<string, number>;
  /** connect() failures by error code (ECONNREFUSED, EADDRNOTAVAIL, ...). */
  connectErrors: Record<string, number>;
  /** Connected, no greeting within `greetingMs` (the socket stays open; a later greeting shows in StatusResult.heldLate). */
  noGreeting: number;
  /** Closed by the server after the greeting and before EHLO's reply, or reset without a reply. */
  closedEarly: number;
  /** Connect-to-greeting of the sessions greeted in time, milliseconds: p50, p95, max. */
  greetingMs: { p50: number; p95: number; max: number };
  /** From the first connect until every session of the batch was settled, milliseconds. */
  rampMs: number;
}

export interface StatusResult {
  type: 'status';
  /** Sessions held and still open. */
  open: number;
  /** Held sessions the server closed since they were held. */
  closedByServer: number;
  /** Sessions past their greeting deadline that were greeted and answered EHLO later (counted in `open` too). */
  heldLate: number;
}

type Request = OpenRequest | { type: 'status' } | { type: 'close' };

/** Every open socket and how to close it from this side (so that close is not counted as the server's). */
const sockets = new Map<Socket, () => void>();
let held = 0;
let closedByServer = 0;
let heldLate = 0;

const quantile = (sorted: number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN);
const bump = (counts: Record<string, number>, key: string) => { counts[key] = (counts[key] ?? 0) + 1; };

/** Opens one session and resolves when it is settled (held, refused, failed or past its greeting deadline). */
function session(request: OpenRequest, source: string, result: OpenResult, greetings: number[]): Promise<void> {
  return new Promise((settle) => {
    const started = performance.now();
    const socket = connect({ host: '127.0.0.1', port: request.port, localAddress: source });
    sockets.set(socket, () => { state = 'done'; socket.destroy(); });
    let buffer = '';
    let state: 'greeting' | 'ehlo' | 'held' | 'done' = 'greeting';
    let late = false;
    let settled = false;
    const done = () => { if (!settled) { settled = true; clearTimeout(timer); settle(); } };
    const timer = setTimeout(() => {
      if (state !== 'greeting') return;
      late = true;
      result.noGreeting += 1;
      done();
    }, request.greetingMs);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      // A reply is complete with its last line "DDD text" (a space after the code).
      const last = /(?:^|\r\n)(\d{3})( [^\r\n]*)?\r\n$/.exec(buffer);
      if (!last) return;
      const reply = buffer;
      buffer = '';
      if (state === 'greeting') {
        if (last[1] !== '220') {
          bump(result.refused, reply.split('\r\n')[0].slice(0, 40));
          state = 'done';
          socket.destroy();
          return done();
        }
        if (!late) greetings.push(performance.now() - started);
        state = 'ehlo';
        socket.write('EHLO load.bench.test\r\n');
      } else if (state === 'ehlo') {
        if (last[1] !== '250') {
          bump(result.refused, `EHLO: ${reply.split('\r\n')[0].slice(0, 34)}`);
          state = 'done';
          socket.destroy();
          return done();
        }
        state = 'held';
        held += 1;
        if (late) heldLate += 1;
        else result.held += 1;
        done();
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (state === 'greeting' && !socket.remoteAddress && !late) {
        bump(result.connectErrors, error.code ?? error.message);
        state = 'done';
        done();
      }
    });
    socket.on('close', () => {
      sockets.delete(socket);
      if (state === 'held') { held -= 1; closedByServer += 1; }
      else if ((state === 'greeting' || state === 'ehlo') && !settled) {
        result.closedEarly += 1;
        done();
      }
      state = 'done';
    });
  });
}

async function open(request: OpenRequest): Promise<OpenResult> {
  const result: OpenResult = {
    type: 'opened', attempted: request.count, held: 0, refused: {}, connectErrors: {}, noGreeting: 0, closedEarly: 0,
    greetingMs: { p50: NaN, p95: NaN, max: NaN }, rampMs: 0,
  };
  const greetings: number[] = [];
  const started = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < request.count) {
      const index = next++;
      await session(request, request.sources[index % request.sources.length], result, greetings);
    }
  };
  await Promise.all(Array.from({ length: Math.min(request.maxPending, request.count) }, lane));
  result.rampMs = performance.now() - started;
  greetings.sort((a, b) => a - b);
  result.greetingMs = { p50: quantile(greetings, 0.5), p95: quantile(greetings, 0.95), max: greetings[greetings.length - 1] ?? NaN };
  return result;
}

function closeAll(): void {
  for (const close of sockets.values()) close();
  sockets.clear();
  held = 0;
  closedByServer = 0;
  heldLate = 0;
}

const send = (message: OpenResult | StatusResult | { type: 'closed' }) => process.send?.(message);
process.on('message', (request: Request) => {
  if (request.type === 'open') void open(request).then(send);
  if (request.type === 'status') send({ type: 'status', open: held, closedByServer, heldLate });
  if (request.type === 'close') { closeAll(); send({ type: 'closed' }); }
});
process.on('disconnect', () => { closeAll(); process.exit(0); });
setTimeout(() => { closeAll(); process.exit(2); }, Number(process.env.HOLD_MAX_S ?? 1800) * 1000).unref();
// The IPC channel keeps the process alive until the parent disconnects or the deadline passes.
