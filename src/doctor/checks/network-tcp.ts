import { DEFAULTS } from '../../core/defaults.js';
import { preferIpv4Fixes } from '../../net/node-fixes.js';
import type { TcpProbeResult } from '../../net/tcp-probe.js';
import type { ProviderTarget } from '../types.js';
import { stopped, type Report } from './network-report.js';

/**
 * `net.tcp4` / `net.tcp6`: one connection per address family, told apart, because a broken IPv6 next to
 * a working IPv4 is a cause of its own.
 */

export function reportTcp(
  check: string, probe: TcpProbeResult | null, other: TcpProbeResult | null, host: string, target: ProviderTarget, note: string, missing: string, report: Report,
): void {
  const family = check === 'net.tcp6' ? 'IPv6' : 'IPv4';
  if (probe === null) {
    report(check, 'skip', null, `No ${family} address to connect to`, `Not tried: ${missing}.`, [], 0);
    return;
  }
  const where = `${probe.family === 6 ? `[${probe.address}]` : probe.address}:${probe.port}`;
  if (probe.outcome === 'connected') {
    report(check, 'pass', null, `TCP ${family} connect to ${where} in ${probe.ms} ms`, `Connected to ${host} over ${family}.${note}`, [], probe.ms);
    return;
  }
  if (probe.outcome === 'aborted') {
    const { title, detail } = stopped(`the TCP connection to ${where}`);
    report(check, 'fail', 'timeout', title, detail, [], probe.ms);
    return;
  }
  const how = tcpFailureText(probe);
  if (other?.outcome === 'connected') {
    const title = family === 'IPv6'
      ? `IPv6 is broken here: ${where} ${how}, while IPv4 connects`
      : `IPv4 fails here: ${where} ${how}, while IPv6 connects`;
    const wait = probe.outcome === 'timeout'
      ? 'a client that tries the IPv6 address first hangs on it (ETIMEDOUT)'
      : 'a client that tries only the first address fails at once';
    const detail = family === 'IPv6'
      ? `A real cause of failures: ${wait}. Node >= 20 falls back to IPv4 after 250 ms (Happy Eyeballs); older clients and some libraries do not.${note}`
      : `Clients that try IPv4 first fail or wait before falling back to IPv6.${note}`;
    const fixes = family === 'IPv6' ? preferIpv4Fixes() : ['Check the firewall and routes for IPv4 to this host; Node >= 20 falls back to IPv6 (Happy Eyeballs), other clients may not.'];
    report(check, 'warn', 'network_connect', title, detail, fixes, probe.ms);
    return;
  }
  report(check, 'fail', 'network_connect', `TCP ${family} connect to ${where} failed: ${how}`, `${tcpMeaning(probe)}${note}`, tcpFixes(probe, host, target), probe.ms);
}

function tcpFailureText(probe: TcpProbeResult): string {
  switch (probe.outcome) {
    case 'refused': return `refused (${probe.code ?? 'ECONNREFUSED'})`;
    case 'unreachable': return `unreachable (${probe.code ?? 'no route'})`;
    case 'timeout': return `no answer within ${DEFAULTS.net.connectTimeoutMs} ms`;
    case 'reset': return 'reset during connect';
    default: return probe.code ?? probe.outcome;
  }
}

function tcpMeaning(probe: TcpProbeResult): string {
  switch (probe.outcome) {
    case 'refused': return 'Something answered that nothing listens on this port: a wrong port, a stopped local server, or a firewall that rejects.';
    case 'unreachable': return 'This machine has no route to the address: network down, VPN, or no route for this address family.';
    case 'timeout': return 'Nothing answered at all: a firewall drops the packets, or the address is black-holed.';
    default: return `The connection failed after ${probe.ms} ms.`;
  }
}

function tcpFixes(probe: TcpProbeResult, host: string, target: ProviderTarget): string[] {
  const local = /^(?:127\.|::1$|localhost$)/.test(probe.address) || host === 'localhost';
  if (probe.outcome === 'refused' && local) {
    return [
      `Nothing listens on ${host}:${probe.port}: start the local gateway, relay or mock, or fix the port in ${target.baseUrlSource}.`,
    ];
  }
  const fixes = probe.outcome === 'unreachable'
    ? ['Check the network connection, VPN and routes (`ip route`); in a container, check that it has outbound network.']
    : [`Outbound connections to ${host}:${probe.port} are ${probe.outcome === 'refused' ? 'rejected' : 'dropped'}: ask for the host and port to be allowed, or check the security group / egress rules / NAT gateway of this host.`];
  fixes.push('On a network that allows the internet only through a proxy: set HTTPS_PROXY and make Node use it (see proxy.node_fetch).');
  if (target.baseUrlSource !== 'default') fixes.push(`Check the host and port in ${target.baseUrlSource}.`);
  return fixes;
}
