// Decodes an IIS 6 IPSECLIST octet string (the IPSecurity and RelayIpList metabase properties) into grant and deny entries.
//
// Where the layout comes from (facts only; nothing here is copied):
// - Microsoft's metabase property reference: IPSecurity (ID 6019) and RelayIpList (ID 36970) are IPSECLIST values,
//   "a list of IPs allowed or denied", with grant or deny lists of addresses (+ subnet mask) and DNS names.
// - IIS's ADDRESS_CHECK list as public IIS sources describe it: a header of four self-relative offsets (deny addresses,
//   grant addresses, deny names, grant names; bit 31 set marks an offset as self-relative), a flags DWORD and the size
//   of the reference area; an address list is {entry count, address count} followed by 20-byte entries {family,
//   count incl. the mask, full mask bytes, last mask byte, offset of the mask followed by the addresses}; a name list
//   is {entry count, name count} followed by entries {component count (bit 31 = this exact name only, no subdomains),
//   name count, one offset per NUL-terminated name}. When the deny list has entries IIS checks it alone (everyone
//   except the listed); otherwise a non-empty grant list admits only the listed; with both empty there is no list.
// - A worked RelayIpList in SaltStack's win_smtp_server documentation (127.0.0.1 granted) confirms the offsets
//   (0x80000018, 0x80000020, 0x8000003C, 0x80000044), the reference size 76 and the mask-then-address data area.
// All DWORDs are little-endian. MetaBase.xml stores the blob as hexadecimal text.

/** One decoded entry: an IPv4 address with its mask, or a DNS name. */
export type IpSecEntry =
  | { kind: 'address'; address: string; mask: string }
  | { kind: 'name'; name: string; subdomains: boolean };

/** Which list IIS enforces: deny = everyone except the deny entries; grant = only the grant entries; none = no list. */
export interface IpSecList {
  enforced: 'deny' | 'grant' | 'none';
  grant: IpSecEntry[];
  deny: IpSecEntry[];
}

/** A blob that does not follow the layout; `message` says which part and at which byte offset. */
export class IpSecListError extends Error {}

const SELF_RELATIVE = 0x80000000;
const NO_SUBDOMAIN = 0x80000000;
const AF_INET = 2;

/** Decodes the hex text of an IPSECLIST value. Throws IpSecListError for anything the layout does not allow. */
export function decodeIpSecList(hex: string): IpSecList {
  const text = hex.trim();
  if (!/^([0-9a-fA-F]{2})*$/.test(text)) throw new IpSecListError('is not hexadecimal text (an even number of 0-9/a-f digits)');
  const bytes = Buffer.from(text, 'hex');
  const dword = (at: number, what: string): number => {
    if (at < 0 || at + 4 > bytes.length) throw new IpSecListError(`is truncated: ${what} at byte ${at} is past the end (${bytes.length} bytes)`);
    return bytes.readUInt32LE(at);
  };
  const offset = (at: number, what: string): number => {
    const ref = dword(at, what);
    if ((ref & SELF_RELATIVE) === 0) throw new IpSecListError(`has ${what} 0x${ref.toString(16)} at byte ${at} without the self-relative bit`);
    const target = ref & ~SELF_RELATIVE;
    if (target >= bytes.length) throw new IpSecListError(`has ${what} pointing at byte ${target}, past the end (${bytes.length} bytes)`);
    return target;
  };
  const addresses = (at: number, list: string): IpSecEntry[] => {
    const entries = dword(at, `the ${list} address entry count`);
    const total = dword(at + 4, `the ${list} address count`);
    const out: IpSecEntry[] = [];
    for (let i = 0; i < entries; i += 1) {
      const entry = at + 8 + i * 20;
      const family = dword(entry, `${list} address entry ${i}`);
      if (family !== AF_INET) throw new IpSecListError(`has ${list} address entry ${i} of address family ${family} (only AF_INET = 2 exists in IIS 6)`);
      const count = dword(entry + 4, `${list} address entry ${i} count`);
      if (count < 2) throw new IpSecListError(`has ${list} address entry ${i} with ${count} slots (a mask and at least one address)`);
      const data = offset(entry + 16, `${list} address entry ${i} data offset`);
      if (data + count * 4 > bytes.length) throw new IpSecListError(`is truncated: ${list} address entry ${i} needs ${count * 4} bytes at byte ${data}`);
      const mask = dotted(bytes, data);
      if (!isContiguousMask(bytes.readUInt32BE(data))) throw new IpSecListError(`has ${list} address entry ${i} with the non-contiguous mask ${mask}`);
      for (let n = 1; n < count; n += 1) out.push({ kind: 'address', address: dotted(bytes, data + n * 4), mask });
    }
    if (out.length !== total) throw new IpSecListError(`says ${total} ${list} addresses but its entries hold ${out.length}`);
    return out;
  };
  const names = (at: number, list: string): IpSecEntry[] => {
    const entries = dword(at, `the ${list} name entry count`);
    const total = dword(at + 4, `the ${list} name count`);
    const out: IpSecEntry[] = [];
    let entry = at + 8;
    for (let i = 0; i < entries; i += 1) {
      const components = dword(entry, `${list} name entry ${i}`);
      const count = dword(entry + 4, `${list} name entry ${i} count`);
      for (let n = 0; n < count; n += 1) {
        const start = offset(entry + 8 + n * 4, `${list} name ${out.length} offset`);
        const end = bytes.indexOf(0, start);
        if (end < 0) throw new IpSecListError(`is truncated: ${list} name ${out.length} at byte ${start} has no terminating NUL`);
        const name = bytes.subarray(start, end).toString('latin1');
        if (!/^[A-Za-z0-9.-]+$/.test(name)) throw new IpSecListError(`has ${list} name ${out.length} "${name}" that is not a DNS name`);
        out.push({ kind: 'name', name: name.toLowerCase(), subdomains: (components & NO_SUBDOMAIN) === 0 });
      }
      entry += 8 + count * 4;
    }
    if (out.length !== total) throw new IpSecListError(`says ${total} ${list} names but its entries hold ${out.length}`);
    return out;
  };
  if (bytes.length < 24) throw new IpSecListError(`is truncated: ${bytes.length} bytes, the header alone has 24`);
  const deny = [...addresses(offset(0, 'the deny address list offset'), 'deny'), ...names(offset(8, 'the deny name list offset'), 'deny')];
  const grant = [...addresses(offset(4, 'the grant address list offset'), 'grant'), ...names(offset(12, 'the grant name list offset'), 'grant')];
  return { enforced: deny.length > 0 ? 'deny' : grant.length > 0 ? 'grant' : 'none', grant, deny };
}

function dotted(bytes: Buffer, at: number): string {
  return [...bytes.subarray(at, at + 4)].join('.');
}

function isContiguousMask(mask: number): boolean {
  const inverted = ~mask >>> 0;
  return (inverted & (inverted + 1)) === 0;
}
