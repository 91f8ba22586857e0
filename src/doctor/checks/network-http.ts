import { CLIENT_ERROR_CODES } from '../../core/client-error-codes.js';
import { DEFAULTS } from '../../core/defaults.js';
import { probeHttp } from '../../net/http-probe.js';
import type { TrustStore } from '../../net/trust-store.js';
import type { CheckContext } from '../types.js';
import { safeUrl } from './api-outcome.js';
import { stopped, type PathVerdict, type Report } from './network-report.js';

/** `net.http`: one GET to the base URL over the address that connected; any HTTP status proves the path. */

export async function checkHttp(url: URL, address: string, trust: TrustStore, note: string, ctx: CheckContext, report: Report): Promise<PathVerdict> {
  const http = await probeHttp(url.href, { address, ca: trust.ca, signal: ctx.signal, timeoutMs: DEFAULTS.net.httpTimeoutMs });
  const shownUrl = safeUrl(url.href);
  const shown = ['server', 'via', 'content-type'].flatMap((name) => (http.headers[name] ? [`${name}: ${http.headers[name]}`] : []));
  const headers = shown.length > 0 ? ` (${shown.join('; ')})` : '';
  if (http.outcome === 'answered' && http.status !== null) {
    const status = http.status;
    const location = http.headers.location;
    const redirectHost = location ? safeHost(location, url) : null;
    if (status === 407) {
      report('net.http', 'fail', 'network_proxy', `GET ${shownUrl} answered 407: a proxy in the path wants credentials`, `An intercepting proxy answered instead of the API${headers}.${note}`,
        ['Set HTTPS_PROXY=http://USER:PASSWORD@proxy:port and make Node use it (see proxy.node_fetch).'], http.ms);
      return { works: false, summary: 'HTTP: 407 from an intercepting proxy' };
    }
    if (status >= 300 && status < 400 && redirectHost !== null && redirectHost !== url.hostname) {
      report('net.http', 'warn', null, `GET ${shownUrl} redirects to ${redirectHost} (${status})`, `An API does not redirect to another host: a captive portal, a login page or a block page answers${headers}.${note}`,
        [`Open ${location} in a browser on this machine to see who answers; sign in to the network or ask for the API host to be allowed.`], http.ms);
      return { works: false, summary: `HTTP: redirected to ${redirectHost}` };
    }
    if (status === 502 || status === 503 || status === 504) {
      report('net.http', 'warn', 'server_error', `GET ${shownUrl} answered ${status} in ${http.ms} ms`, `A gateway in front of the API answered that it could not reach it${headers}.${note}`,
        ['Retry in a minute; if it persists, check the relay or gateway in the base URL, or the provider\'s status page.'], http.ms);
      return { works: true, summary: `HTTP ${status}` };
    }
    report('net.http', 'pass', null, `GET ${shownUrl} answered ${status} in ${http.ms} ms`, `Any HTTP status proves the path works (authentication is checked separately)${headers}.${note}`, [], http.ms);
    return { works: true, summary: `HTTP ${status}` };
  }
  if (http.outcome === 'aborted') {
    const { title, detail } = stopped(`the response headers from ${url.host}`);
    report('net.http', 'fail', 'timeout', title, detail, [], http.ms);
    return { works: null, summary: 'HTTP: stopped' };
  }
  if (http.outcome === 'timeout') {
    report('net.http', 'fail', 'timeout', `GET ${shownUrl}: no response headers within ${DEFAULTS.net.httpTimeoutMs} ms`,
      `The connection (and TLS) worked, then nothing answered the request: a stuck server or relay, or a middlebox that swallows requests.${note}`,
      ['Check the relay or gateway in the base URL, or try again later; for the provider\'s own host, check its status page.', 'Try from another network to tell a local middlebox from a server problem.'], http.ms);
    return { works: false, summary: `HTTP: no answer within ${DEFAULTS.net.httpTimeoutMs} ms` };
  }
  const category = (http.error ? CLIENT_ERROR_CODES[http.error] : undefined) ?? 'unknown';
  report('net.http', 'fail', category, `GET ${shownUrl} failed: ${http.error ?? 'error'}`, `${http.message ?? ''} after ${http.ms} ms.${note}`, [], http.ms);
  return { works: false, summary: `HTTP: ${http.error ?? http.message ?? 'failed'}` };
}

function safeHost(location: string, base: URL): string | null {
  try {
    return new URL(location, base).hostname;
  } catch {
    return null;
  }
}
