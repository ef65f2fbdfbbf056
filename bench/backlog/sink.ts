// The backlog benchmark's smart host: an SMTP sink in its own process that counts messages by the relay's queue id.
//
// Forked by run.ts with the port as argument; "smart host down" is this process not running. It answers IPC requests:
// { type: 'stats' } -> { type: 'stats', stats: SinkStats }. Every message is identified by the id in the relay's
// Received header (`id <uuid>`, the queue id: a message delivered twice carries the same one); messages whose
// Message-ID starts with `fresh-` also have their arrival time (Date.now(), the controller's clock) recorded.
import { SMTPServer } from 'smtp-server';

export interface SinkStats {
  /** Messages answered 250. */
  received: number;
  /** Distinct relay queue ids among them. */
  unique: number;
  /** Messages whose queue id had been seen before (received - unique, minus those without an id). */
  duplicates: number;
  /** Messages without a relay Received header id (should be 0). */
  withoutId: number;
  /** Arrival time (ms since the epoch) per fresh-mail Message-ID. */
  fresh: Record<string, number>;
}

export type SinkReply = { type: 'ready'; port: number } | { type: 'stats'; stats: SinkStats };

const port = Number(process.argv[2]);
const seen = new Set<string>();
const stats: SinkStats = { received: 0, unique: 0, duplicates: 0, withoutId: 0, fresh: {} };
const send = (reply: SinkReply) => process.send?.(reply);

/** The relay's queue id and the Message-ID, from the first bytes of the message (its Received header comes first). */
function identify(head: string): { queueId: string | null; messageId: string | null } {
  const queueId = /\bid ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/.exec(head)?.[1] ?? null;
  const messageId = /^message-id:[ \t]*<?([^>\r\n]+)>?/im.exec(head)?.[1] ?? null;
  return { queueId, messageId };
}

const server = new SMTPServer({
  name: 'backlog-sink.local', authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false, size: 10 * 1024 * 1024,
  onData(stream, _session, callback) {
    let head = '';
    stream.on('data', (chunk: Buffer) => {
      if (head.length < 4096) head += chunk.toString('latin1');
    });
    stream.on('end', () => {
      const { queueId, messageId } = identify(head);
      stats.received++;
      if (queueId === null) stats.withoutId++;
      else if (seen.has(queueId)) stats.duplicates++;
      else {
        seen.add(queueId);
        stats.unique++;
      }
      if (messageId?.startsWith('fresh-')) stats.fresh[messageId] = Date.now();
      callback();
    });
  },
});

server.on('error', (err) => {
  process.stderr.write(`backlog sink: ${err.message}\n`);
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => send({ type: 'ready', port }));
process.on('message', (request: { type: string }) => {
  if (request.type === 'stats') send({ type: 'stats', stats });
});
process.on('disconnect', () => process.exit(0));
