// One HTTP/2 stream as the server sees it: the request's headers, callbacks for its data and end, and the response's sends.
import type { Http2Connection } from './http2-connection.ts';
import { ErrorCode } from './http2-frames.ts';

const NO_LISTENERS: Array<() => void> = [];

/**
 * A stream opened by the client. Sends are queued on the connection and go out together at the end of the
 * tick; what the peer's flow-control windows do not admit yet waits for its WINDOW_UPDATEs.
 */
export class Http2ServerStream {
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
  /** @internal Data waiting for window, and the end (trailers, or null: END_STREAM on DATA) to send after it. */
  queued: Buffer[] = [];
  /** @internal */ queuedEnd: Buffer | null | undefined;
  private closeListeners = NO_LISTENERS;

  constructor(private readonly connection: Http2Connection, readonly id: number, readonly headers: Record<string, string>, sendWindow: number, receiveWindow: number) {
    this.sendWindow = sendWindow;
    this.receiveWindow = receiveWindow;
  }

  /** Sends the response headers (an encoded HPACK block); `endStream` makes it the whole response. */
  respond(headerBlock: Buffer, endStream = false) {
    this.connection.sendHeaders(this, headerBlock, endStream);
  }

  /** Sends response data. */
  write(data: Buffer) {
    this.connection.sendData(this, data);
  }

  /** Ends the response, with trailers (an encoded HPACK block) or without. */
  end(trailerBlock?: Buffer) {
    this.connection.sendEnd(this, trailerBlock ?? null);
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
