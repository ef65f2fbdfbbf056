// The address-match attributes and checks shared by smtp_connection_rule and smtp_relay_rule (one match form each).
import { isIPv4 } from 'node:net';
import { formatPath, type AttributePath } from '../protocol/attribute-path.ts';
import type { Diagnostic } from '../protocol/diagnostic.ts';
import { Unknown, type TfValue } from '../protocol/value.ts';
import { attribute, type Attribute } from '../framework/schema/attribute.ts';
import { invalidValue, type AttributeValidator, type ObjectValidator } from '../framework/validators/validator.ts';
import { cidr, domainName, ipAddress, stringMatching } from '../framework/validators/value-validators.ts';

/** The match fields as the API and state hold them: exactly one form set, the rest null. */
export interface AddressMatch {
  ip_address: string | null;
  subnet_mask: string | null;
  cidr: string | null;
  domain: string | null;
  description: string;
}

const FORMS = '"ip_address", "ip_address" + "subnet_mask", "cidr" or "domain"';

/** A dotted IPv4 mask of contiguous ones (255.255.255.0), as the API's `subnet-mask` format. */
const subnetMask: AttributeValidator = {
  description: 'value must be a dotted IPv4 subnet mask such as 255.255.255.0',
  validate(value, { path }) {
    const mask = typeof value === 'string' && isIPv4(value) ? value.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0) : -1;
    const inverted = mask < 0 ? 1 : 0xffffffff - mask;
    return mask >= 0 && (inverted & (inverted + 1)) === 0
      ? [] : [invalidValue(path, `Attribute ${formatPath(path)} value must be a dotted IPv4 subnet mask such as 255.255.255.0, got: ${JSON.stringify(value)}`)];
  },
};

const combination = (path: AttributePath, detail: string): Diagnostic => ({ ...invalidValue(path, detail), summary: 'Invalid Attribute Combination' });
const set = (object: Readonly<Record<string, TfValue>>, name: string) => object[name] !== null && object[name] !== undefined;

/**
 * The API's "exactly one match form" rule at plan time (skipped while any match attribute is unknown):
 * one of ip_address, cidr, domain; subnet_mask only with an IPv4 ip_address. Each problem names the
 * attribute to fix.
 */
export const exactlyOneMatchForm: ObjectValidator = {
  description: `exactly one of ${FORMS} must be set`,
  validate(object, path) {
    const names = ['ip_address', 'subnet_mask', 'cidr', 'domain'];
    if (names.some((n) => object[n] instanceof Unknown)) return [];
    const at = (name: string): AttributePath => [...path, { attribute: name }];
    const forms = ['ip_address', 'cidr', 'domain'].filter((n) => set(object, n));
    const problems: Diagnostic[] = [];
    if (set(object, 'subnet_mask') && !set(object, 'ip_address')) {
      problems.push(combination(at('subnet_mask'), `Attribute "subnet_mask" is only allowed together with "ip_address": set exactly one of ${FORMS}`));
    } else if (forms.length === 0) {
      problems.push(combination(path, `Exactly one of ${FORMS} must be set`));
    }
    for (const extra of forms.slice(1)) {
      problems.push(combination(at(extra), `Attribute "${extra}" cannot be set together with "${forms[0]}": set exactly one of ${FORMS}`));
    }
    if (set(object, 'subnet_mask') && typeof object.ip_address === 'string' && !isIPv4(object.ip_address)) {
      problems.push(invalidValue(at('ip_address'), 'Attribute "ip_address" must be an IPv4 address when "subnet_mask" is set (use "cidr" for IPv6)'));
    }
    return problems;
  },
};

/** The schema attributes of the match forms and the description. */
export function addressMatchAttributes(): Record<keyof AddressMatch, Attribute> {
  return {
    ip_address: attribute.string({
      description: 'The client\'s IPv4 or IPv6 address; with `subnet_mask`, an IPv4 group of addresses.',
      optional: true,
      validators: [ipAddress()],
    }),
    subnet_mask: attribute.string({
      description: 'Dotted IPv4 subnet mask (e.g. `255.255.255.0`) that turns `ip_address` into a group of addresses. Only with `ip_address`.',
      optional: true,
      validators: [subnetMask],
    }),
    cidr: attribute.string({ description: 'A CIDR block of client addresses, e.g. `192.0.2.0/24` or `2001:db8::/32`.', optional: true, validators: [cidr()] }),
    domain: attribute.string({
      description: 'A domain name: matches clients whose forward-confirmed reverse DNS name is this domain or below it.',
      optional: true,
      validators: [domainName({ idn: true })],
    }),
    description: attribute.string({
      description: 'Free text for humans (at most 1000 characters). Defaults to `""`.',
      default: '',
      validators: [stringMatching(/^[\s\S]*$/, 'at most 1000 characters', { max: 1000 })],
    }),
  };
}

/** The match fields of an API body (absent ones as null), as state holds them. */
export function addressMatchFrom(body: Partial<AddressMatch>): AddressMatch {
  return {
    ip_address: body.ip_address ?? null,
    subnet_mask: body.subnet_mask ?? null,
    cidr: body.cidr ?? null,
    domain: body.domain ?? null,
    description: body.description ?? '',
  };
}
