import { DEFAULTS } from '../../core/defaults.js';
import type { ProxySetting } from '../../net/proxy-env.js';
import { probeThroughProxy } from '../../net/proxy-probe.js';
import { probeTls } from '../../net/tls-probe.js';
import type { TrustStore } from '../../net/trust-store.js';
import type { CheckContext } from '../types.js';
import { portOf, stopped, type PathVerdict, type Report } from './network-report.js';
import { reportTls, type TlsScene } from './network-tls.js';

/**
 * `proxy.connect`: the provider through the proxy that applies to its URL, as curl would go: reach the
 * proxy, ask for the tunnel (407 and refusals seen as sent), then the TLS handshake through it.
 */

export async function checkProxyPath(
  url: URL, proxy: ProxySetting | null, bypassedBy: string | null, trust: TrustStore, official: boolean, ctx: CheckContext, report: Report,
): Promise<PathVerdict> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = portOf(url);
  if (proxy === null) {
    const why = bypassedBy !== null ? `NO_PROXY entry "${bypassedBy}" exempts ${host}: clients connect directly` : `no proxy variable applies to ${url.protocol}// URLs`;
    report('proxy.connect', 'skip', null, `No proxy for ${host}`, why, [], 0);
    return { works: null, summary: why };
  }
  if (!proxy.usable || proxy.protocol.startsWith('socks')) {
    const why = proxy.usable ? `${proxy.variable} is a SOCKS proxy (${proxy.display}): only HTTP proxies are probed` : `${proxy.variable} is not a proxy URL: ${proxy.display}`;
    report('proxy.connect', proxy.usable ? 'skip' : 'fail', proxy.usable ? null : 'network_proxy', why, [why, ...proxy.problems].join('; '),
      proxy.usable ? [] : [`Write ${proxy.variable} as http://host:port (http://user:password@host:port with credentials).`], 0);
    return { works: proxy.usable ? null : false, summary: why };
  }
  const through = await probeThroughProxy(proxy, url, { signal: ctx.signal, ca: trust.ca });
  const label = `${proxy.variable}=${proxy.display}`;
  const proxyFailed = (title: string, detail: string, fixes: string[]): PathVerdict => {
    report('proxy.connect', 'fail', 'network_proxy', title, detail, fixes, through.ms);
    return { works: false, summary: title };
  };
  if (through.outcome === 'aborted') {
    const { title, detail } = stopped(`the proxy ${proxy.display}`);
    report('proxy.connect', 'fail', 'timeout', title, detail, [], through.ms);
    return { works: null, summary: 'stopped' };
  }
  if (through.outcome === 'unreachable') {
    const tcp = through.tcp;
    return proxyFailed(`The proxy ${proxy.host}:${proxy.port} is unreachable: ${tcp?.outcome ?? 'no connection'} (${tcp?.code ?? 'no code'})`,
      `${label}; tried for ${through.ms} ms.`,
      [`Start the proxy at ${proxy.host}:${proxy.port}, or fix the address and port in ${proxy.variable}.`, `If this network needs no proxy, unset ${proxy.variable} (and its other-case twin).`]);
  }
  if (through.outcome === 'tls-failed') {
    return proxyFailed(`TLS with the proxy ${proxy.host}:${proxy.port} failed (${through.error ?? 'error'})`, `${label}: an https:// proxy URL means TLS to the proxy itself.`,
      [`Most proxies speak plain HTTP: write ${proxy.variable}=http://${proxy.host}:${proxy.port}.`]);
  }
  if (through.outcome !== 'answered' || through.status === null) {
    return proxyFailed(`The proxy ${proxy.host}:${proxy.port} did not answer ${through.request} (${through.outcome === 'timeout' ? `nothing within ${DEFAULTS.net.proxyTimeoutMs} ms` : through.error ?? 'closed'})`,
      `${label}; the TCP connection to the proxy worked.`,
      ['Check that this port is an HTTP proxy (not SOCKS, not a web server), and that the proxy is healthy.']);
  }
  const statusLine = `${through.status} ${through.statusText ?? ''}`.trim();
  // Only the proxy can answer a CONNECT, so a 401 to it is the proxy's too (tinyproxy answers bad credentials so).
  if (through.status === 407 || (url.protocol === 'https:' && through.status === 401)) {
    const scheme = through.headers['proxy-authenticate'] ?? through.headers['www-authenticate'] ?? 'none given';
    const negotiate = /negotiate|ntlm|kerberos/i.test(scheme);
    return proxyFailed(through.sentCredentials
      ? `The proxy rejected the credentials in ${proxy.variable} (${statusLine})`
      : `The proxy requires authentication (${statusLine})`,
    `${label} answered ${through.request} with ${statusLine} in ${through.ms} ms; it asks for: ${scheme}.`,
    [
      through.sentCredentials
        ? `Check the user name and password in ${proxy.variable} (percent-encode special characters: @ is %40, : is %3A).`
        : `Put the credentials in the proxy URL: ${proxy.variable}=http://USER:PASSWORD@${proxy.host}:${proxy.port} (percent-encode special characters).`,
      ...(negotiate ? ['This proxy wants NTLM/Kerberos, which URL credentials cannot do: run a local helper (cntlm, px) and point the variable at it.'] : []),
    ]);
  }
  if (url.protocol === 'https:' && through.status !== 200) {
    const meaning = through.status === 403 ? 'the proxy\'s policy refuses this destination' : through.status >= 500 ? 'the proxy could not reach the destination' : 'the proxy refused the tunnel';
    return proxyFailed(`The proxy refused ${through.request}: ${statusLine}`, `${label}: ${meaning} (${through.ms} ms).`,
      [through.status === 403 ? `Ask the proxy's administrators to allow ${host}:${port}.` : `Check that the proxy can reach ${host}:${port}.`]);
  }
  if (url.protocol === 'http:') {
    through.tunnel?.destroy();
    if (through.status >= 502 && through.status <= 504) {
      return proxyFailed(`The proxy could not reach ${url.host}: ${statusLine}`, `${label} answered ${through.request} with ${statusLine} in ${through.ms} ms.`, [`Check that the proxy can reach ${url.host}.`]);
    }
    report('proxy.connect', 'pass', null, `Through the proxy, ${through.request} answered ${statusLine} in ${through.ms} ms`, `${label}.`, [], through.ms);
    return { works: true, summary: `${statusLine} through the proxy` };
  }
  // A 200 to CONNECT only opens the tunnel: the TLS handshake through it proves the destination answers.
  const tls = await probeTls(host, { socket: through.tunnel ?? undefined, port, ca: trust.ca, signal: ctx.signal, timeoutMs: DEFAULTS.net.tlsTimeoutMs });
  const note = ` Through ${label}: CONNECT answered ${statusLine} in ${through.ms} ms.`;
  const scene: TlsScene = { host, port, trust, note, certain: official };
  const trusted = reportTls('proxy.connect', tls, scene, (check, status, category, title, detail, fixes, durationMs) => {
    report(check, status, category, `Through the proxy: ${title}`, detail, fixes, through.ms + durationMs);
  });
  return { works: trusted ? true : tls.outcome === 'aborted' ? null : false, summary: trusted ? `CONNECT ${statusLine} and TLS through the proxy` : `TLS through the proxy: ${tls.verifyError ?? tls.error ?? tls.outcome}` };
}
