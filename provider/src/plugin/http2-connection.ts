// The server side of one HTTP/2 connection (RFC 9113), as much of it as gRPC calls need: streams opened by the
// client, request headers and data in, response headers, data and trailers out, flow control both ways.
import type { Duplex } from 'node:stream';
import { HpackDecoder, HpackError } from './hpack.ts';
import {
  DEFAULT_MAX_FRAME_SIZE, DEFAULT_WINDOW_SIZE, ErrorCode, Flag, FrameReader, FrameType, Http2ConnectionError, MAX_WINDOW_SIZE, Setting,
  frame, frameHeader, goawayFrame, rstStreamFrame, settingsFrame, windowUpdateFrame,
} from './http2-frames.ts';
import { Http2ServerStream } from './http2-stream.ts';
import type { ServeConnection, ServerConnection, ServerConnectionOptions } from './server-stream.ts';

/** Serves one connection with this module's HTTP/2 (the transport `PROVIDER_HTTP2=own` selects). */
export const serveConnection: ServeConnection = (socket, options) => new Http2Connection(socket, options);

/** The largest header block accepted in HEADERS + CONTINUATION frames (requests carry a few hundred octets). */
const MAX_HEADER_BLOCK = 1 << 20;

/**
 * Serves one connection: reads frames off `socket`, answers SETTINGS and PING, opens a stream per request,
 * and writes what the streams send, one socket write per tick.
 */
export class Http2Connection implements ServerConnection {
  private readonly streams = new Map<number, Http2ServerStream>();
  private readonly reader: FrameReader;
  private readonly decoder = new HpackDecoder();
  private lastStreamId = 0;
  /** A header block being continued: its stream, the flags of its HEADERS frame, the fragments so far. */
  private continued: { streamId: number; flags: number; fragments: Buffer[]; length: number } | undefined;
  /** The peer's settings that govern what this side sends. */
  private peerInitialWindow = DEFAULT_WINDOW_SIZE;
  private peerMaxFrameSize = DEFAULT_MAX_FRAME_SIZE;
  private sendWindow = DEFAULT_WINDOW_SIZE;
  private receiveWindow: number;
  /** Streams with data waiting for flow-control window, in the order they blocked. */
  private readonly blocked = new Set<Http2ServerStream>();
  private output: Buffer[] = [];
  private flushScheduled = false;
  private goingAway = false;
  closed = false;
  private readonly closeListeners: Array<() => void> = [];

  constructor(private readonly socket: Duplex, private readonly options: ServerConnectionOptions) {
    const { settings } = options;
    this.receiveWindow = settings.connectionWindowSize;
    this.reader = new FrameReader(settings.maxFrameSize, (type, flags, streamId, payload) => this.onFrame(type, flags, streamId, payload));
    this.queue(settingsFrame([
      [Setting.MAX_CONCURRENT_STREAMS, settings.maxConcurrentStreams], [Setting.INITIAL_WINDOW_SIZE, settings.initialWindowSize], [Setting.MAX_FRAME_SIZE, settings.maxFrameSize],
    ]));
    if (settings.connectionWindowSize > DEFAULT_WINDOW_SIZE) this.queue(windowUpdateFrame(0, settings.connectionWindowSize - DEFAULT_WINDOW_SIZE));
    socket.on('data', (chunk: Buffer) => {
      try {
        this.reader.push(chunk);
      } catch (error) {
        this.fail(error);
      }
    });
    socket.on('error', () => undefined); // the peer going away ends the connection, nothing more
    socket.on('close', () => this.onSocketClose());
  }

