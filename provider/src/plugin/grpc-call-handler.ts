// Serves gRPC calls on HTTP/2 streams: routes by :path, reads framed requests, writes framed responses and trailers.
import type { IncomingHttpHeaders, ServerHttp2Stream } from 'node:http2';
import { MessageReader, frameMessage } from './grpc-framing.ts';
import type { MethodDefinition, ServiceDefinition } from './grpc-service-definition.ts';
import { GrpcError, GrpcStatus, encodeGrpcMessage } from './grpc-status.ts';

/** A unary method: one request in, one response out (or a thrown GrpcError). */
export type UnaryHandler = (request: any) => Promise<object> | object;

/** A streaming call as its handler sees it. Writes after the call closed are dropped. */
export interface StreamingCall {
  /** The request of a server-streaming call; undefined for a bidirectional one. */
  request: any;
  write(message: object): void;
  /** Ends the call with status OK. */
  end(): void;
  /** Each message the client sends (bidirectional calls). */
  onMessage(listener: (message: any) => void): void;
  /** The client finished sending (bidirectional calls). */
  onEnd(listener: () => void): void;
  /** The stream is gone: ended, reset by the client, or its connection closed. */
  onClose(listener: () => void): void;
}

/** A server-streaming or bidirectional method. */
export type StreamingHandler = (call: StreamingCall) => void;

/** A service to serve: its definition and one handler per method (a missing one answers UNIMPLEMENTED). */
export interface ServiceRegistration {
  definition: ServiceDefinition;
  implementation: Record<string, UnaryHandler | StreamingHandler>;
}

const RESPONSE_HEADERS = { ':status': 200, 'content-type': 'application/grpc' };
/**
 * respond() options: trailers follow the message (or the headers end the call). `sendDate: false`: no `date` header,
 * which gRPC has no use for, one header less to build and encode per call (Node's respond() reads the option; its
 * type definitions do not list it, hence the consts).
 */
const RESPOND_WITH_TRAILERS = { waitForTrailers: true, sendDate: false };
const RESPOND_TRAILERS_ONLY = { endStream: true, sendDate: false };
const OK_TRAILERS = { 'grpc-status': String(GrpcStatus.OK) };
/** The 'wantTrailers' listener of a successful unary call; one function for every call instead of a closure each. */
function sendOkTrailers(this: ServerHttp2Stream) {
  this.sendTrailers(OK_TRAILERS);
}

/** Returns the 'stream' listener for an HTTP/2 server that serves `services`. */
export function grpcCallHandler(services: ServiceRegistration[]): (stream: ServerHttp2Stream, headers: IncomingHttpHeaders) => void {
  const routes = new Map<string, { method: MethodDefinition; handler: UnaryHandler | StreamingHandler }>();
  for (const { definition, implementation } of services) {
    for (const [name, method] of Object.entries(definition)) {
      if (implementation[name]) routes.set(method.path, { method, handler: implementation[name] });
    }
  }
  return (stream, headers) => {
    stream.on('error', () => undefined); // a reset by the client is the end of that call, nothing more
    const route = routes.get(String(headers[':path']));
    if (headers[':method'] !== 'POST' || !String(headers['content-type']).startsWith('application/grpc')) {
      stream.respond({ ':status': 415 }, { endStream: true });
    } else if (!route) {
      finishWithStatus(stream, GrpcStatus.UNIMPLEMENTED, `unknown method ${headers[':path']}`);
    } else if (!route.method.requestStream && !route.method.responseStream) {
      serveUnary(stream, route.method, route.handler as UnaryHandler);
    } else {
      serveStreaming(stream, route.method, route.handler as StreamingHandler);
    }
  };
}

/**
 * Reads the request messages and hands each over decoded, then reports the end of the request. A message
 * that cannot be read (compressed, undecodable, cut off) ends the call with an error status instead, and
 * nothing more of that request is handed over.
 */
function readMessages(stream: ServerHttp2Stream, method: MethodDefinition, onMessage: (message: any) => void, onEnd: () => void) {
  const reader = new MessageReader();
  let failed = false;
  const fail = (code: number, message: string) => {
    failed = true;
    finishWithStatus(stream, code, message);
  };
  stream.on('data', (chunk: Buffer) => {
    if (failed) return;
    for (const { compressed, bytes } of reader.push(chunk)) {
      if (compressed) return fail(GrpcStatus.UNIMPLEMENTED, 'compressed messages are not supported');
      let message: unknown;
      try {
        message = method.decodeRequest(bytes);
      } catch (error) {
        return fail(GrpcStatus.INTERNAL, `cannot decode the request: ${String(error)}`);
      }
      onMessage(message);
    }
  });
  stream.on('end', () => {
    if (failed) return;
    if (reader.partial) fail(GrpcStatus.INTERNAL, 'the request ended inside a message');
    else onEnd();
  });
}

function serveUnary(stream: ServerHttp2Stream, method: MethodDefinition, handler: UnaryHandler) {
  const requests: unknown[] = [];
  readMessages(stream, method, (m) => requests.push(m), () => {
    if (stream.closed) return;
    if (requests.length !== 1) return finishWithStatus(stream, GrpcStatus.UNIMPLEMENTED, `a unary call takes one message, got ${requests.length}`);
    Promise.resolve().then(() => handler(requests[0])).then(
      (response) => {
        if (stream.closed || stream.destroyed) return;
        stream.respond(RESPONSE_HEADERS, RESPOND_WITH_TRAILERS);
        stream.once('wantTrailers', sendOkTrailers);
        stream.end(frameMessage(method.encodeResponse(response)));
      },
      (error: unknown) => finishWithStatus(stream, error instanceof GrpcError ? error.code : GrpcStatus.INTERNAL, String(error instanceof Error ? error.message : error)),
    );
  });
}

function serveStreaming(stream: ServerHttp2Stream, method: MethodDefinition, handler: StreamingHandler) {
  const messageListeners: Array<(m: unknown) => void> = [];
  const endListeners: Array<() => void> = [];
  let ended = false;
  const call: StreamingCall = {
    request: undefined,
    write(message) {
      if (ended || stream.closed || stream.destroyed) return;
      if (!stream.headersSent) stream.respond(RESPONSE_HEADERS, RESPOND_WITH_TRAILERS);
      stream.write(frameMessage(method.encodeResponse(message)));
    },
    end() {
      if (ended) return;
      ended = true;
      finishWithStatus(stream, GrpcStatus.OK, '');
    },
    onMessage: (listener) => { messageListeners.push(listener); },
    onEnd: (listener) => { endListeners.push(listener); },
    onClose: (listener) => { stream.once('close', listener); },
  };
  if (method.requestStream) {
    readMessages(stream, method, (m) => messageListeners.forEach((l) => l(m)), () => endListeners.forEach((l) => l()));
    handler(call);
    return;
  }
  // Server streaming: the single request comes first, then the handler runs.
  let started = false;
  readMessages(stream, method, (m) => {
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
function finishWithStatus(stream: ServerHttp2Stream, code: number, message: string) {
  if (stream.closed || stream.destroyed) return;
  const status: Record<string, string> = { 'grpc-status': String(code) };
  if (message) status['grpc-message'] = encodeGrpcMessage(message);
  if (!stream.headersSent) {
    stream.respond({ ...RESPONSE_HEADERS, ...status }, RESPOND_TRAILERS_ONLY);
    return;
  }
  stream.once('wantTrailers', () => stream.sendTrailers(status));
  stream.end();
}
