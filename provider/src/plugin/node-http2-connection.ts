// The server side of one HTTP/2 connection on node:http2 (nghttp2), behind the ServerStream interface the gRPC handler uses.
import { constants, performServerHandshake, type IncomingHttpHeaders, type ServerHttp2Session, type ServerHttp2Stream } from 'node:http2';
import type { HeaderFields, ServeConnection, ServerConnection, ServerStream } from './server-stream.ts';

/**
 * respond() options: trailers follow the data (or the headers end the call). `sendDate: false`: no `date` header,
 * which gRPC has no use for (Node's respond() reads the option; its type definitions do not list it).
 */
const RESPOND_WITH_TRAILERS = { waitForTrailers: true, sendDate: false };
const RESPOND_ENDING = { endStream: true, sendDate: false };

/** Serves one connection with node:http2. */
export const serveConnection: ServeConnection = (socket, options) => {
  const { settings, onStream, onError } = options;
  const session = performServerHandshake(socket, {
    settings: { initialWindowSize: settings.initialWindowSize, maxFrameSize: settings.maxFrameSize, maxConcurrentStreams: settings.maxConcurrentStreams },
    // Session memory (MB) well above what the largest messages of big configurations take.
    maxSessionMemory: 256,
  });
  session.setLocalWindowSize(settings.connectionWindowSize);
  // A frame nghttp2 refuses outright (a bad preface, PUSH_PROMISE or HEADERS on stream 0 from the client) reaches
  // destroy() as an nghttp2 library error, for which Node would send GOAWAY INTERNAL_ERROR; it is PROTOCOL_ERROR.
  const destroy = session.destroy;
  session.destroy = function (this: ServerHttp2Session, error?: Error, code?: number) {
    const fromPeer = code === undefined && (error as NodeJS.ErrnoException | undefined)?.code === 'ERR_HTTP2_ERROR';
    return destroy.call(this, error, fromPeer ? constants.NGHTTP2_PROTOCOL_ERROR : code);
  };
  session.on('error', (error) => onError?.(error)); // the host going away ends its session, nothing more
  session.on('stream', (stream: ServerHttp2Stream, headers: IncomingHttpHeaders) => {
    const adapted = new NodeServerStream(stream, headers, onError);
    adapted.guard(onStream, adapted);
  });
  return new NodeServerConnection(session);
};

class NodeServerConnection implements ServerConnection {
  constructor(private readonly session: ServerHttp2Session) {}

  close() {
    this.session.close();
  }

  destroy() {
    this.session.destroy();
  }

  onClose(listener: () => void) {
    if (this.session.destroyed) listener();
    else this.session.once('close', listener);
  }
}

class NodeServerStream implements ServerStream {
  onData: ((chunk: Buffer) => void) | undefined;
  onEnd: (() => void) | undefined;
  readonly headers: Record<string, string> = {};

  constructor(private readonly stream: ServerHttp2Stream, headers: IncomingHttpHeaders, private readonly onError: ((error: Error) => void) | undefined) {
    for (const name of Object.keys(headers)) {
      const value = headers[name];
      if (value !== undefined) this.headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
    }
    stream.on('error', () => undefined); // a reset by the client is the end of that call, nothing more
    stream.on('data', (chunk: Buffer) => { if (this.onData) this.guard(this.onData, chunk); });
    stream.on('end', () => { if (this.onEnd) this.guard(this.onEnd, undefined); });
  }

  get headersSent() {
    return this.stream.headersSent;
  }

  get closed() {
    return this.stream.closed || this.stream.destroyed;
  }

  respond(headers: HeaderFields, endStream = false) {
    if (this.closed || this.stream.headersSent) return;
    this.stream.respond(headers, endStream ? RESPOND_ENDING : RESPOND_WITH_TRAILERS);
  }

  write(data: Buffer) {
    if (!this.closed) this.stream.write(data);
  }

  end(trailers: HeaderFields) {
    if (this.closed || this.stream.writableEnded) return;
    this.stream.once('wantTrailers', () => this.stream.sendTrailers(trailers));
    this.stream.end();
  }

  reset(code: number = constants.NGHTTP2_CANCEL) {
    if (!this.closed) this.stream.close(code);
  }

  onClose(listener: () => void) {
    if (!this.closed) this.stream.once('close', listener);
  }

  /** Runs an application callback for this stream: if it throws, this stream is reset, not the connection. */
  guard<T>(callback: (argument: T) => void, argument: T) {
    try {
      callback(argument);
    } catch (error) {
      this.onError?.(error instanceof Error ? error : new Error(String(error)));
      this.reset(constants.NGHTTP2_INTERNAL_ERROR);
    }
  }
}
