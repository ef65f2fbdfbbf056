// The acceptor side of GSS-API (RFC 2743) from MIT's libgssapi_krb5, called through koffi: the only place that loads it.
import koffi from 'koffi';

/** A GSS-API call that did not complete: `message` is the library's own text for the major and minor status. */
export class GssError extends Error {
  constructor(readonly call: string, message: string) {
    super(`${call}: ${message}`);
    this.name = 'GssError';
  }
}

const GSS_S_COMPLETE = 0;
const GSS_S_CONTINUE_NEEDED = 1;
const GSS_C_ACCEPT = 2;
const GSS_C_GSS_CODE = 1;
const GSS_C_MECH_CODE = 2;
/** GSS_KRB5_NT_PRINCIPAL_NAME, 1.2.840.113554.1.2.2.1 (RFC 1964 section 2.1.1), DER content octets. */
const krb5PrincipalNameOid = Buffer.from([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02, 0x01]);

let bound: ReturnType<typeof bind> | undefined;

function bind() {
  const lib = koffi.load('libgssapi_krb5.so.2');
  koffi.struct('gss_buffer_desc', { length: 'size_t', value: 'void *' });
  koffi.struct('gss_OID_desc', { length: 'uint32_t', elements: 'void *' });
  koffi.struct('gss_key_value_element_desc', { key: 'const char *', value: 'const char *' });
  koffi.struct('gss_key_value_set_desc', { count: 'uint32_t', elements: 'gss_key_value_element_desc *' });
  return {
    importName: lib.func('uint32_t gss_import_name(_Out_ uint32_t *minor, gss_buffer_desc *name, gss_OID_desc *type, _Out_ void **out)'),
    acquireCredFrom: lib.func('uint32_t gss_acquire_cred_from(_Out_ uint32_t *minor, void *name, uint32_t time, void *mechs, int usage, gss_key_value_set_desc *store, _Out_ void **cred, void *actual, void *timeRec)'),
    accept: lib.func('uint32_t gss_accept_sec_context(_Out_ uint32_t *minor, _Inout_ void **ctx, void *cred, gss_buffer_desc *input, void *bindings, _Out_ void **srcName, void *mech, _Out_ gss_buffer_desc *output, void *retFlags, void *timeRec, void *deleg)'),
    wrap: lib.func('uint32_t gss_wrap(_Out_ uint32_t *minor, void *ctx, int conf, uint32_t qop, gss_buffer_desc *input, _Out_ int *confState, _Out_ gss_buffer_desc *output)'),
    unwrap: lib.func('uint32_t gss_unwrap(_Out_ uint32_t *minor, void *ctx, gss_buffer_desc *input, _Out_ gss_buffer_desc *output, _Out_ int *confState, _Out_ uint32_t *qop)'),
    displayName: lib.func('uint32_t gss_display_name(_Out_ uint32_t *minor, void *name, _Out_ gss_buffer_desc *output, void *type)'),
    displayStatus: lib.func('uint32_t gss_display_status(_Out_ uint32_t *minor, uint32_t status, int type, void *mech, _Inout_ uint32_t *context, _Out_ gss_buffer_desc *output)'),
    releaseBuffer: lib.func('uint32_t gss_release_buffer(_Out_ uint32_t *minor, gss_buffer_desc *buffer)'),
    releaseName: lib.func('uint32_t gss_release_name(_Out_ uint32_t *minor, _Inout_ void **name)'),
    releaseCred: lib.func('uint32_t gss_release_cred(_Out_ uint32_t *minor, _Inout_ void **cred)'),
    deleteContext: lib.func('uint32_t gss_delete_sec_context(_Out_ uint32_t *minor, _Inout_ void **ctx, void *output)'),
  };
}

function gss() {
  bound ??= bind();
  return bound;
}

interface BufferDesc { length: number | bigint; value: unknown }

/** Copies a buffer the library allocated into JS memory and frees it. */
function take(buffer: BufferDesc): Buffer {
  const length = Number(buffer.length);
  // Buffer.from(Uint8Array) copies; Buffer.from(ArrayBuffer) would share the memory gss_release_buffer frees.
  const bytes = length && buffer.value ? Buffer.from(new Uint8Array(koffi.view(buffer.value, length))) : Buffer.alloc(0);
  if (buffer.value) gss().releaseBuffer([0], buffer);
  return bytes;
}

