import { performance } from 'node:perf_hooks';
import { probeDns } from '../../net/dns-probe.js';
import { DEFAULTS } from '../../core/defaults.js';
import { proxyForUrl } from '../../net/proxy-env.js';
import { probeTcp } from '../../net/tcp-probe.js';
import { elapsedMs } from '../../net/time-box.js';
import { probeTls } from '../../net/tls-probe.js';
import { trustStoreFor, type TrustStore } from '../../net/trust-store.js';
import type { CheckContext, Finding, ProviderTarget } from '../types.js';
import { scrubSecrets } from './api-finding.js';
import { judgeDns } from './network-dns.js';
import { checkHttp } from './network-http.js';
import { reportNodeFetch } from './network-node-fetch.js';
import { checkProxyPath } from './network-proxy-path.js';
import { portOf, type PathVerdict, type Report } from './network-report.js';
import { reportTcp } from './network-tcp.js';
import { reportTls } from './network-tls.js';

/**
 * The network path to one provider, step by step as Node's fetch walks it (DNS, TCP per address
 * family, TLS, HTTP), each step in its own time box; and, when a proxy variable applies, the same
 * destination through the proxy, so "curl works but Node does not" is told apart from a dead network.
 */

const NET_CHECKS = ['net.dns', 'net.tcp4', 'net.tcp6', 'net.tls', 'net.http', 'proxy.connect', 'proxy.node_fetch'] as const;

export interface NetworkPathOptions {
  /** DNS servers to ask for A/AAAA besides getaddrinfo (`127.0.0.1:5353`): compare resolvers, or tests. */
  dnsServers?: string[];
}

export async function checkNetworkPath(target: ProviderTarget, ctx: CheckContext, paths: NetworkPathOptions = {}): Promise<void> {
  const started = performance.now();
  // The base URL is in many texts, and a key can ride in it (`?key=AIza…`): scrubbed as the API checks' are.
  const scrub = (text: string): string => scrubSecrets(text, target.key);
  const report: Report = (check, status, category, title, detail, fixes, durationMs) => {
    const finding: Finding = { provider: target.provider, check, status, category, title: scrub(title), detail: scrub(detail), fixes: fixes.map(scrub), durationMs };
    ctx.report(finding);
  };
  const url = parseBaseUrl(target.baseUrl);
  if (url === null || ctx.options.offline) {
    const why = url === null ? `the base URL (${target.baseUrlSource}) is not a URL; see the base_url check` : '--offline: no network checks';
    for (const check of NET_CHECKS) report(check, 'skip', null, `Not checked: ${why}`, why, [], 0);
    return;
  }
  const env = ctx.options.env;
  const trust = await trustStoreFor(env);
  const choice = proxyForUrl(url, env);
  const official = target.baseUrlSource === 'default';
  const viaProxy = checkProxyPath(url, choice.proxy, choice.bypassedBy, trust, official, ctx, report);
  const direct = await checkDirectPath(url, target, trust, choice.proxy !== null, paths, ctx, report);
  const proxied = await viaProxy;
  reportNodeFetch(url, choice.proxy, direct, proxied, env, elapsedMs(started), report);
}

function parseBaseUrl(text: string): URL | null {
  try {
    const url = new URL(text.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

async function checkDirectPath(
  url: URL, target: ProviderTarget, trust: TrustStore, proxyApplies: boolean, paths: NetworkPathOptions, ctx: CheckContext, report: Report,
): Promise<PathVerdict> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = portOf(url);
  const secure = url.protocol === 'https:';
  const note = proxyApplies ? ' Direct, without the proxy, as Node\'s fetch connects.' : '';
  const skipRest = (from: readonly string[], why: string): void => {
    for (const check of from) if (check !== 'net.tls' || secure) report(check, 'skip', null, `Not checked: ${why}`, why, [], 0);
    if (!secure && from.includes('net.tls')) report('net.tls', 'skip', null, 'No TLS: the base URL is http://', `${url.origin} is plain HTTP: nothing to verify.`, [], 0);
  };

  const dns = await probeDns(host, { signal: ctx.signal, timeoutMs: DEFAULTS.net.dnsTimeoutMs, ...(paths.dnsServers ? { servers: paths.dnsServers } : {}) });
  const dnsVerdict = judgeDns(dns, target, ctx.signal.aborted, note, report);
  if (dnsVerdict.addresses === null) {
    skipRest(['net.tcp4', 'net.tcp6', 'net.tls', 'net.http'], dnsVerdict.why);
    return { works: ctx.signal.aborted ? null : false, summary: `DNS: ${dnsVerdict.why}` };
  }

  const { v4, v6 } = dnsVerdict.addresses;
  const [tcp4, tcp6] = await Promise.all([
    v4 ? probeTcp(v4, port, { signal: ctx.signal }) : Promise.resolve(null),
    v6 ? probeTcp(v6, port, { signal: ctx.signal }) : Promise.resolve(null),
  ]);
  reportTcp('net.tcp4', tcp4, tcp6, host, target, note, dnsVerdict.missing.v4, report);
  reportTcp('net.tcp6', tcp6, tcp4, host, target, note, dnsVerdict.missing.v6, report);
  const connected = [tcp4, tcp6].find((probe) => probe?.outcome === 'connected') ?? null;
  if (connected === null) {
    const failure = tcp4 ?? tcp6;
    const why = `no TCP connection to ${host}:${port} (${failure ? failure.code ?? failure.outcome : 'no address'})`;
    skipRest(['net.tls', 'net.http'], why);
    return { works: ctx.signal.aborted ? null : false, summary: `TCP: ${why}` };
  }

  if (secure) {
    const tls = await probeTls(host, { address: connected.address, port, ca: trust.ca, signal: ctx.signal, timeoutMs: DEFAULTS.net.tlsTimeoutMs });
    const tlsOk = reportTls('net.tls', tls, { host, port, trust, note, certain: target.baseUrlSource === 'default' }, report);
    if (!tlsOk) {
      const why = `the TLS handshake failed (${tls.verifyError ?? tls.error ?? tls.outcome})`;
      skipRest(['net.http'], why);
      return { works: tls.outcome === 'aborted' ? null : false, summary: `TLS: ${tls.verifyError ?? tls.error ?? tls.outcome}` };
    }
  } else {
    report('net.tls', 'skip', null, 'No TLS: the base URL is http://', `${url.origin} is plain HTTP: nothing to verify.`, [], 0);
  }

  return checkHttp(url, connected.address, trust, note, ctx, report);
}
