// Tests for decideConnection: both modes, empty lists, the refusal reply.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideConnection } from './connection-decision.ts';
import { rule, virtualServerConfig } from '../../../test/data-plane/virtual-server-config.ts';

const listed = [rule({ ip_address: '127.0.0.2' })];

test('all_except_listed refuses listed clients with 554 5.7.1 and admits the rest', () => {
  const config = virtualServerConfig({ connectionRules: listed });
  const refused = decideConnection(config, { ip: '127.0.0.2', hostname: null });
  assert.deepEqual([refused.decision, refused.smtp_code, refused.enhanced_status], ['reject', 554, '5.7.1']);
  assert.equal(decideConnection(config, { ip: '127.0.0.3', hostname: null }).decision, 'accept');
});

test('only_listed admits listed clients only; an empty list admits nobody', () => {
  const config = virtualServerConfig({ connectionRules: listed, overrides: { connection_control: { mode: 'only_listed' } } });
  assert.equal(decideConnection(config, { ip: '127.0.0.2', hostname: null }).decision, 'accept');
  assert.equal(decideConnection(config, { ip: '127.0.0.3', hostname: null }).decision, 'reject');
  const empty = virtualServerConfig({ overrides: { connection_control: { mode: 'only_listed' } } });
  assert.equal(decideConnection(empty, { ip: '127.0.0.1', hostname: null }).decision, 'reject');
});

test('the default mode with no rules admits everyone', () => {
  assert.equal(decideConnection(virtualServerConfig(), { ip: '127.0.0.9', hostname: null }).decision, 'accept');
});
