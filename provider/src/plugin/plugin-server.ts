// Serves a go-plugin gRPC plugin: AutoMTLS, a unix socket, the side services, the handshake line, clean shutdown.
import { mkdtempSync, rmSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { grpcCallHandler, type ServiceRegistration } from './grpc-call-handler.ts';
import { handshakeLine, type ListenAddress } from './handshake.ts';
import type { Logger } from './logger.ts';
import { createPluginCertificate } from './self-signed-certificate.ts';
import type { Http2ReceiveSettings, ServerConnection } from './server-stream.ts';

/** What the plugin serves and how it reports; the caller has already checked the magic cookie. */
export interface PluginServerOptions {
  /** The host's environment: PLUGIN_CLIENT_CERT (AutoMTLS; plaintext without it), TMPDIR. */
  env: NodeJS.ProcessEnv;
  /** The negotiated app protocol version, e.g. 6. */
  appProtocolVersion: number;
  /** The plugin's own services; called once the handshake line is out, so building them does not delay it. */
  services: () => ServiceRegistration[] | Promise<ServiceRegistration[]>;
  logger: Logger;
  /** Receives the handshake line (stdout in production). */
  announce: (line: string) => void;
  /** Ends the process after the host asked for shutdown (process.exit in production). */
  exit: () => void;
  /**
   * Called once, with the server already stopped, when the host is gone without a Shutdown: every connection it
   * opened has closed (the kernel closes them when the host process dies, e.g. `kill -9 terraform`). Absent, the
   * server keeps listening for new connections (tests reconnect).
   */
  onHostGone?: () => void;
  /** 'unix' (default, as go-plugin on Linux) or 'tcp' on 127.0.0.1. */
  network?: 'unix' | 'tcp';
}

/** A running plugin server; `stop` is what the controller's Shutdown does, minus exiting. */
export interface PluginServer {
  address: ListenAddress;
  stop(): void;
}

/**
 * HTTP/2 settings: large windows, so a big plan or schema is not sent in 64 KiB steps waiting for
 * WINDOW_UPDATEs. At most 100 streams at once (RFC 9113's recommended minimum): Terraform runs 10 calls at a time
 * by default next to go-plugin's 2-3 long-lived streams, and grpc-go queues calls beyond the limit.
 */
export const HTTP2_SETTINGS: Http2ReceiveSettings = { initialWindowSize: 8 << 20, maxFrameSize: 1 << 20, connectionWindowSize: 32 << 20, maxConcurrentStreams: 100 };

/** How long a graceful close after Shutdown may take before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 100;

/**
 * Starts listening, then announces the handshake line. Resolves once the line is written and the server
 * is ready for calls. Before the line only the certificate and the listening socket are made; HTTP/2, TLS
 * and the services are set up after it (the host connects only once it has read the line, and a
 * connection arriving meanwhile waits until they are ready).
 * On the controller's Shutdown: replies, ends open streams, closes the connections and calls `exit` at once.
 */
export async function servePlugin(options: PluginServerOptions): Promise<PluginServer> {
  const clientCert = options.env.PLUGIN_CLIENT_CERT;
  const identity = clientCert ? createPluginCertificate() : undefined;
  const socketDir = mkdtempSync(join(options.env.TMPDIR || tmpdir(), 'plugin-'));
  const early: Socket[] = [];
  let accept = (socket: Socket) => { early.push(socket); };
  const listener = createNetServer({ pauseOnConnect: true }, (socket) => accept(socket));
  const address = await listen(listener, options.network ?? 'unix', socketDir);
  options.announce(handshakeLine(options.appProtocolVersion, address, identity?.der ?? Buffer.alloc(0)));

  const [tls, serveConnection, { createSideServices }, services] = await Promise.all([
    import('node:tls'), import('./node-http2-connection.ts').then((m) => m.serveConnection), import('./side-services.ts'), options.services(),
  ]);
  // Mutual TLS: the client must present exactly the host's certificate (and, by the TLS handshake itself, prove it
  // holds its key). The certificate is pinned instead of given as `ca`: any `ca` makes Node build its store of
  // ~140 bundled root certificates first (~50 ms of CPU in every provider process); `ca: []` builds none.
  // ALPN h2: grpc-go refuses a TLS connection that does not negotiate it.
  const hostCertificate = clientCert ? new X509Certificate(clientCert).raw : undefined;
  const fromHost = (socket: TLSSocket) => Boolean(hostCertificate && socket.getPeerCertificate()?.raw?.equals(hostCertificate));
  const secure = identity && tls.createServer({
    key: identity.keyPem, cert: identity.certPem, ca: [], requestCert: true, rejectUnauthorized: false, minVersion: 'TLSv1.2', ALPNProtocols: ['h2'],
  }, (socket: TLSSocket) => {
    // No call is served on a connection whose client did not present the host's certificate.
    if (fromHost(socket)) return serve(socket);
    options.logger.log('debug', 'TLS client without the host certificate refused');
    socket.destroy();
  });
  secure?.on('tlsClientError', (error) => options.logger.log('debug', `TLS handshake refused: ${error.message}`));
  if (!identity) options.logger.log('warn', 'PLUGIN_CLIENT_CERT not set: serving without TLS');

  const connections = new Set<ServerConnection>();
  const serve = (socket: Socket | TLSSocket) => {
    const connection = serveConnection(socket, {
      settings: HTTP2_SETTINGS,
      onStream: (stream) => handleCall(stream),
      onError: (error) => options.logger.log('debug', `HTTP/2 connection error: ${error.message}`),
    });
    connections.add(connection);
    // A live host never closes its last connection: go-plugin holds the broker and stdio streams open (side-services.ts)
    // for the whole run, so grpc-go's idleness (a channel with no active call drops its connection after 30 minutes)
    // does not apply while Terraform waits on other providers' resources.
    connection.onClose(() => {
      connections.delete(connection);
      if (connections.size > 0 || stopped || shuttingDown || !options.onHostGone) return;
      options.logger.log('warn', 'the host closed its connection without Shutdown: it is gone, exiting');
      stop();
      options.onHostGone();
    });
  };

  let stopped = false;
  let shuttingDown = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    rmSync(socketDir, { recursive: true, force: true });
    side.closeStreams();
    listener.close();
    for (const connection of connections) connection.destroy();
  };
  const side = createSideServices(() => {
    options.logger.log('debug', 'shutdown requested by the host');
    shuttingDown = true;
    // Let the Shutdown reply and the ends of the open streams flush, but never linger.
    side.closeStreams();
    let open = connections.size;
    let exited = false;
    const done = () => {
      if (exited) return;
      exited = true;
      clearTimeout(fallback);
      stop();
      options.exit();
    };
    const fallback = setTimeout(done, SHUTDOWN_GRACE_MS);
    if (open === 0) done();
    for (const connection of connections) {
      connection.onClose(() => { if (--open === 0) done(); });
      connection.close();
    }
  });
  const handleCall = grpcCallHandler([...side.registrations, ...services]);

  // TLS or not, the listener accepts the connections: the TLS server only wraps them.
  accept = (socket) => {
    socket.setNoDelay(true);
    if (secure) secure.emit('connection', socket);
    else serve(socket);
    socket.resume();
  };
  early.splice(0).forEach(accept);
  return { address, stop };
}

function listen(server: NetServer, network: 'unix' | 'tcp', socketDir: string): Promise<ListenAddress> {
  const path = join(socketDir, 'plugin.sock');
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const ready = () => {
      server.off('error', reject);
      resolve(network === 'unix' ? { network, path } : { network, host: '127.0.0.1', port: (server.address() as AddressInfo).port });
    };
    if (network === 'unix') server.listen(path, ready);
    else server.listen(0, '127.0.0.1', ready);
  });
}
