// The X.509 v3 extensions a TLS certificate carries (RFC 5280 4.2.1): constraints, key usages, names, key identifiers.
import { isIP } from 'node:net';
import * as der from './der.ts';

/** keyUsage bits by name, numbered as in RFC 5280 4.2.1.3. */
const keyUsageBit = { digitalSignature: 0, keyEncipherment: 2, keyCertSign: 5, cRLSign: 6 } as const;
export type KeyUsage = keyof typeof keyUsageBit;

const extendedKeyUsageOid = { serverAuth: '1.3.6.1.5.5.7.3.1', clientAuth: '1.3.6.1.5.5.7.3.2' } as const;
export type ExtendedKeyUsage = keyof typeof extendedKeyUsageOid;

const OID = {
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
};

/** What a certificate may be used for and which names it holds. */
export interface CertificateUse {
  /** basicConstraints cA: may it issue certificates (default false). */
  ca?: boolean;
  keyUsage: KeyUsage[];
  extendedKeyUsage?: ExtendedKeyUsage[];
  /** subjectAltName entries in this order: IPv4/IPv6 addresses become iPAddress, anything else dNSName. */
  altNames?: string[];
}

/** The key identifiers: the subject's, and the issuer's (absent on a self-signed certificate). */
export interface KeyIdentifiers {
  subject: Buffer;
  authority?: Buffer;
}

const extension = (id: string, critical: boolean, value: Buffer): Buffer =>
  der.sequence(der.oid(id), ...(critical ? [der.boolean(true)] : []), der.octetString(value));

/** The `[3] Extensions` field of a TBSCertificate: basicConstraints and keyUsage critical, the rest not. */
export function encodeExtensions(use: CertificateUse, keyIds: KeyIdentifiers): Buffer {
  const altNames = use.altNames ?? [];
  const extendedKeyUsage = use.extendedKeyUsage ?? [];
  return der.explicit(3, der.sequence(
    extension(OID.basicConstraints, true, der.sequence(...(use.ca ? [der.boolean(true)] : []))),
    extension(OID.keyUsage, true, keyUsageBits(use.keyUsage)),
    ...(extendedKeyUsage.length > 0
      ? [extension(OID.extKeyUsage, false, der.sequence(...extendedKeyUsage.map((usage) => der.oid(extendedKeyUsageOid[usage]))))]
      : []),
    ...(altNames.length > 0 ? [extension(OID.subjectAltName, false, der.sequence(...altNames.map(generalName)))] : []),
    extension(OID.subjectKeyIdentifier, false, der.octetString(keyIds.subject)),
    ...(keyIds.authority ? [extension(OID.authorityKeyIdentifier, false, der.sequence(der.implicitPrimitive(0, keyIds.authority)))] : []),
  ));
}

/** A named-bit BIT STRING: bit 0 is the most significant, trailing zero bits are left out (X.690 11.2.2). */
function keyUsageBits(usages: KeyUsage[]): Buffer {
  if (usages.length === 0) throw new Error('a certificate needs at least one key usage');
  const bits: number[] = usages.map((usage) => keyUsageBit[usage]);
  const last = Math.max(...bits);
  const byte = bits.reduce((value, bit) => value | (0x80 >> bit), 0);
  return der.bitString(Buffer.from([byte]), 7 - last);
}

/** dNSName [2] IA5String or iPAddress [7] OCTET STRING (4 or 16 bytes). */
function generalName(name: string): Buffer {
  const version = isIP(name);
  if (version === 4) return der.implicitPrimitive(7, Buffer.from(name.split('.').map(Number)));
  if (version === 6) return der.implicitPrimitive(7, ipv6Bytes(name));
  if (!/^[\x21-\x7e]+$/.test(name)) throw new Error(`not a DNS name or IP address: ${JSON.stringify(name)}`);
  return der.implicitPrimitive(2, Buffer.from(name, 'ascii'));
}

/** The 16 bytes of an IPv6 address in any text form node:net accepts ("::1", "2001:db8::a", "::ffff:192.0.2.1"). */
function ipv6Bytes(address: string): Buffer {
  if (address.includes('%')) throw new Error(`an IP address in a certificate has no zone: ${address}`);
  let text = address;
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number);
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const known = [...groups(head), ...groups(tail)].length;
  const all = tail === undefined ? groups(head) : [...groups(head), ...Array<string>(8 - known).fill('0'), ...groups(tail)];
  const bytes = Buffer.alloc(16);
  all.forEach((group, index) => bytes.writeUInt16BE(parseInt(group, 16), index * 2));
  return bytes;
}
