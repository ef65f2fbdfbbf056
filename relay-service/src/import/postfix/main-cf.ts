// main.cf: `name = value` parameters (postconf(5) syntax) and their `$name` / `${name}` expansion with Postfix's defaults.
import { errorAt, logicalLines, PostfixConfigError, type SourceLine } from './postconf-syntax.ts';

/** A parameter as written: its raw value (unexpanded) and the line that set it (the last one wins, as in Postfix). */
export interface Parameter {
  name: string;
  value: string;
  at: SourceLine;
}

/**
 * Postfix's defaults (postconf -d) for the parameters the import reads or that their defaults refer to. A parameter
 * neither set nor listed here expands to an error, so a typo never silently becomes an empty value.
 */
export const postfixDefaults: Readonly<Record<string, string>> = {
  config_directory: '/etc/postfix',
  mydestination: '$myhostname, localhost.$mydomain, localhost',
  relay_domains: '',
  inet_interfaces: 'all',
  mynetworks_style: 'host',
  smtpd_client_restrictions: '',
  smtpd_helo_restrictions: '',
  smtpd_sender_restrictions: '',
  smtpd_relay_restrictions: 'permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination',
  smtpd_recipient_restrictions: '',
  relayhost: '',
  transport_maps: '',
  smtp_sasl_auth_enable: 'no',
  smtp_sasl_password_maps: '',
  smtp_tls_security_level: '',
  smtp_tls_policy_maps: '',
  smtpd_tls_security_level: '',
  smtpd_tls_cert_file: '',
  smtpd_tls_key_file: '',
  smtpd_tls_auth_only: 'no',
  smtpd_tls_wrappermode: 'no',
  smtpd_sasl_auth_enable: 'no',
  message_size_limit: '10240000',
  smtpd_recipient_limit: '1000',
  hopcount_limit: '50',
  queue_directory: '/var/spool/postfix',
  data_directory: '/var/lib/postfix',
  daemon_directory: '/usr/libexec/postfix',
  command_directory: '/usr/sbin',
  mail_owner: 'postfix',
};

const NAME = /^[A-Za-z0-9_.-]+$/;

/** Parses main.cf text (`file` names it in errors): a map from name to parameter. Throws PostfixConfigError with the line. */
export function parseMainCf(content: string, file = 'main.cf'): Map<string, Parameter> {
  const parameters = new Map<string, Parameter>();
  for (const { text, at } of logicalLines(content, file)) {
    const eq = text.indexOf('=');
    if (eq < 0) throw errorAt(at, `expected "name = value", got "${text}"`);
    const name = text.slice(0, eq).trim();
    if (!NAME.test(name)) throw errorAt(at, `"${name}" is not a parameter name (letters, digits, "_", "-", ".")`);
    parameters.set(name, { name, value: text.slice(eq + 1).trim(), at });
  }
  return parameters;
}

/** The parameters of one smtpd: main.cf with a listener's `-o` overrides on top; values expanded on read. */
export class Parameters {
  constructor(private readonly own: ReadonlyMap<string, Parameter>) {}

  /** These parameters with `overrides` (master.cf `-o name=value`) taking precedence. */
  with(overrides: Parameter[]): Parameters {
    return new Parameters(new Map([...this.own, ...overrides.map((o) => [o.name, o] as const)]));
  }

  /** The parameter as set (main.cf or -o), or undefined when Postfix's default applies. */
  set(name: string): Parameter | undefined {
    return this.own.get(name);
  }

  /** Every parameter set, sorted by name. */
  all(): Parameter[] {
    return [...this.own.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** The expanded value of `name`: as set, else Postfix's default, else derived (mydomain); throws for an unknown name. */
  get(name: string): string {
    return this.expand(name, []);
  }

  private raw(name: string, chain: string[]): string | undefined {
    const own = this.own.get(name);
    if (own) return own.value;
    if (name in postfixDefaults) return postfixDefaults[name];
    // mydomain defaults to myhostname without its first label.
    if (name === 'mydomain' && this.own.has('myhostname')) return this.expand('myhostname', chain).replace(/^[^.]*\./, '');
    return undefined;
  }

  private expand(name: string, chain: string[]): string {
    const origin = this.own.get(chain[0] ?? name)?.at;
    if (chain.includes(name)) throw this.error(origin, `$${name} refers to itself (${[...chain, name].join(' -> ')})`);
    const raw = this.raw(name, chain);
    if (raw === undefined) {
      throw this.error(origin, chain.length === 0 ? `${name} is not set and has no default the import knows`
        : `${chain[chain.length - 1]} refers to $${name}, which is not set and has no default the import knows: set it in main.cf`);
    }
    return this.expandText(raw, [...chain, name]);
  }

  /** $name, ${name}, $(name); ${name?text}: text when $name is not empty; ${name:text}: text when it is empty. */
  private expandText(text: string, chain: string[]): string {
    return text.replace(/\$(?:\{([A-Za-z0-9_.-]+)(?:([?:])([^}]*))?\}|\(([A-Za-z0-9_.-]+)\)|([A-Za-z0-9_]+))/g,
      (_match, braced?: string, op?: string, given?: string, paren?: string, bare?: string) => {
        const ref = (braced ?? paren ?? bare) as string;
        if (op === undefined) return this.expand(ref, chain);
        const value = this.raw(ref, chain) === undefined ? '' : this.expand(ref, chain);
        return (op === '?') === (value !== '') ? this.expandText(given ?? '', chain) : '';
      });
  }

  private error(at: SourceLine | undefined, message: string): PostfixConfigError {
    return at ? errorAt(at, message) : new PostfixConfigError(message);
  }
}
