// The contract of a server-side SASL mechanism the relay runs itself (smtp-server's own table is internal).

/** How an exchange ended: the identity the mechanism proved (and the authorization identity asked for), or why not. */
export type SaslOutcome =
  | { ok: true; identity: string; authzid: string }
  /** `reason` goes to the log: it never holds client data beyond names. */
  | { ok: false; reason: string };

/** What the server sends next: a 334 challenge (maybe empty), or the end of the exchange. */
export type SaslStep = { challenge: Buffer } | { outcome: SaslOutcome };

/** One AUTH command's exchange, from the initial response to the outcome. */
export interface SaslExchange {
  /** Takes one client response (the decoded initial response, or a line after a 334). */
  respond(data: Buffer): SaslStep;
  /** Frees what the exchange holds; called once, whatever the outcome. */
  dispose(): void;
}

/** A mechanism offered in EHLO's AUTH line by the relay's own SASL layer. */
export interface SaslMechanism {
  readonly name: string;
  /** Starts an exchange; rejects when the mechanism cannot run now (e.g. its keytab is unreadable). */
  start(): Promise<SaslExchange>;
}
