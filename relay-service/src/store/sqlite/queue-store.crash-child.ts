// Child process for the kill -9 durability case: enqueues one message into the SQLite queue, prints its id, then waits to be killed.
import { SqliteQueueStore } from './queue-store.ts';
import { crashTestData, crashTestMessage } from '../queue-store.case.ts';

const store = SqliteQueueStore.open(process.argv[2]);
const id = await store.enqueue(crashTestMessage, crashTestData);
process.stdout.write(`${JSON.stringify({ id })}\n`);
// Stay alive with the database open, so the parent's SIGKILL is what ends this process.
setInterval(() => undefined, 60_000);
