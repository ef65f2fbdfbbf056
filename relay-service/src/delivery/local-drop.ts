// Delivery to local_domains recipients that reached the queue (reports to local senders): a file in the drop directory.
import { randomUUID } from 'node:crypto';
import type { VirtualServer } from '@relayform/schema/model.ts';
import { writeDropFile } from '../smtp/drop-file.ts';
import { localDeferral, type RecipientOutcome } from './recipient-outcome.ts';

/**
 * Writes `<drop_directory>/<id>.eml` in the same IIS drop format the SMTP side uses (X-Sender and
 * X-Receiver lines, then the message). Delivered once the file is durable; a write error defers.
 */
export async function dropLocally(server: Pick<VirtualServer, 'drop_directory'>, sender: string, recipients: string[], data: Buffer): Promise<RecipientOutcome[]> {
  const envelope = [`X-Sender: ${sender}`, ...recipients.map((r) => `X-Receiver: ${r}`), ''].join('\r\n');
  try {
    const file = await writeDropFile(server.drop_directory, randomUUID(), Buffer.concat([Buffer.from(envelope), data]));
    return recipients.map((address) => ({ address, result: 'delivered', status: '2.0.0', detail: `dropped as ${file}`, fromRemote: false, remoteMta: null }));
  } catch (err) {
    return recipients.map((address) => ({ address, ...localDeferral('4.3.0', `cannot write to the drop directory: ${(err as Error).message}`) }));
  }
}
