import { nodeProxyFixes } from '../../net/node-fixes.js';
import type { ProxySetting } from '../../net/proxy-env.js';
import type { PathVerdict, Report } from './network-report.js';

/**
 * `proxy.node_fetch`, the classic trap: curl and Python honour HTTPS_PROXY, Node's fetch does not. Both
 * paths were tried; this says what Node's calls will do.
 */

function nodeUsesEnvProxy(env: Readonly<Record<string, string | undefined>>): boolean {
  return env.NODE_USE_ENV_PROXY === '1' || /(?:^|\s)--use-env-proxy\b/.test(env.NODE_OPTIONS ?? '');
}

export function reportNodeFetch(url: URL, proxy: ProxySetting | null, direct: PathVerdict, proxied: PathVerdict, env: Readonly<Record<string, string | undefined>>, durationMs: number, report: Report): void {
  const host = url.hostname;
  if (proxy === null) {
    report('proxy.node_fetch', 'skip', null, `No proxy applies to ${host}`, `Node's fetch and curl both connect directly (${proxied.summary}).`, [], 0);
    return;
  }
  const label = `${proxy.variable}=${proxy.display}`;
  const fixes = nodeProxyFixes(proxy.variable.toUpperCase());
  if (nodeUsesEnvProxy(env)) {
    const major = Number(process.versions.node.split('.')[0]);
    const caveat = major >= 24 ? '' : ` NODE_USE_ENV_PROXY works from Node 24 (and 22.21); this doctor runs Node ${process.versions.node}, so check the service's version (\`node -v\`): older ones ignore it.`;
    report('proxy.node_fetch', proxied.works === false ? 'fail' : caveat ? 'warn' : 'pass', proxied.works === false ? 'network_proxy' : null,
      `Node is told to use the proxy variables (NODE_USE_ENV_PROXY)`, `${label}; through the proxy: ${proxied.summary}.${caveat}`, caveat ? fixes.slice(1) : [], durationMs);
    return;
  }
  if (direct.works === false && proxied.works === true) {
    report('proxy.node_fetch', 'fail', 'network_proxy', `The direct path fails while the proxy works: curl honours ${proxy.variable}, Node's fetch does not`,
      `Direct (what Node's fetch does): ${direct.summary}. Through ${label}: ${proxied.summary}. Node ${process.versions.node}'s fetch ignores HTTPS_PROXY/HTTP_PROXY, so the service's calls fail while curl and Python succeed.`,
      fixes, durationMs);
  } else if (direct.works === true && proxied.works === true) {
    report('proxy.node_fetch', 'warn', null, `Node's fetch bypasses ${proxy.variable}: it connects directly (which works here)`,
      `Both paths work: direct ${direct.summary}; through ${label}: ${proxied.summary}. curl and Python use the proxy, Node's fetch does not: the provider may see a different country, and the proxy's logging or allow-list does not apply.`,
      ['If calls should leave through the proxy (region, audit), make Node use it:', ...fixes], durationMs);
  } else if (direct.works === true && proxied.works === false) {
    report('proxy.node_fetch', 'warn', 'network_proxy', `Node's fetch works directly, but ${proxy.variable} points at a failing proxy`,
      `Direct: ${direct.summary}. Through ${label}: ${proxied.summary}. Node's fetch ignores the variable, so it works; curl, Python and any client that honours ${proxy.variable} fail.`,
      [`Fix the proxy (see proxy.connect), or unset ${proxy.variable} if this network needs none.`], durationMs);
  } else {
    report('proxy.node_fetch', 'skip', null, 'Not decided: neither path works', `Direct: ${direct.summary}. Through ${label}: ${proxied.summary}. Fix the proxy (proxy.connect) or the direct path first.`, [], durationMs);
  }
}