  /** Calls `listener` once the connection is closed. */
  onClose(listener: () => void) {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  /**
   * Graceful close: GOAWAY (no new streams), then the socket ends once what is queued is written.
   * Streams still open are closed with the connection.
   */
  close() {
    if (this.closed || this.goingAway) return;
    this.goingAway = true;
    this.queue(goawayFrame(this.lastStreamId, ErrorCode.NO_ERROR));
    this.flush();
    this.socket.end();
  }

  /** Closes the connection at once. */
  destroy() {
    this.socket.destroy();
    this.onSocketClose();
  }

  // --- sending ----------------------------------------------------------------------------------------------

  /** @internal */
  sendHeaders(stream: Http2ServerStream, block: Buffer, endStream: boolean) {
    if (stream.closed || stream.localEnded || stream.headersSent) return;
    stream.headersSent = true;
    this.queueHeaders(stream.id, block, endStream);
    if (endStream) this.endedLocally(stream);
  }

  /** @internal */
  sendData(stream: Http2ServerStream, data: Buffer) {
    if (stream.closed || stream.localEnded || stream.queuedEnd !== undefined) return;
    if (stream.queued.length > 0) {
      stream.queued.push(data);
      return;
    }
    const sent = this.sendAllowed(stream, data);
    if (sent < data.length) {
      stream.queued.push(data.subarray(sent));
      this.blocked.add(stream);
    }
  }

  /** @internal */
  sendEnd(stream: Http2ServerStream, trailerBlock: Buffer) {
    if (stream.closed || stream.localEnded || stream.queuedEnd !== undefined) return;
    if (stream.queued.length > 0) {
      stream.queuedEnd = trailerBlock;
      return;
    }
    this.queueEnd(stream, trailerBlock);
  }

  /** @internal */
  reset(stream: Http2ServerStream, code: number) {
    if (stream.closed) return;
    this.queue(rstStreamFrame(stream.id, code));
    this.closeStream(stream);
  }

  private queueEnd(stream: Http2ServerStream, trailerBlock: Buffer) {
    this.queueHeaders(stream.id, trailerBlock, true);
    this.endedLocally(stream);
  }

  /**
   * The response is complete. A client still sending is told to stop without error (RST_STREAM NO_ERROR,
   * RFC 9113 section 8.1), which closes the stream now instead of when the client ends.
   */
  private endedLocally(stream: Http2ServerStream) {
    stream.localEnded = true;
    if (!stream.remoteEnded) this.queue(rstStreamFrame(stream.id, ErrorCode.NO_ERROR));
    this.closeStream(stream);
  }

  /** Queues a header block: one HEADERS frame, or HEADERS and CONTINUATIONs if it exceeds the peer's frame size. */
  private queueHeaders(streamId: number, block: Buffer, endStream: boolean) {
    const endFlag = endStream ? Flag.END_STREAM : 0;
    if (block.length <= this.peerMaxFrameSize) {
      this.queue(frameHeader(block.length, FrameType.HEADERS, Flag.END_HEADERS | endFlag, streamId), block);
      return;
    }
    for (let at = 0; at < block.length; at += this.peerMaxFrameSize) {
      const part = block.subarray(at, at + this.peerMaxFrameSize);
      const last = at + part.length === block.length ? Flag.END_HEADERS : 0;
      const type = at === 0 ? FrameType.HEADERS : FrameType.CONTINUATION;
      this.queue(frameHeader(part.length, type, (at === 0 ? endFlag : 0) | last, streamId), part);
    }
  }

  /** Queues as much of `data` as the windows admit, in frames of at most the peer's frame size; returns how much. */
  private sendAllowed(stream: Http2ServerStream, data: Buffer): number {
    const allowed = Math.max(0, Math.min(data.length, stream.sendWindow, this.sendWindow));
    for (let at = 0; at < allowed; at += this.peerMaxFrameSize) {
      const part = data.subarray(at, Math.min(allowed, at + this.peerMaxFrameSize));
      this.queue(frameHeader(part.length, FrameType.DATA, 0, stream.id), part);
    }
    stream.sendWindow -= allowed;
    this.sendWindow -= allowed;
    return allowed;
  }

  /** Sends what the blocked streams can now, oldest first; a stream whose data all went out sends its end. */
  private drain() {
    for (const stream of this.blocked) {
      if (this.sendWindow <= 0) break;
      while (stream.queued.length > 0) {
        const data = stream.queued[0];
        const sent = this.sendAllowed(stream, data);
        if (sent < data.length) {
          stream.queued[0] = data.subarray(sent);
          break;
        }
        stream.queued.shift();
      }
      if (stream.queued.length > 0) continue;
      this.blocked.delete(stream);
      if (stream.queuedEnd !== undefined) this.queueEnd(stream, stream.queuedEnd);
    }
  }

  private queue(first: Buffer, second?: Buffer) {
    if (this.closed) return;
    this.output.push(first);
    if (second) this.output.push(second);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      process.nextTick(() => this.flush());
    }
  }

