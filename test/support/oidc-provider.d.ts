// The part of oidc-provider's API the test OAuth2 server uses (the package ships no TypeScript declarations).
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  /** An OpenID Connect / OAuth 2.0 authorization server; `callback()` serves it on any node:http(s) server. */
  export default class Provider {
    constructor(issuer: string, configuration?: Record<string, unknown>);
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: string, listener: (...args: never[]) => void): this;
  }
}
