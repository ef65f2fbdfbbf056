// An HTTPS server on loopback that serves an MTA-STS policy file (/.well-known/mta-sts.txt) and records what it was asked.
//
//   const host = await startPolicyHost({ tls: ca.issue(['mta-sts.isp.test']), policy: 'version: STSv1\nmode: enforce\n...' });
//   host.policy = '...';                         // serve another policy from now on
//   host.handler = (req, res) => { ... };        // answer differently (redirects, errors, silence); null = the policy again
//   host.requests;                               // paths asked so far, in order
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface PolicyHost {
  host: string;
  port: number;
  /** The policy file served with 200 and text/plain. */
  policy: string;
  /** Replaces the default answer while set. */
  handler: ((req: IncomingMessage, res: ServerResponse) => void) | null;
  /** Request paths, in order of arrival. */
  requests: string[];
  stop(): Promise<void>;
}

/** Starts the server on `host` (default 127.0.0.1) and a free port (or `port`) with the given certificate. */
export async function startPolicyHost(options: { tls: { key: string; cert: string }; policy?: string; host?: string; port?: number }): Promise<PolicyHost> {
  const sockets = new Set<Socket>();
  const state: PolicyHost = {
    host: options.host ?? '127.0.0.1', port: 0, policy: options.policy ?? '', handler: null, requests: [],
    stop: () => new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
  const server: Server = createServer({ key: options.tls.key, cert: options.tls.cert }, (req, res) => {
    state.requests.push(req.url ?? '');
    if (state.handler) return state.handler(req, res);
    if (req.url !== '/.well-known/mta-sts.txt') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/plain' }).end(state.policy);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // A client refusing the certificate is that test's business.
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, state.host, () => resolve());
  });
  const address = server.address();
  state.port = typeof address === 'object' && address ? address.port : 0;
  return state;
}
