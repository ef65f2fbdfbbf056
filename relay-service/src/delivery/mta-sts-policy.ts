// MTA-STS texts (RFC 8461 sections 3.1, 3.2, 4.1): the _mta-sts TXT record, the policy file, and the MX host names a policy allows.
import { formats } from '@relayform/schema/formats.ts';

export type MtaStsMode = 'enforce' | 'testing' | 'none';

/** A policy as the recipient domain publishes it at https://mta-sts.<domain>/.well-known/mta-sts.txt. */
export interface MtaStsPolicy {
  mode: MtaStsMode;
  /** The `mx` patterns in lower case without a trailing dot: `mail.example.com` or `*.example.net`. */
  mx: string[];
  /** Seconds the policy may be cached, at most `maxAgeLimit`. */
  maxAge: number;
}

/** RFC 8461 3.2: max_age is at most 31557600 seconds (about a year); a larger value is taken as this. */
export const maxAgeLimit = 31_557_600;

const wsp = '[ \\t]*';
const versionPrefix = new RegExp(`^v${wsp}=${wsp}STSv1${wsp};`);
const idField = new RegExp(`^id${wsp}=${wsp}([A-Za-z0-9]{1,32})$`);
const extensionField = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}=[\x21-\x3a\x3c\x3e-\x7e]+$/;

/**
 * The policy id the domain's `_mta-sts` TXT records announce (each record's strings joined): records that do not
 * start with `v=STSv1;` are ignored, and anything but exactly one remaining, well-formed record with an `id` of
 * 1-32 letters and digits means the domain has no policy (null).
 */
export function stsRecordId(records: string[][]): string | null {
  const candidates = records.map((strings) => strings.join('')).filter((text) => versionPrefix.test(text));
  if (candidates.length !== 1) return null;
  const fields = candidates[0].replace(versionPrefix, '').split(';').map((f) => f.replace(/^[ \t]+|[ \t]+$/g, ''));
  if (fields.at(-1) === '') fields.pop();
  let id: string | null = null;
  for (const field of fields) {
    const match = idField.exec(field);
    if (match) id ??= match[1];
    else if (!extensionField.test(field)) return null;
  }
  return id;
}

/** An `mx` value of a policy: a host name of two labels or more, optionally `*.` plus one. */
function isMxPattern(pattern: string): boolean {
  const name = pattern.startsWith('*.') ? pattern.slice(2) : pattern;
  return name.includes('.') && formats['domain-name'].check(name);
}

/**
 * The policy in a policy file (lines `key: value`, LF or CRLF), or null when it is malformed: version not STSv1, an
 * unknown mode, max_age not 1-10 digits, an mx value that is not a host name (optionally `*.` plus one), or no mx
 * with enforce or testing. Unknown keys are ignored; of a repeated key other than mx the first counts.
 */
export function parsePolicy(text: string): MtaStsPolicy | null {
  const first = new Map<string, string>();
  const mx: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const match = /^([A-Za-z0-9_-]+)[ \t]*:[ \t]*(.*?)[ \t]*$/.exec(line);
    if (!match) return null;
    const [, key, value] = match;
    if (key === 'mx') mx.push(value.toLowerCase().replace(/\.$/, ''));
    else if (!first.has(key)) first.set(key, value);
  }
  const mode = first.get('mode');
  const maxAge = first.get('max_age') ?? '';
  if (first.get('version') !== 'STSv1' || (mode !== 'enforce' && mode !== 'testing' && mode !== 'none')) return null;
  if (!/^\d{1,10}$/.test(maxAge) || !mx.every(isMxPattern)) return null;
  if (mode !== 'none' && mx.length === 0) return null;
  return { mode, mx, maxAge: Math.min(Number(maxAge), maxAgeLimit) };
}

/** True when the MX host name matches one of the policy's patterns; `*.` stands for exactly one leftmost label. */
export function mxAllowed(policy: Pick<MtaStsPolicy, 'mx'>, host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return policy.mx.some((pattern) => {
    if (!pattern.startsWith('*.')) return name === pattern;
    const suffix = pattern.slice(1);
    return name.endsWith(suffix) && name.length > suffix.length && !name.slice(0, -suffix.length).includes('.');
  });
}