function statusText(status: number, type: number): string {
  const parts: string[] = [];
  const context = [0];
  do {
    const output: BufferDesc = { length: 0, value: null };
    if (gss().displayStatus([0], status, type, null, context, output) !== GSS_S_COMPLETE) break;
    parts.push(take(output).toString('utf8'));
  } while (context[0] !== 0 && parts.length < 8);
  return parts.join('; ');
}

function check(call: string, major: number, minor: number[]): void {
  if (major === GSS_S_COMPLETE || major === GSS_S_CONTINUE_NEEDED) return;
  const texts = [statusText(major, GSS_C_GSS_CODE), minor[0] ? statusText(minor[0], GSS_C_MECH_CODE) : ''].filter(Boolean);
  throw new GssError(call, texts.join(': ') || `major status ${major}`);
}

const input = (bytes: Buffer): BufferDesc => ({ length: bytes.length, value: bytes.length ? bytes : null });

/** Acceptor credentials: the keys of one service principal, read from one keytab file (not the process's KRB5_KTNAME). */
export class AcceptorCredential {
  private constructor(private handle: unknown) {}

  /**
   * Reads the key(s) of `servicePrincipal` (`smtp/host.example.com`, with or without `@REALM`) from the keytab at
   * `keytabPath`. Throws GssError when the file is unreadable or holds no key for that principal.
   */
  static acquire(keytabPath: string, servicePrincipal: string): AcceptorCredential {
    const minor = [0];
    const name = [null as unknown];
    const nameText = Buffer.from(servicePrincipal, 'utf8');
    check('gss_import_name', gss().importName(minor, input(nameText), { length: krb5PrincipalNameOid.length, elements: krb5PrincipalNameOid }, name), minor);
    try {
      const cred = [null as unknown];
      const store = { count: 1, elements: { key: 'keytab', value: `FILE:${keytabPath}` } };
      check('gss_acquire_cred_from', gss().acquireCredFrom(minor, name[0], 0, null, GSS_C_ACCEPT, store, cred, null, null), minor);
      return new AcceptorCredential(cred[0]);
    } finally {
      gss().releaseName([0], name);
    }
  }

  /** A new security context that accepts with these credentials. */
  accept(): AcceptorContext {
    if (!this.handle) throw new GssError('gss_accept_sec_context', 'the credential was released');
    return new AcceptorContext(this.handle);
  }

  release(): void {
    if (this.handle) gss().releaseCred([0], [this.handle]);
    this.handle = null;
  }
}

/** One security context being established (and then used) by the acceptor. */
export class AcceptorContext {
  private context: unknown = null;
  private initiator: string | null = null;

  constructor(private readonly credential: unknown) {}

  /** The initiator's principal (`alice@REALM`) once the context is complete, else null. */
  get initiatorName(): string | null {
    return this.initiator;
  }

  /**
   * Feeds one token from the initiator; returns the token to send back (maybe empty) and whether the context is
   * complete. Throws GssError for a token the library refuses (bad key, expired ticket, replay, wrong principal).
   */
  step(token: Buffer): { output: Buffer; complete: boolean } {
    const minor = [0];
    const ctx = [this.context];
    const source = [null as unknown];
    const output: BufferDesc = { length: 0, value: null };
    const major = gss().accept(minor, ctx, this.credential, input(token), null, source, null, output, null, null, null);
    this.context = ctx[0];
    const reply = take(output);
    try {
      check('gss_accept_sec_context', major, minor);
      if (major === GSS_S_COMPLETE) {
        const display: BufferDesc = { length: 0, value: null };
        check('gss_display_name', gss().displayName(minor, source[0], display, null), minor);
        this.initiator = take(display).toString('utf8');
      }
    } finally {
      if (source[0]) gss().releaseName([0], source);
    }
    return { output: reply, complete: major === GSS_S_COMPLETE };
  }

  /** gss_wrap with integrity only (no confidentiality requested), as RFC 4752's security-layer message needs. */
  wrap(message: Buffer): Buffer {
    const minor = [0];
    const output: BufferDesc = { length: 0, value: null };
    const major = gss().wrap(minor, this.context, 0, 0, input(message), [0], output);
    const wrapped = take(output);
    check('gss_wrap', major, minor);
    return wrapped;
  }

  unwrap(token: Buffer): Buffer {
    const minor = [0];
    const output: BufferDesc = { length: 0, value: null };
    const major = gss().unwrap(minor, this.context, input(token), output, [0], [0]);
    const message = take(output);
    check('gss_unwrap', major, minor);
    return message;
  }

  /** Frees the context; safe to call more than once. */
  dispose(): void {
    if (this.context) gss().deleteContext([0], [this.context], null);
    this.context = null;
  }
}
