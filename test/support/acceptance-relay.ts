// The fixture of a provider acceptance suite: a relay in a child process and terraform workspaces pointed at it,
// started before the suite's tests and stopped (workspaces removed) after them.
//
//   describe('smtp_account', { skip: ... }, () => {
//     const acc = acceptanceRelay();                       // registers before/after in this suite
//     test('...', async () => {
//       const tf = await acc.workspace();                  // SMTP_RELAY_ENDPOINT/SMTP_RELAY_TOKEN of the admin
//       await acc.relay.api('GET', '/v1/accounts');
//     });
//   });
import { after, before } from 'node:test';
import { startTestRelay, type TestRelay, type TestRelayOptions } from './test-relay.ts';
import { terraformWorkspace, type TerraformWorkspace } from './terraform.ts';

export interface AcceptanceRelay {
  /** The running relay (set once the suite's before hook has run). */
  readonly relay: TestRelay;
  /** A new workspace, disposed after the suite; `env` replaces the admin's endpoint and token (e.g. an operator's credentials). */
  workspace(env?: Record<string, string>): Promise<TerraformWorkspace>;
}

/** Call at the top of a describe() (or of a file): the hooks it registers belong to that suite. */
export function acceptanceRelay(options: TestRelayOptions = { mode: 'child-process' }): AcceptanceRelay {
  let relay: TestRelay | undefined;
  const workspaces: TerraformWorkspace[] = [];
  before(async () => { relay = await startTestRelay(options); });
  after(async () => {
    for (const tf of workspaces) tf.dispose();
    await relay?.dispose();
  });
  const running = (): TestRelay => {
    if (!relay) throw new Error('the acceptance relay is not started yet (use it inside tests or later hooks)');
    return relay;
  };
  return {
    get relay() { return running(); },
    async workspace(env) {
      const tf = await terraformWorkspace({ env: env ?? { SMTP_RELAY_ENDPOINT: running().apiUrl, SMTP_RELAY_TOKEN: running().token } });
      workspaces.push(tf);
      return tf;
    },
  };
}
