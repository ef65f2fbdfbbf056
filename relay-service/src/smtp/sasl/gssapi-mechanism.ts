// SASL GSSAPI (RFC 4752) on the server side: Kerberos V5 context establishment, then the security-layer negotiation.
import { AcceptorCredential, GssError, type AcceptorContext } from '../../auth/gss-api.ts';
import type { SaslExchange, SaslMechanism, SaslStep } from './sasl-mechanism.ts';

/** RFC 4752 section 3.3: bit 1 of the first octet is "no security layer", the only layer the relay offers. */
const noSecurityLayer = 0x01;

/** Where the acceptor's key comes from: a keytab file (found anew for each exchange) and the service principal in it. */
export interface GssapiSettings {
  keytabPath: () => Promise<string>;
  /** `smtp/relay.example.com`, optionally `@REALM`. */
  servicePrincipal: string;
}

/**
 * The GSSAPI mechanism for one virtual server. Each exchange reads the keytab afresh (a rotated keytab applies to the
 * next AUTH). Offers only "no security layer" with a maximum size of 0, as RFC 4752 section 3.1 allows, since the
 * session is protected (or not) by STARTTLS, not by GSS-API.
 */
export function gssapiMechanism(settings: GssapiSettings): SaslMechanism {
  return {
    name: 'GSSAPI',
    start: async () => new GssapiExchange(AcceptorCredential.acquire(await settings.keytabPath(), settings.servicePrincipal)),
  };
}

class GssapiExchange implements SaslExchange {
  private readonly context: AcceptorContext;
  private state: 'establishing' | 'confirming' | 'negotiating' = 'establishing';

  constructor(private readonly credential: AcceptorCredential) {
    this.context = credential.accept();
  }

  respond(data: Buffer): SaslStep {
    try {
      return this.next(data);
    } catch (error) {
      if (error instanceof GssError) return { outcome: { ok: false, reason: error.message } };
      throw error;
    }
  }

  private next(data: Buffer): SaslStep {
    switch (this.state) {
      case 'establishing': {
        const { output, complete } = this.context.step(data);
        if (!complete) return { challenge: output };
        // The last context token (the AP-REP of mutual authentication) goes first; the client answers it with an empty response.
        if (output.length) {
          this.state = 'confirming';
          return { challenge: output };
        }
        return this.offer();
      }
      case 'confirming':
        if (data.length) return { outcome: { ok: false, reason: 'expected an empty response after the last context token' } };
        return this.offer();
      case 'negotiating': {
        const answer = this.context.unwrap(data);
        if (answer.length < 4) return { outcome: { ok: false, reason: 'security-layer answer shorter than 4 octets' } };
        if (answer[0] !== noSecurityLayer) return { outcome: { ok: false, reason: `client chose security layer ${answer[0]}, only "none" (1) is offered` } };
        const identity = this.context.initiatorName;
        if (!identity) return { outcome: { ok: false, reason: 'context completed without an initiator name' } };
        return { outcome: { ok: true, identity, authzid: answer.subarray(4).toString('utf8') } };
      }
    }
  }

  /** The wrapped 4 octets: the layers offered, then the maximum message size (0: no layer, so no size). */
  private offer(): SaslStep {
    this.state = 'negotiating';
    return { challenge: this.context.wrap(Buffer.from([noSecurityLayer, 0, 0, 0])) };
  }

  dispose(): void {
    this.context.dispose();
    this.credential.release();
  }
}
