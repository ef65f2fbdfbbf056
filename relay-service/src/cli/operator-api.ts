// The operator commands' HTTP(S) client of the management API: JSON in and out, the CA file for HTTPS, every failure a CliError (exit 3).
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { ApiCredentials } from '@relayform/schema/api-connection.ts';
import { CliError, exitCodes } from './exit-codes.ts';

/** An API answer: status, headers and body bytes. */
interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  data: Buffer;
}

/** Sends one request at a time; answers 2xx resolve, everything else (4xx, 5xx, network, TLS, timeout) throws CliError with exit code 3. */
export class OperatorApi {
  private readonly authorization: string;

  constructor(readonly endpoint: URL, credentials: ApiCredentials, private readonly ca?: string, private readonly timeoutMs = 30_000) {
    this.authorization = 'token' in credentials ? `Bearer ${credentials.token}`
      : `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  }

  /** The JSON body of a 2xx answer (undefined for an empty one, e.g. 204). */
  async json<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const answer = await this.send(method, path, body);
    return (answer.data.length === 0 ? undefined : JSON.parse(answer.data.toString('utf8'))) as T;
  }

  /** The raw body of a 2xx GET (a message as .eml). */
  async raw(path: string): Promise<Buffer> {
    return (await this.send('GET', path)).data;
  }

  private async send(method: string, path: string, body?: unknown): Promise<Answer> {
    const url = new URL(path, this.endpoint);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const answer = await new Promise<Answer>((resolve, reject) => {
      const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, {
        method,
        headers: { authorization: this.authorization, accept: 'application/json', ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}) },
        ...(this.ca ? { ca: this.ca } : {}),
        timeout: this.timeoutMs,
      }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, data: Buffer.concat(chunks) }));
        response.on('error', reject);
      });
      request.on('timeout', () => request.destroy(new Error(`no answer within ${this.timeoutMs / 1000} s`)));
      request.on('error', reject);
      request.end(payload);
    }).catch((error: NodeJS.ErrnoException) => {
      throw new CliError(`${method} ${url.origin}${url.pathname}: cannot reach the management API: ${error.code ?? ''}${error.code ? ' ' : ''}${error.message}`, exitCodes.api);
    });
    if (answer.status >= 200 && answer.status < 300) return answer;
    throw new CliError(`${method} ${url.pathname} answered ${answer.status}: ${describeError(answer)}`, exitCodes.api);
  }
}

/** The API's `{ error: { code, message, details } }` in one line, or the body as it is. */
function describeError(answer: Answer): string {
  const text = answer.data.toString('utf8');
  try {
    const { error } = JSON.parse(text) as { error: { code: string; message: string; details?: Array<{ path: string; message: string }> } };
    const details = (error.details ?? []).map((d) => `${d.path} ${d.message}`).join('; ');
    return `${error.code}: ${error.message}${details ? ` (${details})` : ''}`;
  } catch {
    return text.slice(0, 500) || '(empty body)';
  }
}