  /** Writes everything queued as one buffer: one socket write (one TLS record run) per tick. */
  private flush() {
    this.flushScheduled = false;
    if (this.output.length === 0 || this.closed) return;
    const out = this.output.length === 1 ? this.output[0] : Buffer.concat(this.output);
    this.output = [];
    if (this.socket.writable) this.socket.write(out);
  }

  // --- receiving --------------------------------------------------------------------------------------------

  private onFrame(type: number, flags: number, streamId: number, payload: Buffer) {
    if (this.closed) return;
    if (this.continued && (type !== FrameType.CONTINUATION || streamId !== this.continued.streamId)) {
      throw new Http2ConnectionError(ErrorCode.PROTOCOL_ERROR, 'expected CONTINUATION');
    }
    switch (type) {
      case FrameType.DATA: return this.onData(flags, streamId, payload);
      case FrameType.HEADERS: return this.onHeaders(flags, streamId, payload);
      case FrameType.PRIORITY:
        if (payload.length !== 5) throw new Http2ConnectionError(ErrorCode.FRAME_SIZE_ERROR, 'PRIORITY of a bad length');
        return;
      case FrameType.RST_STREAM: return this.onRstStream(streamId, payload);
      case FrameType.SETTINGS: return this.onSettings(flags, streamId, payload);
      case FrameType.PUSH_PROMISE: throw new Http2ConnectionError(ErrorCode.PROTOCOL_ERROR, 'PUSH_PROMISE from a client');
      case FrameType.PING: return this.onPing(flags, streamId, payload);
      case FrameType.GOAWAY: return this.destroy();
      case FrameType.WINDOW_UPDATE: return this.onWindowUpdate(streamId, payload);
      case FrameType.CONTINUATION: return this.onContinuation(flags, streamId, payload);
      default: return; // unknown frame types are ignored (RFC 9113 section 4.1)
    }
  }

  /** A frame's payload without its padding (PADDED flag: a pad length octet first, the padding last). */
  private unpadded(flags: number, payload: Buffer): Buffer {
    if (!(flags & Flag.PADDED)) return payload;
    if (payload.length < 1 || payload[0] >= payload.length) throw new Http2ConnectionError(ErrorCode.PROTOCOL_ERROR, 'padding longer than the frame');
    return payload.subarray(1, payload.length - payload[0]);
  }

  private onData(flags: number, streamId: number, payload: Buffer) {
    if (streamId === 0 || streamId > this.lastStreamId) throw new Http2ConnectionError(ErrorCode.PROTOCOL_ERROR, 'DATA on an idle stream');
    // The whole frame, padding included, counts against the windows.
    this.receiveWindow -= payload.length;
    if (this.receiveWindow < 0) throw new Http2ConnectionError(ErrorCode.FLOW_CONTROL_ERROR, 'connection window exceeded');
    const { connectionWindowSize, initialWindowSize } = this.options.settings;
    if (this.receiveWindow <= connectionWindowSize / 2) {
      this.queue(windowUpdateFrame(0, connectionWindowSize - this.receiveWindow));
      this.receiveWindow = connectionWindowSize;
    }
    const data = this.unpadded(flags, payload);
    const stream = this.streams.get(streamId);
    if (!stream) return; // a stream this side already closed: the client may not have heard yet
    if (stream.remoteEnded) return this.reset(stream, ErrorCode.STREAM_CLOSED);
    stream.receiveWindow -= payload.length;
    if (stream.receiveWindow < 0) return this.reset(stream, ErrorCode.FLOW_CONTROL_ERROR);
    if (data.length > 0 && stream.onData) this.guard(stream, stream.onData, data);
    if (flags & Flag.END_STREAM) return this.endedRemotely(stream);
    if (!stream.closed && stream.receiveWindow <= initialWindowSize / 2) {
      this.queue(windowUpdateFrame(stream.id, initialWindowSize - stream.receiveWindow));
      stream.receiveWindow = initialWindowSize;
    }
  }

