// Serves gRPC calls on HTTP/2 streams: routes by :path, reads framed requests, writes framed responses and trailers.
import { MAX_MESSAGE_SIZE, MessageReader, MessageTooLargeError, PREFIX, frameMessage } from './grpc-framing.ts';
import type { MethodDefinition, MethodTypes, ServiceDefinition, ServiceTypes } from './grpc-service-definition.ts';
import { GrpcError, GrpcStatus, encodeGrpcMessage } from './grpc-status.ts';
import type { HeaderFields, ServerStream } from './server-stream.ts';

/** A unary method: the decoded request in, what the encoder takes out (or a thrown GrpcError). */
export type UnaryHandler<T extends MethodTypes = MethodTypes> = (request: T['request']) => Promise<T['responseInit']> | T['responseInit'];

/** A streaming call as its handler sees it. Writes after the call closed are dropped. */
export interface StreamingCall<T extends MethodTypes = MethodTypes> {
  /** The request of a server-streaming call; undefined for a bidirectional one. */
  request: T['request'] | undefined;
  write(message: T['responseInit']): void;
  /** Ends the call with status OK. */
  end(): void;
  /** Each message the client sends (bidirectional calls). */
  onMessage(listener: (message: T['request']) => void): void;
  /** The client finished sending (bidirectional calls). */
  onEnd(listener: () => void): void;
  /** The stream is gone: ended, reset by the client, or its connection closed. */
  onClose(listener: () => void): void;
}

/** A server-streaming or bidirectional method. */
export type StreamingHandler<T extends MethodTypes = MethodTypes> = (call: StreamingCall<T>) => void;

/** The handler of a method: unary, or streaming when either side streams. */
export type Handler<T extends MethodTypes> = T['requestStream'] extends false ? T['responseStream'] extends false ? UnaryHandler<T> : StreamingHandler<T> : StreamingHandler<T>;

/** Handlers for the methods of a service: each takes and returns its own method's messages. */
export type Implementation<S extends ServiceTypes> = { [M in keyof S]?: Handler<S[M]> };

/** A service to serve: its definition and one handler per method (a missing one answers UNIMPLEMENTED). */
export interface ServiceRegistration {
  definition: ServiceDefinition;
  implementation: Record<string, UnaryHandler | StreamingHandler>;
}

/**
 * A service to serve, its handlers checked against its definition's messages. The registration forgets those types:
 * sound, because the router hands each handler only requests its own method decoded and encodes what it returns with
 * that same method.
 */
export function serviceRegistration<S extends ServiceTypes>(definition: ServiceDefinition<S>, implementation: Implementation<S>): ServiceRegistration {
  return { definition, implementation: implementation as Record<string, UnaryHandler | StreamingHandler> };
}

/** The headers and trailers every call sends: one object each, shared by every call. */
const RESPONSE_HEADERS: HeaderFields = { ':status': '200', 'content-type': 'application/grpc' };
const OK_TRAILERS: HeaderFields = { 'grpc-status': String(GrpcStatus.OK) };
const UNSUPPORTED_MEDIA_TYPE: HeaderFields = { ':status': '415' };

/**
 * Returns the handler for each HTTP/2 stream a client opens (the transport's `onStream`), serving `services`.
 * `maxMessageSize` bounds each request and response message (default MAX_MESSAGE_SIZE, as Terraform's Go providers):
 * a longer request ends its call with RESOURCE_EXHAUSTED as soon as its length prefix (or its size) shows it, and
 * nothing more of it is kept; a longer response is not sent, the call ends with RESOURCE_EXHAUSTED instead.
 */
