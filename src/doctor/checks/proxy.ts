import { performance } from 'node:perf_hooks';
import { readProxyEnvironment, type ProxySetting } from '../../net/proxy-env.js';
import { probeProxyReach } from '../../net/proxy-probe.js';
import type { TcpProbeResult } from '../../net/tcp-probe.js';
import { elapsedMs } from '../../net/time-box.js';
import type { CheckContext, Finding } from '../types.js';

/**
 * This machine's proxy variables, once for every provider: which are set (both cases), what clients
 * make of them, and whether each proxy accepts connections. Whether a proxy reaches a provider is
 * the per-provider `proxy.connect` (checks/network.ts).
 */
export async function checkProxyEnvironment(ctx: CheckContext): Promise<void> {
  const started = performance.now();
  const report = (finding: Omit<Finding, 'provider'>): void => ctx.report({ provider: 'machine', ...finding });
  const proxies = readProxyEnvironment(ctx.options.env);
  const configured = distinctProxies([proxies.https, proxies.http]);

  if (proxies.variables.length === 0) {
    report({ check: 'proxy.env', status: 'pass', category: null, title: 'No proxy variables set: every client connects directly',
      detail: 'None of HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY is set, in either case.', fixes: [], durationMs: 0 });
    report({ check: 'proxy.reach', status: 'skip', category: null, title: 'No proxy to reach', detail: 'No proxy variable is set.', fixes: [], durationMs: 0 });
    return;
  }

  const problems = [
    ...configured.flatMap((proxy) => proxy.problems.map((problem) => `${proxy.variable}: ${problem}`)),
    ...proxies.conflicts,
    ...proxies.notes,
  ];
  const listing = proxies.variables.map((v) => `${v.name}=${v.display}`).join('; ');
  const nodeNote = ' Node\'s fetch ignores all of these unless NODE_USE_ENV_PROXY=1 (Node >= 24) or the app installs a proxy dispatcher; curl and Python honour them.';
  const applies = `https:// URLs use ${proxies.https ? `${proxies.https.variable} (${proxies.https.display})` : 'no proxy'}, http:// URLs ${proxies.http ? `${proxies.http.variable} (${proxies.http.display})` : 'no proxy'}` +
    (proxies.noProxy ? `, except hosts matching ${proxies.noProxy.variable}=${proxies.noProxy.entries.join(',')}` : '') + '.';
  report({
    check: 'proxy.env',
    status: problems.length > 0 ? 'warn' : 'pass',
    category: problems.length > 0 ? 'network_proxy' : null,
    title: problems.length > 0 ? `Proxy variables set, with ${problems.length} problem${problems.length > 1 ? 's' : ''}` : `Proxy variables set: ${proxies.variables.map((v) => v.name).join(', ')}`,
    detail: `${listing}. ${applies}${problems.length > 0 ? ` Problems: ${problems.map((problem) => problem.replace(/\.$/, '')).join('; ')}.` : ''}${nodeNote}`,
    fixes: problems.length > 0 ? proxyEnvFixes(configured, proxies.conflicts.length > 0) : [],
    durationMs: elapsedMs(started),
  });

  if (ctx.options.offline) {
    report({ check: 'proxy.reach', status: 'skip', category: null, title: 'Not checked: --offline', detail: '--offline: no connections.', fixes: [], durationMs: 0 });
    return;
  }
  const reachable = configured.filter((proxy) => proxy.usable);
  if (reachable.length === 0) {
    report({ check: 'proxy.reach', status: 'fail', category: 'network_proxy', title: 'No usable proxy URL in the proxy variables',
      detail: configured.map((proxy) => `${proxy.variable}=${proxy.display}`).join('; '), fixes: ['Write the proxy as http://host:port (http://user:password@host:port with credentials).'], durationMs: 0 });
    return;
  }
  const probes = await Promise.all(reachable.map(async (proxy) => ({ proxy, tcp: await probeProxyReach(proxy, { signal: ctx.signal }) })));
  const failed = probes.filter((p) => p.tcp.outcome !== 'connected');
  const lines = probes.map(({ proxy, tcp }) => `${proxy.variable} ${proxy.host}:${proxy.port}: ${reachText(tcp)}`).join('; ');
  const slowest = Math.max(...probes.map((p) => p.tcp.ms));
  if (failed.length === 0) {
    report({ check: 'proxy.reach', status: 'pass', category: null, title: `The proxy accepts connections (${probes.map((p) => `${p.proxy.host}:${p.proxy.port} in ${p.tcp.ms} ms`).join(', ')})`,
      detail: `${lines}. Whether it reaches each provider is proxy.connect.`, fixes: [], durationMs: slowest });
    return;
  }
  const first = failed[0]!;
  report({
    check: 'proxy.reach',
    status: 'fail',
    category: first.tcp.outcome === 'aborted' ? 'timeout' : 'network_proxy',
    title: `The proxy ${first.proxy.host}:${first.proxy.port} is unreachable: ${reachText(first.tcp)}`,
    detail: `${lines}. Every client that honours ${first.proxy.variable} fails while it is down.`,
    fixes: [
      `Start the proxy (Clash, V2Ray, the corporate proxy client) or fix the host and port in ${first.proxy.variable}.`,
      `If this network needs no proxy, unset ${first.proxy.variable} and its other-case twin, in the service's environment too.`,
    ],
    durationMs: slowest,
  });
}

function distinctProxies(settings: Array<ProxySetting | null>): ProxySetting[] {
  const seen = new Map<string, ProxySetting>();
  for (const setting of settings) if (setting && !seen.has(setting.display)) seen.set(setting.display, setting);
  return [...seen.values()];
}

function reachText(tcp: TcpProbeResult): string {
  if (tcp.outcome === 'connected') return `connects in ${tcp.ms} ms`;
  if (tcp.outcome === 'aborted') return 'stopped by the time box';
  return `${tcp.outcome}${tcp.code ? ` (${tcp.code})` : ''} after ${tcp.ms} ms`;
}

function proxyEnvFixes(proxies: ProxySetting[], conflicting: boolean): string[] {
  const fixes: string[] = [];
  for (const proxy of proxies) {
    if (proxy.problems.length === 0) continue;
    const host = proxy.host || 'host';
    fixes.push(proxy.protocol.startsWith('socks')
      ? `Point HTTPS_PROXY at the proxy tool's HTTP port instead of ${proxy.variable}=${proxy.display} (Clash's mixed port, 7890 by default, speaks both): http://${host}:PORT.`
      : `Write ${proxy.variable} as http://${host}:${proxy.port || 'PORT'} (with credentials: http://USER:PASSWORD@${host}:${proxy.port || 'PORT'}, percent-encoded).`);
  }
  if (conflicting) fixes.push('Set each variable once, or give both cases the same value: HTTPS_PROXY and https_proxy, NO_PROXY and no_proxy.');
  fixes.push('Set HTTPS_PROXY (and NO_PROXY) for Node and curl alike; ALL_PROXY and a lone HTTP_PROXY mean different things to different clients.');
  return fixes;
}
