// Tests the stderr logger: TF_LOG levels and hclog-style JSON lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger, logLevelFromEnv } from './logger.ts';

test('the level comes from TF_LOG_PROVIDER, then TF_LOG; quiet by default', () => {
  assert.equal(logLevelFromEnv({}), 'warn');
  assert.equal(logLevelFromEnv({ TF_LOG: 'DEBUG' }), 'debug');
  assert.equal(logLevelFromEnv({ TF_LOG: 'JSON' }), 'trace');
  assert.equal(logLevelFromEnv({ TF_LOG: 'trace', TF_LOG_PROVIDER: 'error' }), 'error');
  assert.equal(logLevelFromEnv({ TF_LOG: 'verbose' }), 'info');
  assert.equal(logLevelFromEnv({ TF_LOG: 'off' }), 'off');
});

test('lines below the threshold are dropped; the rest are one JSON object per line', () => {
  const lines: string[] = [];
  const logger = createLogger('info', (l) => lines.push(l));
  logger.log('debug', 'hidden');
  logger.log('warn', 'shown', { type_name: 'smtp_account' });
  assert.equal(lines.length, 1);
  assert.ok(lines[0].endsWith('\n'));
  const entry = JSON.parse(lines[0]);
  assert.deepEqual([entry['@level'], entry['@message'], entry.type_name], ['warn', 'shown', 'smtp_account']);
  assert.match(entry['@timestamp'], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/, 'the layout go-plugin parses');
  assert.ok(Math.abs(Date.parse(entry['@timestamp']) - Date.now()) < 5000);
  assert.equal(logger.enabled('debug'), false);
  assert.equal(createLogger('off', () => assert.fail('nothing is written')).enabled('error'), false);
});
