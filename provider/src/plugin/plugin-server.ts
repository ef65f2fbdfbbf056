// Serves a go-plugin gRPC plugin: AutoMTLS, a unix socket, the side services, the handshake line, clean shutdown.
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handshakeLine, type ListenAddress } from './handshake.ts';
import type { Logger } from './logger.ts';
import { createPluginCertificate } from './self-signed-certificate.ts';
import { createSideServices, type ServiceRegistration } from './side-services.ts';

/** What the plugin serves and how it reports; the caller has already checked the magic cookie. */
export interface PluginServerOptions {
  /** The host's environment: PLUGIN_CLIENT_CERT (AutoMTLS; plaintext without it), TMPDIR. */
  env: NodeJS.ProcessEnv;
  /** The negotiated app protocol version, e.g. 6. */
  appProtocolVersion: number;
  services: ServiceRegistration[];
  logger: Logger;
  /** Receives the handshake line (stdout in production). */
  announce: (line: string) => void;
  /** Ends the process after the host asked for shutdown (process.exit in production). */
  exit: () => void;
  /** 'unix' (default, as go-plugin on Linux) or 'tcp' on 127.0.0.1. */
  network?: 'unix' | 'tcp';
}

/** A running plugin server; `stop` is what the controller's Shutdown does, minus exiting. */
export interface PluginServer {
  address: ListenAddress;
  stop(): void;
}

/** No limits: schemas and plans of large configurations exceed grpc-js's 4 MiB default. */
const CHANNEL_OPTIONS = { 'grpc.max_receive_message_length': -1, 'grpc.max_send_message_length': -1 };

/**
 * Starts listening, then announces the handshake line. Resolves once the line is written.
 * On the controller's Shutdown: replies, ends open streams, closes the server and calls `exit` at once.
 */
export async function servePlugin(options: PluginServerOptions): Promise<PluginServer> {
  const server = new Server(CHANNEL_OPTIONS);
  const clientCert = options.env.PLUGIN_CLIENT_CERT;
  const identity = clientCert ? createPluginCertificate() : undefined;
  const credentials = identity
    ? ServerCredentials.createSsl(Buffer.from(clientCert!), [{ private_key: Buffer.from(identity.keyPem), cert_chain: Buffer.from(identity.certPem) }], true)
    : ServerCredentials.createInsecure();
  if (!identity) options.logger.log('warn', 'PLUGIN_CLIENT_CERT not set: serving without TLS');

  const socketDir = mkdtempSync(join(options.env.TMPDIR || tmpdir(), 'plugin-'));
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    rmSync(socketDir, { recursive: true, force: true });
    side.closeStreams();
    server.forceShutdown();
  };
  const side = createSideServices(() => {
    options.logger.log('debug', 'shutdown requested by the host');
    // Let the Shutdown reply and the stream ends flush (tryShutdown waits for them), but never linger.
    side.closeStreams();
    const fallback = setTimeout(() => { stop(); options.exit(); }, 200);
    server.tryShutdown(() => { clearTimeout(fallback); stop(); options.exit(); });
  });
  for (const { definition, implementation } of [...side.registrations, ...options.services]) server.addService(definition, implementation);

  const address = await bind(server, credentials, options.network ?? 'unix', socketDir);
  options.announce(handshakeLine(options.appProtocolVersion, address, identity?.der ?? Buffer.alloc(0)));
  return { address, stop };
}

function bind(server: Server, credentials: ServerCredentials, network: 'unix' | 'tcp', socketDir: string): Promise<ListenAddress> {
  const path = join(socketDir, 'plugin.sock');
  const target = network === 'unix' ? `unix://${path}` : '127.0.0.1:0';
  return new Promise((resolve, reject) => {
    server.bindAsync(target, credentials, (error, port) => {
      if (error) return reject(error);
      resolve(network === 'unix' ? { network, path } : { network, host: '127.0.0.1', port });
    });
  });
}
