// The fixture of a data-plane test file: an SMTP sink, a relay whose virtual servers deliver to it, and the operator
// that configures them, started before the file's (or suite's) tests and stopped after them.
//
//   const fx = operatedRelay({}, async ({ operator }) => { await operator.createAccount(...); });   // registers before/after
//   test('...', async () => { const vs = await fx.operator.createServer({ name: 'a', port }); fx.sink.countOf(...); });
//
// Set-up that needs the relay goes in `setup`, not in a second top-level before(): Node 20 starts a file's top-level
// before hooks without waiting for the previous one (inside a describe() they do run in turn).
import { after, before } from 'node:test';
import { relayOperator, type RelayOperator } from './relay-operator.ts';
import { startSmtpSink, type SmtpSink } from './smtp-sink.ts';
import { startTestRelay, type TestRelay, type TestRelayOptions } from './test-relay.ts';

export interface OperatedRelay {
  readonly relay: TestRelay;
  readonly sink: SmtpSink;
  readonly operator: RelayOperator;
}

/**
 * Call at the top of a file or describe(). `options` may be an async function, for options that come from something it
 * starts first (e.g. a fake DNS); `setup` runs once the relay is up, before the first test.
 */
export function operatedRelay(
  options: TestRelayOptions | (() => Promise<TestRelayOptions>) = {},
  setup?: (fx: OperatedRelay) => Promise<void>,
): OperatedRelay {
  let started: OperatedRelay | undefined;
  before(async () => {
    const sink = await startSmtpSink();
    try {
      const relay = await startTestRelay(typeof options === 'function' ? await options() : options);
      started = { relay, sink, operator: relayOperator(relay.api, { smartHost: sink }) };
      await setup?.(started);
    } catch (error) {
      await sink.stop();
      throw error;
    }
  });
  after(async () => {
    await started?.relay.dispose();
    await started?.sink.stop();
  });
  const running = (): OperatedRelay => {
    if (!started) throw new Error('the operated relay is not started yet (use it inside tests or later hooks)');
    return started;
  };
  return {
    get relay() { return running().relay; },
    get sink() { return running().sink; },
    get operator() { return running().operator; },
  };
}
