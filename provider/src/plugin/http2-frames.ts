// HTTP/2 frames (RFC 9113 section 4 and 6): type, flag, setting and error code numbers, the reader, frame builders.

export const FrameType = {
  DATA: 0x0, HEADERS: 0x1, PRIORITY: 0x2, RST_STREAM: 0x3, SETTINGS: 0x4,
  PUSH_PROMISE: 0x5, PING: 0x6, GOAWAY: 0x7, WINDOW_UPDATE: 0x8, CONTINUATION: 0x9,
} as const;

export const Flag = { END_STREAM: 0x1, ACK: 0x1, END_HEADERS: 0x4, PADDED: 0x8, PRIORITY: 0x20 } as const;

export const Setting = {
  HEADER_TABLE_SIZE: 0x1, ENABLE_PUSH: 0x2, MAX_CONCURRENT_STREAMS: 0x3,
  INITIAL_WINDOW_SIZE: 0x4, MAX_FRAME_SIZE: 0x5, MAX_HEADER_LIST_SIZE: 0x6,
} as const;

export const ErrorCode = {
  NO_ERROR: 0x0, PROTOCOL_ERROR: 0x1, INTERNAL_ERROR: 0x2, FLOW_CONTROL_ERROR: 0x3, SETTINGS_TIMEOUT: 0x4,
  STREAM_CLOSED: 0x5, FRAME_SIZE_ERROR: 0x6, REFUSED_STREAM: 0x7, CANCEL: 0x8, COMPRESSION_ERROR: 0x9,
  CONNECT_ERROR: 0xa, ENHANCE_YOUR_CALM: 0xb,
} as const;

/** The client connection preface (RFC 9113 section 3.4). */
export const CLIENT_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

export const FRAME_HEADER_LENGTH = 9;
/** Flow-control windows start at this size, and the largest frame is this long, until SETTINGS say otherwise. */
export const DEFAULT_WINDOW_SIZE = 65_535;
export const DEFAULT_MAX_FRAME_SIZE = 16_384;
export const MAX_WINDOW_SIZE = 0x7fffffff;

/** A violation of the protocol: ends the connection with GOAWAY(`code`). */
export class Http2ConnectionError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
    this.name = 'Http2ConnectionError';
  }
}

/** Receives each frame read: its header fields and payload (a view into the received bytes). */
export type FrameListener = (type: number, flags: number, streamId: number, payload: Buffer) => void;

/**
 * Cuts the bytes of a connection into frames, after checking the client preface. Bytes of an incomplete
 * frame are kept until the rest arrives.
 */
export class FrameReader {
  /** Received bytes not read yet (the start of a frame), kept apart until the frame is complete. */
  private rest: Buffer[] = [];
  private restLength = 0;
  /** How many octets the incomplete frame in `rest` needs in all, once its header is in. */
  private needed = 0;
  private prefaceSeen: boolean;

  /**
   * `maxFrameSize`: SETTINGS_MAX_FRAME_SIZE as this endpoint announced it. `clientPreface`: the bytes start
   * with the client preface (a server reading a client; false for a client reading a server, as in the tests).
   */
  constructor(private readonly maxFrameSize: number, private readonly onFrame: FrameListener, clientPreface = true) {
    this.prefaceSeen = !clientPreface;
  }

  /** Reads the frames `chunk` completes; throws Http2ConnectionError for a bad preface or an oversized frame. */
  push(chunk: Buffer) {
    let bytes = chunk;
    if (this.restLength > 0) {
      this.rest.push(chunk);
      this.restLength += chunk.length;
      if (this.restLength < this.needed) return; // a large frame arriving in many chunks is joined once
      bytes = Buffer.concat(this.rest, this.restLength);
      this.rest = [];
      this.restLength = 0;
      this.needed = 0;
    }
    if (!this.prefaceSeen) {
      const length = Math.min(bytes.length, CLIENT_PREFACE.length);
      if (!bytes.subarray(0, length).equals(CLIENT_PREFACE.subarray(0, length))) {
        throw new Http2ConnectionError(ErrorCode.PROTOCOL_ERROR, 'not an HTTP/2 client preface');
      }
      if (bytes.length < CLIENT_PREFACE.length) {
        this.keep(bytes, CLIENT_PREFACE.length);
        return;
      }
      this.prefaceSeen = true;
      bytes = bytes.subarray(CLIENT_PREFACE.length);
    }
    let at = 0;
    while (at < bytes.length) {
      if (bytes.length - at < FRAME_HEADER_LENGTH) return this.keep(bytes.subarray(at), FRAME_HEADER_LENGTH);
      const length = (bytes[at] << 16) | (bytes[at + 1] << 8) | bytes[at + 2];
      if (length > this.maxFrameSize) throw new Http2ConnectionError(ErrorCode.FRAME_SIZE_ERROR, `frame of ${length} octets`);
      const end = at + FRAME_HEADER_LENGTH + length;
      if (end > bytes.length) return this.keep(bytes.subarray(at), FRAME_HEADER_LENGTH + length);
      const type = bytes[at + 3];
      const flags = bytes[at + 4];
      const streamId = bytes.readUInt32BE(at + 5) & 0x7fffffff;
      this.onFrame(type, flags, streamId, bytes.subarray(at + FRAME_HEADER_LENGTH, end));
      at = end;
    }
  }

  private keep(bytes: Buffer, needed: number) {
    this.rest = [bytes];
    this.restLength = bytes.length;
    this.needed = needed;
  }
}

/** A frame header, 9 octets. */
export function frameHeader(length: number, type: number, flags: number, streamId: number): Buffer {
  const header = Buffer.allocUnsafe(FRAME_HEADER_LENGTH);
  header[0] = length >>> 16;
  header[1] = (length >>> 8) & 0xff;
  header[2] = length & 0xff;
  header[3] = type;
  header[4] = flags;
  header.writeUInt32BE(streamId, 5);
  return header;
}

/** A complete frame: header and payload in one buffer. */
export function frame(type: number, flags: number, streamId: number, payload: Uint8Array = Buffer.alloc(0)): Buffer {
  const out = Buffer.allocUnsafe(FRAME_HEADER_LENGTH + payload.length);
  frameHeader(payload.length, type, flags, streamId).copy(out);
  out.set(payload, FRAME_HEADER_LENGTH);
  return out;
}

export function settingsFrame(settings: Array<[id: number, value: number]>): Buffer {
  const payload = Buffer.allocUnsafe(6 * settings.length);
  settings.forEach(([id, value], i) => {
    payload.writeUInt16BE(id, 6 * i);
    payload.writeUInt32BE(value, 6 * i + 2);
  });
  return frame(FrameType.SETTINGS, 0, 0, payload);
}

export function windowUpdateFrame(streamId: number, increment: number): Buffer {
  const payload = Buffer.allocUnsafe(4);
  payload.writeUInt32BE(increment, 0);
  return frame(FrameType.WINDOW_UPDATE, 0, streamId, payload);
}

export function rstStreamFrame(streamId: number, code: number): Buffer {
  const payload = Buffer.allocUnsafe(4);
  payload.writeUInt32BE(code, 0);
  return frame(FrameType.RST_STREAM, 0, streamId, payload);
}

export function goawayFrame(lastStreamId: number, code: number): Buffer {
  const payload = Buffer.allocUnsafe(8);
  payload.writeUInt32BE(lastStreamId, 0);
  payload.writeUInt32BE(code, 4);
  return frame(FrameType.GOAWAY, 0, 0, payload);
}
