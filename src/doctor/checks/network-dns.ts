import type { DnsProbeResult } from '../../net/dns-probe.js';
import { DEFAULTS } from '../../core/defaults.js';
import type { ProviderTarget } from '../types.js';
import { safeUrl } from './api-outcome.js';
import { stopped, type Report } from './network-report.js';

/**
 * `net.dns`: what getaddrinfo (Node's view) and the DNS servers (A and AAAA) answered, and whether the
 * answer can be the real server: a filter's 0.0.0.0 or block page is never one, and a private
 * address is not one for the provider's own public host.
 */

export interface DnsVerdict {
  addresses: { v4: string | null; v6: string | null } | null;
  /** Why a family has no address to connect to. */
  missing: { v4: string; v6: string };
  why: string;
}

export function judgeDns(dns: DnsProbeResult, target: ProviderTarget, aborted: boolean, note: string, report: Report): DnsVerdict {
  const ms = Math.max(dns.system.ms, dns.a.ms, dns.aaaa.ms);
  if (dns.literal) {
    report('net.dns', 'pass', null, `${dns.host} is an IP address: no DNS lookup`, `The base URL names an address directly.${note}`, [], 0);
    const v6 = dns.host.includes(':');
    const other = `the base URL names an IPv${v6 ? 4 : 6} address`;
    return { addresses: { v4: v6 ? null : dns.host, v6: v6 ? dns.host : null }, missing: { v4: other, v6: other }, why: '' };
  }
  const answers = `getaddrinfo ${listOr(dns.system.addresses, dns.system.error)} (${dns.system.ms} ms); ` +
    `DNS A ${listOr(dns.a.addresses, dns.a.error)} (${dns.a.ms} ms), AAAA ${listOr(dns.aaaa.addresses, dns.aaaa.error)} (${dns.aaaa.ms} ms); ` +
    `DNS servers ${dns.servers.join(', ') || 'none'}.`;
  // What Node's connect uses is getaddrinfo's answer; the DNS servers' answer is the fallback view.
  const used = dns.system.addresses.length > 0 ? dns.system.addresses : [...dns.a.addresses, ...dns.aaaa.addresses];
  if (used.length === 0) {
    const code = dns.system.error ?? dns.a.error ?? 'no address';
    if (aborted || code === 'aborted') {
      const { title, detail } = stopped(`the DNS answer for ${dns.host}`);
      report('net.dns', 'fail', 'timeout', title, `${detail} ${answers}`, [], ms);
      return { addresses: null, missing: NO_MISSING, why: `stopped while resolving ${dns.host}` };
    }
    const title = code === 'timeout'
      ? `DNS lookup of ${dns.host} got no answer within ${DEFAULTS.net.dnsTimeoutMs} ms`
      : code === 'EAI_AGAIN'
        ? `DNS lookup of ${dns.host} failed temporarily (EAI_AGAIN): the DNS server did not answer`
        : `${dns.host} does not resolve (${code})`;
    report('net.dns', 'fail', 'network_dns', title, `${answers}${note}`, dnsFixes(dns, target, note !== ''), ms);
    return { addresses: null, missing: NO_MISSING, why: `${dns.host} did not resolve (${code})` };
  }

  const official = target.baseUrlSource === 'default';
  const blocking = dns.suspicious.filter((s) => s.kind === 'unspecified' || s.kind === 'block-page');
  const hijacked = official ? dns.suspicious.filter((s) => ['loopback', 'private', 'link-local', 'shared'].includes(s.kind)) : [];
  const fakeIp = dns.suspicious.filter((s) => s.kind === 'fake-ip');
  const flagged = [...blocking, ...hijacked];
  const odd = flagged.map((s) => `${s.address} (${s.meaning})`).join('; ');
  const pick = (family: 4 | 6): string | null => used.find((address) => address.includes(':') === (family === 6) && !flagged.some((s) => s.address === address)) ?? null;
  if (blocking.length > 0) {
    report('net.dns', 'fail', 'network_dns', `DNS blocks ${dns.host}: it answers ${blocking.map((s) => s.address).join(', ')}`, `${odd}. ${answers}`, poisonFixes(dns), ms);
  } else if (hijacked.length > 0) {
    report('net.dns', 'fail', 'network_dns', `DNS answer for ${dns.host} looks poisoned: ${hijacked.map((s) => s.address).join(', ')} is not a public address`, `${odd}. ${dns.host} is a public API host. ${answers}`, poisonFixes(dns), ms);
  } else if (fakeIp.length > 0) {
    report('net.dns', 'warn', null, `${dns.host} resolves to a proxy tool's fake IP (${fakeIp[0]!.address})`,
      `${fakeIp[0]!.meaning}; the country the provider sees is the proxy's exit node. ${answers}`,
      ['If calls fail, check that the proxy tool (Clash, Surge, sing-box) runs in TUN/transparent mode, or switch it to real-IP DNS for this host.'], ms);
  } else {
    const viaHosts = dns.a.addresses.length === 0 && dns.aaaa.addresses.length === 0 ? ' (answered by the hosts file or a local resolver, not by DNS)' : '';
    const dnsOnly = dns.system.addresses.length === 0 ? ' getaddrinfo, which Node\'s connect uses, found nothing: these addresses come from asking the DNS servers directly.' : '';
    report('net.dns', 'pass', null, `${dns.host} resolves to ${used.slice(0, 4).join(', ')}${used.length > 4 ? ` (+${used.length - 4})` : ''}${viaHosts}`, `${answers}${dnsOnly}${note}`, [], ms);
  }
  const addresses = { v4: pick(4), v6: pick(6) };
  if (addresses.v4 === null && addresses.v6 === null) return { addresses: null, missing: NO_MISSING, why: `DNS gave no usable address for ${dns.host}` };
  const missing = {
    v4: flagged.some((s) => !s.address.includes(':')) ? 'its A answer is not a real server' : `DNS has no A record for ${dns.host}`,
    v6: flagged.some((s) => s.address.includes(':'))
      ? 'its AAAA answer is not a real server'
      : dns.aaaa.addresses.length > 0 && dns.system.addresses.length > 0
        ? `this machine has no IPv6 address, so Node does not try IPv6 (AAAA: ${dns.aaaa.addresses.slice(0, 2).join(' ')})`
        : `DNS has no AAAA record for ${dns.host}`,
  };
  return { addresses, missing, why: '' };
}

