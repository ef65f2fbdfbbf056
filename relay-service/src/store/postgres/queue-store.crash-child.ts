// Child process for the kill -9 durability case: enqueues one message into the PostgreSQL queue at argv[2], prints its id, then waits to be killed.
import { PostgresQueueStore } from './queue-store.ts';
import { crashTestData, crashTestMessage } from '../queue-store.case.ts';

const store = await PostgresQueueStore.open(process.argv[2]);
const id = await store.enqueue(crashTestMessage, crashTestData);
process.stdout.write(`${JSON.stringify({ id })}\n`);
// Stay alive with the connections open, so the parent's SIGKILL is what ends this process.
setInterval(() => undefined, 60_000);
