/**
 * IPv4 and IPv6 networks for the cidr modifier. Addresses are compared as four 32-bit words
 * (IPv4 uses only the first), so matching allocates nothing.
 */

export interface CidrNetwork {
  readonly version: 4 | 6;
  /** The network address, masked, as 32-bit words (IPv4: one word). */
  readonly words: readonly number[];
  readonly masks: readonly number[];
  /** The notation the rule wrote, for messages. */
  readonly text: string;
}

/** Parses `a.b.c.d/n` or an IPv6 `x::y/n`; a missing prefix length means a single address. */
export function parseCidr(text: string): CidrNetwork | undefined {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const words = address.includes(':') ? parseIpv6(address) : parseIpv4(address);
  if (words === undefined) return undefined;
  const bits = words.length * 32;
  let prefix = bits;
  if (slash >= 0) {
    const prefixText = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(prefixText)) return undefined;
    prefix = Number(prefixText);
    if (prefix > bits) return undefined;
  }
  const masks = words.map((_, index) => maskBits(prefix - index * 32));
  return {
    version: words.length === 1 ? 4 : 6,
    words: words.map((word, index) => (word & masks[index]) >>> 0),
    masks,
    text,
  };
}

/** A test for addresses written in an event field; text that is no address never matches. */
export function cidrContains(network: CidrNetwork): (address: string) => boolean {
  const { words, masks } = network;
  const parse = network.version === 4 ? parseIpv4 : parseEventIpv6;
  return (address) => {
    const parsed = parse(address);
    if (parsed === undefined) return false;
    for (let i = 0; i < words.length; i++) {
      if (((parsed[i] & masks[i]) >>> 0) !== words[i]) return false;
    }
    return true;
  };
}

function maskBits(bits: number): number {
  if (bits <= 0) return 0;
  if (bits >= 32) return 0xffffffff;
  return (0xffffffff << (32 - bits)) >>> 0;
}

function parseIpv4(text: string): number[] | undefined {
  const octets = text.split('.');
  if (octets.length !== 4) return undefined;
  let word = 0;
  for (const octet of octets) {
    if (!/^\d{1,3}$/.test(octet)) return undefined;
    const value = Number(octet);
    if (value > 255) return undefined;
    word = word * 256 + value;
  }
  return [word];
}

/** Event fields may carry a zone index (`fe80::1%12`), which does not take part in matching. */
function parseEventIpv6(text: string): number[] | undefined {
  const zone = text.indexOf('%');
  return parseIpv6(zone < 0 ? text : text.slice(0, zone));
}

function parseIpv6(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = parseGroups(halves[0]);
  const tail = halves.length === 2 ? parseGroups(halves[1]) : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  const words: number[] = [];
  for (let i = 0; i < 8; i += 2) words.push((groups[i] * 0x10000 + groups[i + 1]) >>> 0);
  return words;
}

/** Colon-separated 16-bit groups; the last may be a dotted IPv4 address (two groups). */
function parseGroups(text: string): number[] | undefined {
  if (text === '') return [];
  const groups: number[] = [];
  const pieces = text.split(':');
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i];
    if (i === pieces.length - 1 && piece.includes('.')) {
      const ipv4 = parseIpv4(piece);
      if (ipv4 === undefined) return undefined;
      groups.push(ipv4[0] >>> 16, ipv4[0] & 0xffff);
    } else if (/^[0-9a-fA-F]{1,4}$/.test(piece)) {
      groups.push(parseInt(piece, 16));
    } else {
      return undefined;
    }
  }
  return groups;
}
