// The relay the data-plane tests run against.
export { startMemoryRelay as startTestRelay } from './memory-relay.ts';
