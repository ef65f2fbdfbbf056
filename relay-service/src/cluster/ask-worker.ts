// One question from the primary to a data-plane worker over IPC and its answer, matched by id, with a time limit.
import type { Worker } from 'node:cluster';
import { isMessage, type FromWorker, type ToWorker } from './worker-messages.ts';

/** How long a worker may take to answer; a worker that does not is left out (the answer is `fallback`). */
const answerTimeoutMs = 2000;
let nextRequest = 0;

type Question = Extract<ToWorker, { type: 'relay:metrics-request' | 'relay:listener-states-request' }>;
type Answer = Extract<FromWorker, { type: 'relay:metrics' | 'relay:listener-states' }>;

/**
 * Sends `{ type: ask, id }` to `worker` and resolves with `read` of its answer of type `answer` carrying the same id, or
 * with `fallback` when the worker is gone or takes longer than two seconds.
 */
export function askWorker<A extends Answer['type'], T>(worker: Worker, ask: Question['type'], answer: A,
  read: (message: Extract<Answer, { type: A }>) => T, fallback: T): Promise<T> {
  const id = nextRequest++;
  return new Promise((resolve) => {
    const done = (value: T) => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      resolve(value);
    };
    const onMessage = (message: unknown) => {
      if (isMessage<FromWorker, A>(message, answer) && (message as Answer).id === id) done(read(message as Extract<Answer, { type: A }>));
    };
    const timer = setTimeout(() => done(fallback), answerTimeoutMs);
    worker.on('message', onMessage);
    try {
      worker.send({ type: ask, id } satisfies ToWorker);
    } catch {
      done(fallback);
    }
  });
}
