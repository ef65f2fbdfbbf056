// A small client for the relay's management API over real HTTP, as the tests and benches call it.
//
//   const api = apiClient(relay.apiUrl, relay.token);
//   const created = await api('POST', '/v1/virtual-servers', { name: 'vs', port: 2525 });   // { status, headers, body, text }
//   const server = expectStatus(created, 201, 'create vs');                                   // the body, or an error naming the call

/** One API response: status, headers, parsed JSON body (undefined when empty or not JSON) and the raw text. */
export interface ApiResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** Calls the API with the admin token unless `headers.authorization` is given ('' sends none). */
export type ApiCall = <T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<ApiResult<T>>;

/** A client for the management API at `baseUrl` that authenticates with `token`. */
export function apiClient(baseUrl: string, token: string): ApiCall {
  return async (method, path, body, headers = {}) => {
    const authorization = headers.authorization ?? `Bearer ${token}`;
    const response = await fetch(baseUrl + path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
        ...(authorization ? { authorization } : {}),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    let parsed: any;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  };
}

/** The body of `result` when its status is `expected`; otherwise throws naming `call`, the status and the body. */
export function expectStatus<T>(result: ApiResult<T>, expected: number, call: string): T {
  if (result.status !== expected) throw new Error(`${call}: HTTP ${result.status} ${result.text}`);
  return result.body;
}
