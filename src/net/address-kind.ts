import { BlockList, isIP } from 'node:net';

/**
 * What kind of address a DNS answer is. A public API host never resolves to anything but `public`;
 * the other kinds are how DNS filters, hosts-file entries and proxy tools answer instead.
 */
export type AddressKind =
  | 'public'
  | 'unspecified' // 0.0.0.0, ::: the usual "blocked" answer of Pi-hole, AdGuard, family filters
  | 'loopback' // 127.0.0.0/8, ::1: a hosts-file entry or a local filter
  | 'private' // RFC 1918, fc00::/7: an internal gateway, or a hijacked answer
  | 'link-local'
  | 'shared' // 100.64.0.0/10: carrier-grade NAT, some VPNs
  | 'fake-ip' // 198.18.0.0/15: Clash / Surge / sing-box "fake-ip" mode
  | 'block-page'; // a filtering service's block-page server

function list(entries: ReadonlyArray<[string, number, 'ipv4' | 'ipv6']>): BlockList {
  const blocks = new BlockList();
  for (const [network, prefix, family] of entries) blocks.addSubnet(network, prefix, family);
  return blocks;
}

const KINDS: ReadonlyArray<[Exclude<AddressKind, 'public'>, BlockList]> = [
  ['unspecified', list([['0.0.0.0', 8, 'ipv4'], ['::', 128, 'ipv6']])],
  ['loopback', list([['127.0.0.0', 8, 'ipv4'], ['::1', 128, 'ipv6']])],
  ['private', list([['10.0.0.0', 8, 'ipv4'], ['172.16.0.0', 12, 'ipv4'], ['192.168.0.0', 16, 'ipv4'], ['fc00::', 7, 'ipv6']])],
  ['link-local', list([['169.254.0.0', 16, 'ipv4'], ['fe80::', 10, 'ipv6']])],
  ['shared', list([['100.64.0.0', 10, 'ipv4']])],
  ['fake-ip', list([['198.18.0.0', 15, 'ipv4']])],
  // Cisco Umbrella / OpenDNS block pages (hit-block.opendns.com and siblings)
  ['block-page', list([['146.112.61.104', 29, 'ipv4']])],
];

export function addressKind(address: string): AddressKind {
  const family = isIP(address);
  if (family === 0) return 'public';
  const v4Mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const [plain, type] = v4Mapped !== undefined ? [v4Mapped, 'ipv4' as const] : [address, family === 4 ? ('ipv4' as const) : ('ipv6' as const)];
  for (const [kind, blocks] of KINDS) if (blocks.check(plain, type)) return kind;
  return 'public';
}

/** Why an answer of this kind is suspicious for a public host name, in a few words. */
export const ADDRESS_KIND_MEANING: Record<Exclude<AddressKind, 'public'>, string> = {
  'unspecified': 'the "blocked" answer of DNS filters (Pi-hole, AdGuard, family filters)',
  'loopback': 'this machine itself: a hosts-file entry or a local DNS filter',
  'private': 'a private network address: an internal gateway, or a hijacked DNS answer',
  'link-local': 'a link-local address, never a public server',
  'shared': 'a carrier-grade NAT / VPN range, never a public server',
  'fake-ip': 'a proxy tool\'s fake-ip range (Clash, Surge, sing-box): works only while its TUN/transparent mode runs',
  'block-page': 'a Cisco Umbrella / OpenDNS block page',
};
