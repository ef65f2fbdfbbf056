// Starts the relay inside the test process with startRelay(): the fast way to test the API over real HTTP.
//
//   const relay = await startRelayInProcess();
//   t.after(() => relay.dispose());
//   const res = await relay.api('GET', '/v1/virtual-servers');
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../relay-service/src/logger.ts';
import { startRelay, type RelayHandles } from '../../relay-service/src/main.ts';
import { apiClient, type ApiCall } from './relay-process.ts';

export interface InProcessRelay {
  apiUrl: string;
  token: string;
  dataDir: string;
  relay: RelayHandles;
  api: ApiCall;
  /** Stops the relay; the data dir stays (start again on it to test a restart). */
  stop(): Promise<void>;
  /** stop(), then removes the data dir if this helper created it. */
  dispose(): Promise<void>;
}

/** A relay on 127.0.0.1 and a free port, with a known admin token, on a new temp data dir unless one is given. */
export async function startRelayInProcess(options: { dataDir?: string; adminToken?: string } = {}): Promise<InProcessRelay> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'relay-in-process-'));
  const token = options.adminToken ?? `test-admin-${randomBytes(12).toString('hex')}`;
  const relay = await startRelay({ dataDir, apiHost: '127.0.0.1', apiPort: 0, adminToken: token, logger: createLogger('silent') });
  let stopped = false;
  const stop = async () => {
    if (!stopped) await relay.stop();
    stopped = true;
  };
  return {
    apiUrl: relay.apiUrl, token, dataDir, relay, api: apiClient(relay.apiUrl, token), stop,
    dispose: async () => {
      await stop();
      if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
