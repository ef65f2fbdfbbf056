// A minimal gRPC client on node:http2 for the plugin tests: connects as go-plugin's host does (mutual TLS, unix socket or TCP).
import { connect as http2Connect, type ClientHttp2Session, type ClientHttp2Stream } from 'node:http2';
import { connect as netConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { MessageReader, frameMessage } from './grpc-framing.ts';
import type { MethodDefinition, MethodTypes } from './grpc-service-definition.ts';

/** Where the plugin listens (the handshake line's address) and the TLS material to use; no `tls` = plaintext. */
export interface TestClientOptions {
  network: 'unix' | 'tcp';
  address: string;
  tls?: { serverCertPem: string; keyPem?: string; certPem?: string };
}

/** The end of a call: grpc-status and grpc-message from the trailers (or from a trailers-only response). */
export interface CallStatus { code: number; message: string }

/** A call in progress: messages as they arrive, `status` once the server ended it, the header blocks as received. */
export interface TestCall<T extends MethodTypes = MethodTypes> {
  messages: Array<T['response']>;
  status: Promise<CallStatus>;
  stream: ClientHttp2Stream;
  /** The response headers, then the trailers (when the server sent a separate block). */
  headerBlocks: Array<Record<string, unknown>>;
}

/** Opens one HTTP/2 connection; `call` starts a call whose request messages are `requests` (then EOS unless `keepOpen`). */
export function connectTestClient(options: TestClientOptions): {
  session: ClientHttp2Session;
  call: <T extends MethodTypes>(method: MethodDefinition<T>, requests: Array<T['requestInit']>, keepOpen?: boolean) => TestCall<T>;
} {
  const [host, port] = options.address.split(':');
  const socket = () => {
    const where = options.network === 'unix' ? { path: options.address } : { host, port: Number(port) };
    if (!options.tls) return netConnect(where);
    const { serverCertPem, keyPem, certPem } = options.tls;
    return tlsConnect({ ...where, ca: serverCertPem, key: keyPem, cert: certPem, servername: 'localhost', ALPNProtocols: ['h2'] });
  };
  const session = http2Connect(options.tls ? 'https://localhost' : 'http://localhost', { createConnection: socket });
  session.on('error', () => undefined);
  const call = <T extends MethodTypes>(method: MethodDefinition<T>, requests: Array<T['requestInit']>, keepOpen = false): TestCall<T> => {
    const stream = session.request({ ':method': 'POST', ':path': method.path, 'content-type': 'application/grpc', te: 'trailers' });
    const messages: Array<T['response']> = [];
    const headerBlocks: Array<Record<string, unknown>> = [];
    const reader = new MessageReader();
    stream.on('data', (chunk: Buffer) => { for (const m of reader.push(chunk)) messages.push(method.decodeResponse(m.bytes)); });
    const status = new Promise<CallStatus>((resolve, reject) => {
      const fromHeaders = (h: Record<string, unknown>) => {
        headerBlocks.push({ ...h });
        if (h['grpc-status'] !== undefined) resolve({ code: Number(h['grpc-status']), message: decodeURIComponent(String(h['grpc-message'] ?? '')) });
      };
      stream.on('response', fromHeaders);
      stream.on('trailers', fromHeaders);
      stream.on('error', reject);
      stream.on('close', () => reject(new Error(`stream closed without a status (code ${stream.rstCode})`)));
    });
    status.catch(() => undefined);
    for (const request of requests) stream.write(frameMessage(method.encodeRequest(request)));
    if (!keepOpen) stream.end();
    return { messages, status, stream, headerBlocks };
  };
  return { session, call };
}