  private onHeaders(flags: number, streamId: number, payload: Buffer) {
    if (streamId === 0 || streamId % 2 === 0) throw new Http2ConnectionError(ErrorCode.PROTOCOL_ERROR, `HEADERS on stream ${streamId}`);
    let fragment = this.unpadded(flags, payload);
    if (flags & Flag.PRIORITY) {
      if (fragment.length < 5) throw new Http2ConnectionError(ErrorCode.FRAME_SIZE_ERROR, 'HEADERS too short for its priority');
      fragment = fragment.subarray(5);
    }
    if (flags & Flag.END_HEADERS) return this.onHeaderBlock(flags, streamId, fragment);
    this.continued = { streamId, flags, fragments: [fragment], length: fragment.length };
  }

  private onContinuation(flags: number, streamId: number, payload: Buffer) {
    const continued = this.continued;
    if (!continued) throw new Http2ConnectionError(ErrorCode.PROTOCOL_ERROR, 'CONTINUATION without HEADERS');
    continued.fragments.push(payload);
    continued.length += payload.length;
    if (continued.length > MAX_HEADER_BLOCK) throw new Http2ConnectionError(ErrorCode.ENHANCE_YOUR_CALM, 'header block too large');
    if (!(flags & Flag.END_HEADERS)) return;
    this.continued = undefined;
    this.onHeaderBlock(continued.flags, streamId, Buffer.concat(continued.fragments));
  }

  private onHeaderBlock(flags: number, streamId: number, block: Buffer) {
    let fields;
    try {
      fields = this.decoder.decode(block);
    } catch (error) {
      if (error instanceof HpackError) throw new Http2ConnectionError(ErrorCode.COMPRESSION_ERROR, error.message);
      throw error;
    }
    const existing = this.streams.get(streamId);
    if (existing) { // trailers: must end the request
      if (existing.remoteEnded || !(flags & Flag.END_STREAM)) return this.reset(existing, ErrorCode.PROTOCOL_ERROR);
      return this.endedRemotely(existing);
    }
    if (streamId <= this.lastStreamId) return; // a stream already closed here
    this.lastStreamId = streamId;
    if (this.goingAway) return; // after GOAWAY, new streams are ignored
    // Beyond the announced limit: refused, so the client may retry it (RFC 9113 section 5.1.2).
    if (this.streams.size >= this.options.settings.maxConcurrentStreams) return this.queue(rstStreamFrame(streamId, ErrorCode.REFUSED_STREAM));
    const headers: Record<string, string> = {};
    for (const [name, value] of fields) headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
    const stream = new Http2ServerStream(this, streamId, headers, this.peerInitialWindow, this.options.settings.initialWindowSize);
    this.streams.set(streamId, stream);
    this.guard(stream, this.options.onStream, stream);
    if (flags & Flag.END_STREAM) this.endedRemotely(stream);
  }

  private endedRemotely(stream: Http2ServerStream) {
    stream.remoteEnded = true;
    if (stream.closed) return;
    if (stream.onEnd) this.guard(stream, stream.onEnd, undefined);
    if (stream.localEnded) this.closeStream(stream);
  }

  /** Runs an application callback for `stream`: if it throws, that stream is reset, not the connection. */
  private guard<T>(stream: Http2ServerStream, callback: (argument: T) => void, argument: T) {
    try {
      callback(argument);
    } catch (error) {
      this.options.onError?.(error instanceof Error ? error : new Error(String(error)));
      this.reset(stream, ErrorCode.INTERNAL_ERROR);
    }
  }

  private onRstStream(streamId: number, payload: Buffer) {
    if (payload.length !== 4) throw new Http2ConnectionError(ErrorCode.FRAME_SIZE_ERROR, 'RST_STREAM of a bad length');
    if (streamId === 0 || streamId > this.lastStreamId) throw new Http2ConnectionError(ErrorCode.PROTOCOL_ERROR, 'RST_STREAM on an idle stream');
    const stream = this.streams.get(streamId);
    if (stream) this.closeStream(stream);
  }