export function grpcCallHandler(services: ServiceRegistration[], { maxMessageSize = MAX_MESSAGE_SIZE } = {}): (stream: ServerStream) => void {
  const routes = new Map<string, { method: MethodDefinition; handler: UnaryHandler | StreamingHandler }>();
  for (const { definition, implementation } of services) {
    for (const [name, method] of Object.entries(definition)) {
      if (implementation[name]) routes.set(method.path, { method, handler: implementation[name] });
    }
  }
  return (stream) => {
    const { headers } = stream;
    const route = routes.get(headers[':path']);
    if (headers[':method'] !== 'POST' || !headers['content-type']?.startsWith('application/grpc')) {
      stream.respond(UNSUPPORTED_MEDIA_TYPE, true);
    } else if (!route) {
      finishWithStatus(stream, GrpcStatus.UNIMPLEMENTED, `unknown method ${headers[':path']}`);
    } else if (!route.method.requestStream && !route.method.responseStream) {
      serveUnary(stream, route.method, route.handler as UnaryHandler, maxMessageSize);
    } else {
      serveStreaming(stream, route.method, route.handler as StreamingHandler, maxMessageSize);
    }
  };
}

/**
 * Reads the request messages and hands each over decoded, then reports the end of the request. A message
 * that cannot be read (compressed, undecodable, cut off) ends the call with an error status instead, and
 * nothing more of that request is handed over.
 */
function readMessages(stream: ServerStream, method: MethodDefinition, maxMessageSize: number, onMessage: (message: object) => void, onEnd: () => void) {
  const reader = new MessageReader(maxMessageSize);
  let failed = false;
  stream.onData = (chunk) => {
    if (!failed) failed = !decodeMessages(stream, method, reader, chunk, onMessage);
  };
  stream.onEnd = () => {
    if (!failed && endedWhole(stream, reader)) onEnd();
  };
}

/** Hands over the messages `chunk` completes, decoded; false once the call ended with an error status instead. */
function decodeMessages(stream: ServerStream, method: MethodDefinition, reader: MessageReader, chunk: Buffer, onMessage: (message: object) => void): boolean {
  let messages;
  try {
    messages = reader.push(chunk);
  } catch (error) {
    if (!(error instanceof MessageTooLargeError)) throw error;
    finishWithStatus(stream, GrpcStatus.RESOURCE_EXHAUSTED, error.message);
    return false;
  }
  for (const { compressed, bytes } of messages) {
    if (compressed) {
      finishWithStatus(stream, GrpcStatus.UNIMPLEMENTED, 'compressed messages are not supported');
      return false;
    }
    let message: object;
    try {
      message = method.decodeRequest(bytes);
    } catch (error) {
      finishWithStatus(stream, GrpcStatus.INTERNAL, `cannot decode the request: ${String(error)}`);
      return false;
    }
    onMessage(message);
  }
  return true;
}

/** False (the call ended with an error status) when the request stopped inside a message. */
function endedWhole(stream: ServerStream, reader: MessageReader): boolean {
  if (!reader.partial) return true;
  finishWithStatus(stream, GrpcStatus.INTERNAL, 'the request ended inside a message');
  return false;
}

/**
 * The request of a unary call: its DATA is collected, then read as one message once the client ended it. A length
 * prefix above `maxMessageSize`, or more data than one such message, ends the call at once and drops what came.
 */
function serveUnary(stream: ServerStream, method: MethodDefinition, handler: UnaryHandler, maxMessageSize: number) {
  let first: Buffer | undefined;
  let more: Buffer[] | undefined;
  let received = 0;
  let refused = false;
  stream.onData = (chunk) => {
    if (refused) return;
    const before = received;
    received += chunk.length;
    if (first === undefined) first = chunk;
    else (more ??= [first]).push(chunk);
    const declared = before < PREFIX && received >= PREFIX ? (more ? Buffer.concat(more) : first).readUInt32BE(1) : 0;
    if (declared > maxMessageSize || received > maxMessageSize + PREFIX) {
      refused = true;
      first = more = undefined;
      finishWithStatus(stream, GrpcStatus.RESOURCE_EXHAUSTED, new MessageTooLargeError(Math.max(declared, received - PREFIX), maxMessageSize).message);
    }
  };
  stream.onEnd = () => {
    if (refused) return;
    const body = more ? Buffer.concat(more) : first ?? EMPTY;
    let request: object;
    // The usual request: exactly one uncompressed message.
    if (body.length >= 5 && body[0] === 0 && body.readUInt32BE(1) === body.length - 5) {
      try {
        request = method.decodeRequest(body.subarray(5));
      } catch (error) {
        return finishWithStatus(stream, GrpcStatus.INTERNAL, `cannot decode the request: ${String(error)}`);
      }
    } else {
      const requests: object[] = [];
      const reader = new MessageReader(maxMessageSize);
      if (!decodeMessages(stream, method, reader, body, (m) => requests.push(m)) || !endedWhole(stream, reader)) return;
      if (requests.length !== 1) return finishWithStatus(stream, GrpcStatus.UNIMPLEMENTED, `a unary call takes one message, got ${requests.length}`);
      request = requests[0];
    }
    const fail = (error: unknown) => finishWithStatus(stream, error instanceof GrpcError ? error.code : GrpcStatus.INTERNAL, String(error instanceof Error ? error.message : error));
    let response: object | Promise<object>;
    try {
      response = handler(request);
    } catch (error) {
      return fail(error);
    }
    if (response instanceof Promise) response.then((r) => respondUnary(stream, method, r, maxMessageSize), fail);
    else respondUnary(stream, method, response, maxMessageSize);
  };
}

