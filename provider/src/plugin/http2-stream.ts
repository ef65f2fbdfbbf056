// One HTTP/2 stream as the server sees it: the request's headers, callbacks for its data and end, and the response's sends.
import { encodeHeaderBlock } from './hpack.ts';
import type { Http2Connection } from './http2-connection.ts';
import { ErrorCode } from './http2-frames.ts';
import type { HeaderFields, ServerStream } from './server-stream.ts';

const NO_LISTENERS: Array<() => void> = [];

/**
 * Header blocks by their fields object: the gRPC handler's constant headers and trailers are encoded once
 * (literals without indexing, valid on any connection), not per call.
 */
const encoded = new WeakMap<HeaderFields, Buffer>();

function headerBlock(fields: HeaderFields): Buffer {
  let block = encoded.get(fields);
  if (block === undefined) {
    block = encodeHeaderBlock(Object.entries(fields));
    encoded.set(fields, block);
  }
  return block;
}

/**
 * A stream opened by the client. Sends are queued on the connection and go out together at the end of the
 * tick; what the peer's flow-control windows do not admit yet waits for its WINDOW_UPDATEs.
 */
export class Http2ServerStream implements ServerStream {
  /** Each chunk of request data, in order. */
  onData: ((chunk: Buffer) => void) | undefined;
  /** The client finished its request (END_STREAM). */
  onEnd: (() => void) | undefined;
  /** True once the response began (headers sent). */
  headersSent = false;
  /** True once the stream is gone: both sides ended, reset by either side, or the connection closed. */
  closed = false;
  /** @internal */ remoteEnded = false;
  /** @internal */ localEnded = false;
  /** @internal Octets the peer lets this stream send. */ sendWindow: number;
  /** @internal Octets this stream may still receive before a WINDOW_UPDATE. */ receiveWindow: number;
  /** @internal Data waiting for window, and the trailers to send after it. */
  queued: Buffer[] = [];
  /** @internal */ queuedEnd: Buffer | undefined;
  private closeListeners = NO_LISTENERS;

  constructor(private readonly connection: Http2Connection, readonly id: number, readonly headers: Record<string, string>, sendWindow: number, receiveWindow: number) {
    this.sendWindow = sendWindow;
    this.receiveWindow = receiveWindow;
  }

  /** Sends the response headers; `endStream` makes them the whole response. */
  respond(headers: HeaderFields, endStream = false) {
    this.connection.sendHeaders(this, headerBlock(headers), endStream);
  }

  /** Sends response data. */
  write(data: Buffer) {
    this.connection.sendData(this, data);
  }

  /** Ends the response with trailers. */
  end(trailers: HeaderFields) {
    this.connection.sendEnd(this, headerBlock(trailers));
  }

  /** Resets the stream with an error code. */
  reset(code: number = ErrorCode.CANCEL) {
    this.connection.reset(this, code);
  }

  /** Calls `listener` once when the stream is gone. */
  onClose(listener: () => void) {
    if (this.closed) return;
    if (this.closeListeners === NO_LISTENERS) this.closeListeners = [];
    this.closeListeners.push(listener);
  }

  /** @internal */
  markClosed() {
    if (this.closed) return;
    this.closed = true;
    this.queued = [];
    for (const listener of this.closeListeners) listener();
    this.closeListeners = NO_LISTENERS;
  }
}