const NO_MISSING = { v4: '', v6: '' };

function listOr(addresses: string[], error: string | null): string {
  return addresses.length > 0 ? addresses.join(' ') : error === 'ENODATA' ? 'none' : error ?? 'none';
}

function dnsFixes(dns: DnsProbeResult, target: ProviderTarget, proxyApplies: boolean): string[] {
  const viaProxy = 'If this network resolves outside names only through its proxy, set HTTPS_PROXY and make Node use it (see proxy.node_fetch).';
  const fixes: string[] = proxyApplies ? [viaProxy] : [];
  if (target.baseUrlSource !== 'default') fixes.push(`Check the host name in ${target.baseUrlSource} (${safeUrl(target.baseUrl.trim())}): is it spelled right, and does it exist?`);
  fixes.push(`Ask the resolver directly: \`getent hosts ${dns.host}\` and \`nslookup ${dns.host}\`; this machine uses ${dns.servers.join(', ') || 'no DNS server'} (see /etc/resolv.conf).`);
  fixes.push('In a container, check its DNS (docker run --dns, the cluster\'s DNS service); on a VPN, check its DNS settings.');
  if (!proxyApplies) fixes.push(viaProxy);
  return fixes;
}

function poisonFixes(dns: DnsProbeResult): string[] {
  return [
    `Look for ${dns.host} in the hosts file: \`grep -i ${dns.host} /etc/hosts\` (C:\\Windows\\System32\\drivers\\etc\\hosts on Windows).`,
    `Compare with a public resolver: \`nslookup ${dns.host} 1.1.1.1\`; if that answers public addresses, the local DNS (filter, router, ISP, corporate DNS) rewrites the answer: ask for ${dns.host} to be allowed, or use another resolver.`,
    'On a network that filters DNS, reach the API through the proxy or gateway that network provides.',
  ];
}
