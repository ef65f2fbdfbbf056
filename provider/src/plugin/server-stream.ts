// What the gRPC handler needs of an HTTP/2 server: a stream per request and a connection per socket (node-http2-connection.ts serves them on node:http2).
import type { Duplex } from 'node:stream';

/** Header or trailer fields to send, lower-case names. The transport does not change them, so constant objects may be shared by calls. */
export type HeaderFields = Readonly<Record<string, string>>;

/** One request stream opened by the client, as the server sees it. */
export interface ServerStream {
  /** The request's header fields (lower-case names; repeated fields joined with ", "). */
  readonly headers: Readonly<Record<string, string>>;
  /** Each chunk of request data, in order. Set in `onStream`, before it returns. */
  onData: ((chunk: Buffer) => void) | undefined;
  /** The client finished its request (END_STREAM). */
  onEnd: (() => void) | undefined;
  /** True once the response began (headers sent). */
  readonly headersSent: boolean;
  /** True once the stream is gone: both sides ended, reset by either side, or the connection closed. */
  readonly closed: boolean;
  /** Sends the response headers; `endStream` makes them the whole response. */
  respond(headers: HeaderFields, endStream?: boolean): void;
  /** Sends response data (after `respond`). */
  write(data: Buffer): void;
  /** Ends the response with trailers. */
  end(trailers: HeaderFields): void;
  /** Resets the stream with an HTTP/2 error code (default CANCEL). */
  reset(code?: number): void;
  /** Calls `listener` once when the stream is gone (never, if it is gone already). */
  onClose(listener: () => void): void;
}

/** How the server receives: its SETTINGS and the connection's receive window. */
export interface Http2ReceiveSettings {
  /** SETTINGS_INITIAL_WINDOW_SIZE: each stream's receive window. */
  initialWindowSize: number;
  /** SETTINGS_MAX_FRAME_SIZE: the largest frame accepted. */
  maxFrameSize: number;
  /** The connection's receive window, raised with a WINDOW_UPDATE right after the SETTINGS. */
  connectionWindowSize: number;
  /** SETTINGS_MAX_CONCURRENT_STREAMS: how many streams the client may have open at once; more are refused. */
  maxConcurrentStreams: number;
}

export interface ServerConnectionOptions {
  settings: Http2ReceiveSettings;
  /** A client opened a stream; its request headers are complete. Set the stream's listeners before returning. */
  onStream: (stream: ServerStream) => void;
  /** A protocol error ended the connection, or a stream's callback threw (for a debug log). */
  onError?: (error: Error) => void;
}

/** One HTTP/2 connection being served. */
export interface ServerConnection {
  /** Graceful close: GOAWAY (no new streams), the socket ends once what is queued is written. */
  close(): void;
  /** Closes the connection at once. */
  destroy(): void;
  /** Calls `listener` once the connection is closed (at once if it is). */
  onClose(listener: () => void): void;
}

/** Serves HTTP/2 on a connected socket (plain, or TLS with ALPN h2 already negotiated). */
export type ServeConnection = (socket: Duplex, options: ServerConnectionOptions) => ServerConnection;