const EMPTY = Buffer.alloc(0);

/** Headers, message and trailers. */
function respondUnary(stream: ServerStream, method: MethodDefinition, response: object, maxMessageSize: number) {
  if (stream.closed) return;
  const message = encodeWithin(stream, method, response, maxMessageSize);
  if (!message) return;
  stream.respond(RESPONSE_HEADERS);
  stream.write(message);
  stream.end(OK_TRAILERS);
}

/** The response message framed, or undefined after ending the call with RESOURCE_EXHAUSTED when it is too long. */
function encodeWithin(stream: ServerStream, method: MethodDefinition, response: object, maxMessageSize: number): Buffer | undefined {
  const bytes = method.encodeResponse(response);
  if (bytes.length <= maxMessageSize) return frameMessage(bytes);
  finishWithStatus(stream, GrpcStatus.RESOURCE_EXHAUSTED, `grpc: trying to send message larger than max (${bytes.length} vs. ${maxMessageSize})`);
  return undefined;
}

function serveStreaming(stream: ServerStream, method: MethodDefinition, handler: StreamingHandler, maxMessageSize: number) {
  const messageListeners: Array<(m: object) => void> = [];
  const endListeners: Array<() => void> = [];
  let ended = false;
  const call: StreamingCall = {
    request: undefined,
    write(message) {
      if (ended || stream.closed) return;
      const framed = encodeWithin(stream, method, message, maxMessageSize);
      if (!framed) {
        ended = true;
        return;
      }
      if (!stream.headersSent) stream.respond(RESPONSE_HEADERS);
      stream.write(framed);
    },
    end() {
      if (ended) return;
      ended = true;
      finishWithStatus(stream, GrpcStatus.OK, '');
    },
    onMessage: (listener) => { messageListeners.push(listener); },
    onEnd: (listener) => { endListeners.push(listener); },
    onClose: (listener) => { stream.onClose(listener); },
  };
  if (method.requestStream) {
    readMessages(stream, method, maxMessageSize, (m) => messageListeners.forEach((l) => l(m)), () => endListeners.forEach((l) => l()));
    handler(call);
    return;
  }
  // Server streaming: the single request comes first, then the handler runs.
  let started = false;
  readMessages(stream, method, maxMessageSize, (m) => {
    if (started) return;
    started = true;
    call.request = m;
    handler(call);
  }, () => {
    if (!started) finishWithStatus(stream, GrpcStatus.UNIMPLEMENTED, 'a server-streaming call takes one message, got 0');
  });
}

/**
 * Ends the call with a status: as trailers after a response already begun, else as a trailers-only response.
 */
function finishWithStatus(stream: ServerStream, code: number, message: string) {
  if (stream.closed) return;
  if (code === GrpcStatus.OK && stream.headersSent) return stream.end(OK_TRAILERS);
  const status: Record<string, string> = { 'grpc-status': String(code) };
  if (message) status['grpc-message'] = encodeGrpcMessage(message);
  if (!stream.headersSent) stream.respond({ ...RESPONSE_HEADERS, ...status }, true);
  else stream.end(status);
}