  private onSettings(flags: number, streamId: number, payload: Buffer) {
    if (streamId !== 0) throw new Http2ConnectionError(ErrorCode.PROTOCOL_ERROR, 'SETTINGS on a stream');
    if (flags & Flag.ACK) {
      if (payload.length !== 0) throw new Http2ConnectionError(ErrorCode.FRAME_SIZE_ERROR, 'SETTINGS ACK with a payload');
      return;
    }
    if (payload.length % 6 !== 0) throw new Http2ConnectionError(ErrorCode.FRAME_SIZE_ERROR, 'SETTINGS of a bad length');
    for (let at = 0; at < payload.length; at += 6) {
      const id = payload.readUInt16BE(at);
      const value = payload.readUInt32BE(at + 2);
      if (id === Setting.INITIAL_WINDOW_SIZE) {
        if (value > MAX_WINDOW_SIZE) throw new Http2ConnectionError(ErrorCode.FLOW_CONTROL_ERROR, 'INITIAL_WINDOW_SIZE too large');
        const delta = value - this.peerInitialWindow;
        this.peerInitialWindow = value;
        for (const stream of this.streams.values()) stream.sendWindow += delta;
      } else if (id === Setting.MAX_FRAME_SIZE) {
        if (value < DEFAULT_MAX_FRAME_SIZE || value > 0xffffff) throw new Http2ConnectionError(ErrorCode.PROTOCOL_ERROR, 'MAX_FRAME_SIZE out of range');
        this.peerMaxFrameSize = value;
      } else if (id === Setting.ENABLE_PUSH && value > 1) {
        throw new Http2ConnectionError(ErrorCode.PROTOCOL_ERROR, 'ENABLE_PUSH out of range');
      }
      // HEADER_TABLE_SIZE: the response encoder never indexes, so any table size suits it. Others: no effect here.
    }
    this.queue(frame(FrameType.SETTINGS, Flag.ACK, 0));
    this.drain();
  }

  private onPing(flags: number, streamId: number, payload: Buffer) {
    if (payload.length !== 8) throw new Http2ConnectionError(ErrorCode.FRAME_SIZE_ERROR, 'PING of a bad length');
    if (streamId !== 0) throw new Http2ConnectionError(ErrorCode.PROTOCOL_ERROR, 'PING on a stream');
    if (!(flags & Flag.ACK)) this.queue(frame(FrameType.PING, Flag.ACK, 0, payload));
  }

  private onWindowUpdate(streamId: number, payload: Buffer) {
    if (payload.length !== 4) throw new Http2ConnectionError(ErrorCode.FRAME_SIZE_ERROR, 'WINDOW_UPDATE of a bad length');
    const increment = payload.readUInt32BE(0) & 0x7fffffff;
    if (streamId === 0) {
      if (increment === 0) throw new Http2ConnectionError(ErrorCode.PROTOCOL_ERROR, 'WINDOW_UPDATE of 0');
      this.sendWindow += increment;
      if (this.sendWindow > MAX_WINDOW_SIZE) throw new Http2ConnectionError(ErrorCode.FLOW_CONTROL_ERROR, 'connection window above 2^31-1');
    } else {
      const stream = this.streams.get(streamId);
      if (!stream) return;
      if (increment === 0) return this.reset(stream, ErrorCode.PROTOCOL_ERROR);
      stream.sendWindow += increment;
      if (stream.sendWindow > MAX_WINDOW_SIZE) return this.reset(stream, ErrorCode.FLOW_CONTROL_ERROR);
    }
    this.drain();
  }

  // --- closing ----------------------------------------------------------------------------------------------

  private closeStream(stream: Http2ServerStream) {
    this.streams.delete(stream.id);
    this.blocked.delete(stream);
    stream.markClosed();
  }

  /** A connection error: GOAWAY with its code, then the end of the connection. */
  private fail(error: unknown) {
    const code = error instanceof Http2ConnectionError ? error.code : ErrorCode.INTERNAL_ERROR;
    this.options.onError?.(error instanceof Error ? error : new Error(String(error)));
    if (this.closed) return;
    this.goingAway = true;
    this.output = [goawayFrame(this.lastStreamId, code)];
    this.flush();
    this.socket.end();
    for (const stream of [...this.streams.values()]) this.closeStream(stream);
    setTimeout(() => this.destroy(), 1000).unref();
  }

  private onSocketClose() {
    if (this.closed) return;
    this.closed = true;
    this.output = [];
    for (const stream of [...this.streams.values()]) this.closeStream(stream);
    for (const listener of this.closeListeners.splice(0)) listener();
  }
}
