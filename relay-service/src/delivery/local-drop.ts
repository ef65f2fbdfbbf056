// Delivery to local_domains recipients that reached the queue (reports to local senders): a file in the drop directory.
import { randomUUID } from 'node:crypto';
import type { VirtualServer } from '@relayform/schema/model.ts';
import { writeDropFile } from '../store/drop-file.ts';
import { localDeferral, type RecipientOutcome } from './recipient-outcome.ts';

/** Writes `<drop_directory>/<id>.eml` (store/drop-file.ts). Delivered once the file is durable; a write error defers. */
export async function dropLocally(server: Pick<VirtualServer, 'drop_directory'>, sender: string, recipients: string[], data: Buffer): Promise<RecipientOutcome[]> {
  try {
    const file = await writeDropFile(server.drop_directory, randomUUID(), { sender, recipients }, data);
    return recipients.map((address) => ({ address, result: 'delivered', status: '2.0.0', detail: `dropped as ${file}`, fromRemote: false, remoteMta: null }));
  } catch (err) {
    return recipients.map((address) => ({ address, ...localDeferral('4.3.0', `cannot write to the drop directory: ${(err as Error).message}`) }));
  }
}
