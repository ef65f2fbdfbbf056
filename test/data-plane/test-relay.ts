// The relay the data-plane tests run against: the real one, configured through its HTTP API.
export { startApiRelay as startTestRelay } from './api-relay.ts';
