// Chooses the HTTP/2 implementation the plugin server runs on: PROVIDER_HTTP2=own (default) or node.
import type { ServeConnection } from './server-stream.ts';

/**
 * Loads the selected transport (lazily: the plugin server loads it after the handshake line). In the bundle
 * `process.env.PROVIDER_HTTP2` is replaced by a string at build time (provider/scripts/build.mjs), so the
 * conditions fold and only the selected implementation is bundled; under tsx (the tests) it is read from the
 * environment.
 */
export async function loadTransport(): Promise<ServeConnection> {
  if (process.env.PROVIDER_HTTP2 === 'node') return (await import('./node-http2-connection.ts')).serveConnection;
  if (!process.env.PROVIDER_HTTP2 || process.env.PROVIDER_HTTP2 === 'own') return (await import('./http2-connection.ts')).serveConnection;
  throw new Error(`PROVIDER_HTTP2 must be "own" or "node", not "${process.env.PROVIDER_HTTP2}"`);
}
