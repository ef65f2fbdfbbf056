// gRPC status codes this server sends, the error a handler throws to send one, and grpc-message's encoding.

/** The status codes used here (numbers as in the gRPC status code list). */
export const GrpcStatus = {
  OK: 0,
  NOT_FOUND: 5,
  RESOURCE_EXHAUSTED: 8,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
} as const;

/** Thrown by a handler to end its call with `code` and `message` instead of a response. */
export class GrpcError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
    this.name = 'GrpcError';
  }
}

/**
 * grpc-message is percent-encoded UTF-8: printable ASCII except '%' goes as it is, every other byte as %XX.
 */
export function encodeGrpcMessage(message: string): string {
  let encoded = '';
  for (const byte of Buffer.from(message, 'utf8')) {
    encoded += byte >= 0x20 && byte <= 0x7e && byte !== 0x25 ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}
