// Provider-private data: small JSON facts Terraform stores next to the state but never shows (e.g. an ETag).

/**
 * Key/value data carried from read to plan to apply and back, per resource instance. Values must be
 * JSON-serializable and must not be secrets (they are stored in the state file, base64 encoded).
 */
export class PrivateData {
  private readonly values: Record<string, unknown>;

  constructor(values: Record<string, unknown> = {}) {
    this.values = { ...values };
  }

  /** Reads what Terraform stored; empty or foreign bytes give empty private data. */
  static decode(bytes: Uint8Array | undefined): PrivateData {
    if (!bytes || bytes.length === 0) return new PrivateData();
    try {
      const parsed: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
      return new PrivateData(parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {});
    } catch {
      return new PrivateData();
    }
  }

  get(key: string): unknown {
    return this.values[key];
  }

  set(key: string, value: unknown): void {
    if (value === undefined) delete this.values[key];
    else this.values[key] = value;
  }

  /** The bytes for the response; empty when there is nothing to keep. */
  encode(): Uint8Array {
    return Object.keys(this.values).length === 0 ? new Uint8Array(0) : Buffer.from(JSON.stringify(this.values));
  }
}
