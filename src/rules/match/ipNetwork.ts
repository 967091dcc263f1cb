/** IPv4/IPv6 addresses and CIDR blocks, for Sigma's cidr modifier and EQL's cidrMatch. */

export interface CidrBlock {
  readonly bytes: Uint8Array;
  readonly prefixLength: number;
  /** The notation the rule wrote, for messages. */
  readonly text: string;
}

/** `a.b.c.d`, IPv6 (with `::` and a trailing dotted quad), or IPv4-mapped IPv6 folded to IPv4. */
export function parseIp(text: string): Uint8Array | undefined {
  if (text.includes(':')) {
    const bytes = parseIpv6(text);
    if (bytes && isIpv4Mapped(bytes)) return bytes.slice(12);
    return bytes;
  }
  return parseIpv4(text);
}

/** `address/prefix`, or a bare address meaning a single host. */
export function parseCidr(text: string): CidrBlock | undefined {
  const slash = text.indexOf('/');
  const bytes = parseIp(slash === -1 ? text : text.slice(0, slash));
  if (!bytes) return undefined;
  if (slash === -1) return { bytes, prefixLength: bytes.length * 8, text };
  const prefixText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  let prefixLength = Number(prefixText);
  // An IPv4-mapped block (::ffff:10.0.0.0/104) became IPv4 above.
  if (bytes.length === 4 && text.slice(0, slash).includes(':')) prefixLength -= 96;
  if (prefixLength < 0 || prefixLength > bytes.length * 8) return undefined;
  return { bytes, prefixLength, text };
}

/** True when the address (parsed by parseIp) lies in the block. */
export function cidrContains(block: CidrBlock, address: Uint8Array): boolean {
  if (block.bytes.length !== address.length) return false;
  const fullBytes = block.prefixLength >> 3;
  for (let index = 0; index < fullBytes; index++) if (block.bytes[index] !== address[index]) return false;
  const remainingBits = block.prefixLength & 7;
  if (remainingBits === 0) return true;
  const mask = (0xff << (8 - remainingBits)) & 0xff;
  return (block.bytes[fullBytes]! & mask) === (address[fullBytes]! & mask);
}

function parseIpv4(text: string): Uint8Array | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = new Uint8Array(4);
  for (let index = 0; index < 4; index++) {
    const part = parts[index]!;
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    bytes[index] = Number(part);
  }
  return bytes;
}

function parseIpv6(text: string): Uint8Array | undefined {
  const zoneless = text.split('%')[0]!;
  const halves = zoneless.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] === '' ? [] : halves[0]!.split(':');
  const tail = halves.length === 2 ? (halves[1] === '' ? [] : halves[1]!.split(':')) : [];
  const groups: number[] = [];
  const readGroups = (parts: string[], allowIpv4Tail: boolean): boolean => {
    for (let index = 0; index < parts.length; index++) {
      const part = parts[index]!;
      if (allowIpv4Tail && index === parts.length - 1 && part.includes('.')) {
        const ipv4 = parseIpv4(part);
        if (!ipv4) return false;
        groups.push((ipv4[0]! << 8) | ipv4[1]!, (ipv4[2]! << 8) | ipv4[3]!);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(part)) {
        groups.push(parseInt(part, 16));
      } else {
        return false;
      }
    }
    return true;
  };
  if (!readGroups(head, halves.length === 1)) return undefined;
  const headCount = groups.length;
  if (!readGroups(tail, true)) return undefined;
  const missing = 8 - groups.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...groups.slice(0, headCount), ...new Array<number>(halves.length === 1 ? 0 : missing).fill(0), ...groups.slice(headCount)];
  const bytes = new Uint8Array(16);
  all.forEach((group, index) => {
    bytes[index * 2] = group >> 8;
    bytes[index * 2 + 1] = group & 0xff;
  });
  return bytes;
}

function isIpv4Mapped(bytes: Uint8Array): boolean {
  for (let index = 0; index < 10; index++) if (bytes[index] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}

/** True when `address` is the text of an address in the block; text that is no address never matches. */
export function cidrContainsText(block: CidrBlock, address: string): boolean {
  const bytes = parseIp(address);
  return bytes !== undefined && cidrContains(block, bytes);
}
