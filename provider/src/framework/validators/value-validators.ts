// Attribute validators for single values: enumerations, numeric ranges, IP addresses, CIDR blocks, domain names.
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { formatPath } from '../../protocol/attribute-path.ts';
import { BigNumber, type TfValue } from '../../protocol/value.ts';
import { invalidValue, type AttributeValidator } from './validator.ts';

const shown = (value: TfValue) => (value instanceof BigNumber ? value.text : JSON.stringify(value));

/** The value must be one of `allowed` (strings or numbers). */
export function oneOf(...allowed: Array<string | number>): AttributeValidator {
  const list = allowed.map((a) => JSON.stringify(a)).join(', ');
  return {
    description: `value must be one of: ${list}`,
    validate: (value, { path }) => allowed.some((a) => a === value)
      ? [] : [invalidValue(path, `Attribute ${formatPath(path)} value must be one of: ${list}, got: ${shown(value)}`)],
  };
}

/** A number within [min, max] (inclusive); `integer` also demands a whole number. */
export function between(min: number, max: number, options: { integer?: boolean } = {}): AttributeValidator {
  const what = options.integer ? 'a whole number' : 'a number';
  return {
    description: `value must be ${what} between ${min} and ${max}`,
    validate(value, { path }) {
      const n = Number(value instanceof BigNumber ? value.text : value);
      const ok = typeof value !== 'boolean' && n >= min && n <= max && (!options.integer || Number.isInteger(n));
      return ok ? [] : [invalidValue(path, `Attribute ${formatPath(path)} value must be ${what} between ${min} and ${max}, got: ${shown(value)}`)];
    },
  };
}

/** An IPv4 or IPv6 address (`version` narrows it). */
export function ipAddress(version?: 4 | 6): AttributeValidator {
  const what = version ? `an IPv${version} address` : 'an IP address';
  return {
    description: `value must be ${what}`,
    validate: (value, { path }) => (typeof value === 'string' && (version ? isIP(value) === version : isIP(value) !== 0))
      ? [] : [invalidValue(path, `Attribute ${formatPath(path)} value must be ${what}, got: ${shown(value)}`)],
  };
}

/** A CIDR block such as 10.0.0.0/8 or 2001:db8::/32, host bits allowed. */
export function cidr(): AttributeValidator {
  return {
    description: 'value must be a CIDR block (address/prefix length)',
    validate(value, { path }) {
      const [address, prefix, extra] = typeof value === 'string' ? value.split('/') : [];
      const family = address ? isIP(address) : 0;
      const bits = /^\d{1,3}$/.test(prefix ?? '') ? Number(prefix) : -1;
      const ok = family !== 0 && extra === undefined && bits >= 0 && bits <= (family === 4 ? 32 : 128);
      return ok ? [] : [invalidValue(path, `Attribute ${formatPath(path)} value must be a CIDR block like 192.0.2.0/24, got: ${shown(value)}`)];
    },
  };
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

/** True for a name of RFC 1123 labels, 253 characters at most; with `idn`, a name with Unicode labels counts by its A-label form. */
function isDomainName(name: string, idn: boolean): boolean {
  // The relay converts Unicode labels the same way (url.domainToASCII, UTS #46); "" means the name has no A-label form.
  const ascii = idn && /[\u0080-\uffff]/.test(name) ? domainToASCII(name) : name;
  return ascii.length <= 253 && ascii.split('.').every((label) => LABEL.test(label));
}

/**
 * A DNS domain name (RFC 1123 labels, 253 characters at most); `wildcard` also accepts `*.suffix`; `idn` also accepts
 * internationalized names with U-labels (`münchen.de`, which the relay compares as its A-label `xn--mnchen-3ya.de`).
 */
export function domainName(options: { wildcard?: boolean; idn?: boolean } = {}): AttributeValidator {
  const what = options.wildcard ? 'a domain name or *.domain' : 'a domain name';
  return {
    description: `value must be ${what}`,
    validate(value, { path }) {
      const name = typeof value === 'string' && options.wildcard && value.startsWith('*.') ? value.slice(2) : value;
      const ok = typeof name === 'string' && isDomainName(name, options.idn === true);
      return ok ? [] : [invalidValue(path, `Attribute ${formatPath(path)} value must be ${what}, got: ${shown(value)}`)];
    },
  };
}

/** An email address: a local part without spaces, quotes or angle brackets, `@`, and a domain name (U-labels allowed). */
export function emailAddress(): AttributeValidator {
  const what = 'an email address such as postmaster@example.com';
  return {
    description: `value must be ${what}`,
    validate(value, { path }) {
      const at = typeof value === 'string' ? value.lastIndexOf('@') : -1;
      const ok = typeof value === 'string' && at > 0 && /^[^\s@"<>]+$/.test(value.slice(0, at)) && isDomainName(value.slice(at + 1), true);
      return ok ? [] : [invalidValue(path, `Attribute ${formatPath(path)} value must be ${what}, got: ${shown(value)}`)];
    },
  };
}

/** A host: an IP address or a DNS domain name (RFC 1123 labels), e.g. for a smart host or a certificate SAN. */
export function hostName(): AttributeValidator {
  const asDomain = domainName();
  return {
    description: 'value must be a host name or IP address',
    validate: (value, context) => (typeof value === 'string' && isIP(value) !== 0) || asDomain.validate(value, context).length === 0
      ? [] : [invalidValue(context.path, `Attribute ${formatPath(context.path)} value must be a host name or IP address, got: ${shown(value)}`)],
  };
}

/** Applies `inner` to each element of a list or set value (list elements get their index in the path). */
export function eachElement(inner: AttributeValidator, options: { set?: boolean } = {}): AttributeValidator {
  return {
    description: `each element: ${inner.description}`,
    validate: (value, context) => !Array.isArray(value) ? [] : value.flatMap((element, index) => element === null || typeof element === 'object' && !Array.isArray(element) && !(element instanceof BigNumber)
      ? []
      : inner.validate(element, { ...context, path: options.set ? context.path : [...context.path, { index }] })),
  };
}

/** A string of `min`..`max` characters matching `pattern`; `rule` says in words what is allowed. */
export function stringMatching(pattern: RegExp, rule: string, length: { min?: number; max?: number } = {}): AttributeValidator {
  const { min = 0, max = Infinity } = length;
  return {
    description: `value must be ${rule}`,
    validate: (value, { path }) => typeof value === 'string' && value.length >= min && value.length <= max && pattern.test(value)
      ? [] : [invalidValue(path, `Attribute ${formatPath(path)} value must be ${rule}, got: ${shown(value)}`)],
  };
}
