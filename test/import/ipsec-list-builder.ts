// Builds IPSECLIST blobs for the fixtures from the documented layout (see relay-service/src/import/iis/ipsec-list.ts), as hex.

type Address = { address: string; mask?: string };
type Name = { name: string; exact?: boolean };
export interface IpSecListSpec {
  grant?: (Address | Name)[];
  deny?: (Address | Name)[];
}

const REF = 0x80000000;

/** The hex text MetaBase.xml would hold for `spec`: header, four lists, then the data area (masks, addresses, names). */
export function buildIpSecList(spec: IpSecListSpec): string {
  const lists = [spec.deny ?? [], spec.grant ?? []];
  const addressesOf = (entries: (Address | Name)[]) => entries.filter((e): e is Address => 'address' in e);
  const namesOf = (entries: (Address | Name)[]) => entries.filter((e): e is Name => 'name' in e);
  // One address entry per distinct mask, in first-seen order; one name entry per (component count, exact) pair.
  const group = <T>(items: T[], key: (item: T) => string) => [...items.reduce((m, item) => m.set(key(item), [...(m.get(key(item)) ?? []), item]), new Map<string, T[]>()).values()];
  const addressGroups = lists.map((l) => group(addressesOf(l), (a) => a.mask ?? '255.255.255.255'));
  const nameGroups = lists.map((l) => group(namesOf(l), (n) => `${n.name.split('.').length}/${Boolean(n.exact)}`));
  const sizes = [8 + addressGroups[0].length * 20, 8 + addressGroups[1].length * 20,
    8 + nameGroups[0].reduce((s, g) => s + 8 + g.length * 4, 0), 8 + nameGroups[1].reduce((s, g) => s + 8 + g.length * 4, 0)];
  const starts = [24, 24 + sizes[0], 24 + sizes[0] + sizes[1], 24 + sizes[0] + sizes[1] + sizes[2]];
  const refSize = starts[3] + sizes[3];
  const header = Buffer.alloc(refSize);
  const data: Buffer[] = [];
  let dataAt = refSize;
  const put = (bytes: Buffer) => { const at = dataAt; data.push(bytes); dataAt += bytes.length; return at; };
  const ip = (text: string) => Buffer.from(text.split('.').map(Number));
  [starts[0], starts[1], starts[2], starts[3]].forEach((start, i) => header.writeUInt32LE((REF | start) >>> 0, i * 4));
  header.writeUInt32LE(1, 16); // flags: the DNS-to-IP check IIS sets by default
  header.writeUInt32LE(refSize, 20);
  for (const [list, groups] of addressGroups.entries()) {
    const at = starts[list];
    header.writeUInt32LE(groups.length, at);
    header.writeUInt32LE(groups.reduce((s, g) => s + g.length, 0), at + 4);
    groups.forEach((addresses, i) => {
      const mask = addresses[0].mask ?? '255.255.255.255';
      const full = mask.split('.').filter((o) => o === '255').length;
      const e = at + 8 + i * 20;
      header.writeUInt32LE(2, e);
      header.writeUInt32LE(addresses.length + 1, e + 4);
      header.writeUInt32LE(full, e + 8);
      header.writeUInt32LE(full < 4 ? Number(mask.split('.')[full]) : 0, e + 12);
      header.writeUInt32LE((REF | put(Buffer.concat([ip(mask), ...addresses.map((a) => ip(a.address))]))) >>> 0, e + 16);
    });
  }
  for (const [list, groups] of nameGroups.entries()) {
    let at = starts[2 + list];
    header.writeUInt32LE(groups.length, at);
    header.writeUInt32LE(groups.reduce((s, g) => s + g.length, 0), at + 4);
    at += 8;
    for (const names of groups) {
      header.writeUInt32LE((names[0].name.split('.').length | (names[0].exact ? REF : 0)) >>> 0, at);
      header.writeUInt32LE(names.length, at + 4);
      names.forEach((n, i) => header.writeUInt32LE((REF | put(Buffer.from(`${n.name}\0`, 'latin1'))) >>> 0, at + 8 + i * 4));
      at += 8 + names.length * 4;
    }
  }
  return Buffer.concat([header, ...data]).toString('hex').toUpperCase();
}
