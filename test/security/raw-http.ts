// An HTTP client for hostile requests: the path is sent exactly as given (no URL normalisation of ../ or %2e),
// from a chosen loopback source address, with any body, content type and headers.
import { request } from 'node:http';

/** What came back: status, headers and the body as text and (when it is JSON) parsed. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

export interface RawRequest {
  method: string;
  /** Sent verbatim as the request target. */
  path: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
  /** Loopback source address (the API's login limiter counts per client address). */
  localAddress?: string;
  /** Send the body with chunked transfer encoding instead of a Content-Length. */
  chunked?: boolean;
}

/** Sends one request to `baseUrl` (http://127.0.0.1:port); bounded by a 15 s timeout. */
export function rawRequest(baseUrl: string, options: RawRequest): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : Buffer.from(options.body);
    const req = request({
      host: url.hostname, port: url.port, method: options.method, path: options.path, localAddress: options.localAddress,
      headers: { ...(body && !options.chunked ? { 'content-length': String(body.length) } : {}), ...options.headers },
      timeout: 15_000,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: any;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${options.method} ${options.path}: no answer within 15 s`)));
    req.on('error', reject);
    if (body && options.chunked) {
      for (let at = 0; at < body.length; at += 64 * 1024) req.write(body.subarray(at, at + 64 * 1024));
      req.end();
    } else {
      req.end(body);
    }
  });
}
