// The relay's folder order is enforced by lint: an import against it (or of express in the data plane) is an error naming the rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ESLint } from 'eslint';

const eslint = new ESLint();

/** The no-restricted-imports messages lint reports for `source` as if it were the file `filePath`. */
async function restricted(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

test('an import from a higher layer or a sibling is refused; one from below passes', async () => {
  assert.match((await restricted('relay-service/src/store/example.ts', "import { x } from '../api/api-route.ts';\nexport { x };\n")).join(), /store may import only from the layers below it/);
  assert.match((await restricted('relay-service/src/smtp/example.ts', "import { x } from '../delivery/route.ts';\nexport { x };\n")).join(), /smtp may import only from the layers below it/,
    'smtp and delivery are siblings');
  assert.match((await restricted('relay-service/src/delivery/example.ts', "import express from 'express';\nexport { express };\n")).join(), /The data plane knows nothing of HTTP/);
  assert.deepEqual(await restricted('relay-service/src/delivery/example.ts', "import { x } from '../store/queue-store.ts';\nexport { x };\n"), []);
  assert.deepEqual(await restricted('relay-service/src/api/example.ts', "import { x } from '../delivery/route.ts';\nexport { x };\n"), []);
});

test('the operator CLI (relay-service/src/cli/) imports nothing of the relay: it is a client of the management API', async () => {
  for (const source of ['../store/queue-store.ts', '../api/api-route.ts', '../main.ts', '../cli.ts', '../../../provider/src/client/api-client.ts']) {
    assert.match((await restricted('relay-service/src/cli/example.ts', `import { x } from '${source}';\nexport { x };\n`)).join(), /talks to the relay only through its management API/, source);
  }
  assert.deepEqual(await restricted('relay-service/src/cli/example.ts', "import { x } from './command.ts';\nimport { y } from '@relayform/schema/api-connection.ts';\nexport { x, y };\n"), []);
  assert.deepEqual(await restricted('relay-service/src/cli.ts', "import { x } from './cli/operator-cli.ts';\nexport { x };\n"), [], 'the composition root runs it');
});
