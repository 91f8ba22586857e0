import type { Category } from '../categories.js';
import { CLIENT_ERROR_CODES } from '../client-error-codes.js';
import type { Evidence } from '../evidence.js';
import { rule, type ErrorRule } from '../rule.js';

/** Ports local proxy tools listen on (Clash, V2Ray, Shadowsocks, Privoxy, Squid, SOCKS). */
const LOCAL_PROXY_PORTS = new Set([1080, 1087, 3128, 7890, 7891, 7897, 8118, 8889, 10808, 10809, 15732, 15777, 20171, 20172]);

const LOOPBACK_ADDRESS = /(?:\b127\.0\.0\.1|\blocalhost|\[::1\]|::1)[:\s"',]+(?:port["':\s]+)?(\d{2,5})\b/i;
const PRIVATE_ADDRESS = /\b(?:10|192\.168|172\.(?:1[6-9]|2\d|3[01]))(?:\.\d{1,3}){2,3}:(\d{2,5})\b/;
const URL_HOST = /https?:\/\/([a-z0-9.-]+\.[a-z]{2,})/i;
const UNRESOLVED_HOST = /(?:ENOTFOUND|EAI_AGAIN|getaddrinfo \w+)\s+([a-z0-9][a-z0-9.-]*[a-z0-9])\b/i;

/** No HTTP answer reached the client (or a streamed answer broke off). */
function noHttpAnswer(e: Evidence): boolean {
  // axios names any 4xx/5xx answer ERR_BAD_REQUEST / ERR_BAD_RESPONSE: an answer did arrive
  return (e.status === null || e.status < 300) && !/\bERR_BAD_(?:REQUEST|RESPONSE)\b/.test(e.text);
}

/**
 * A connection error aimed somewhere other than the URL's host means a proxy was in between:
 * a local address while the URL named a remote host, a proxy port, or a different name that failed to resolve.
 */
function viaProxy(e: Evidence): string | null {
  const target = URL_HOST.exec(e.text)?.[1]?.toLowerCase();
  const remoteTarget = target !== undefined && target !== 'localhost';
  const loopback = LOOPBACK_ADDRESS.exec(e.text);
  if (loopback && (LOCAL_PROXY_PORTS.has(Number(loopback[1])) || remoteTarget)) {
    return `connection to local address ${loopback[0].replace(/[\s"',]+$/, '')}, not to the API host`;
  }
  const lan = PRIVATE_ADDRESS.exec(e.text);
  if (lan && LOCAL_PROXY_PORTS.has(Number(lan[1]))) return `connection to ${lan[0]}, a proxy port on the local network`;
  const unresolved = UNRESOLVED_HOST.exec(e.text)?.[1]?.toLowerCase();
  if (unresolved && ((remoteTarget && unresolved !== target) || /proxy/.test(unresolved))) {
    return `the name that failed to resolve (${unresolved}) is not the API host${target ? ` (${target})` : ''}: it is the proxy's`;
  }
  return null;
}

function codeCategory(e: Evidence): { category: Category; code: string; explicit: boolean } | null {
  for (const [codes, explicit] of [[e.explicitCodes, true], [e.textCodes, false]] as const) {
    for (const code of codes) {
      const category = CLIENT_ERROR_CODES[code];
      if (category) return { category, code, explicit };
    }
  }
  return null;
}

function byCode(category: Category) {
  return (e: Evidence) => {
    if (!noHttpAnswer(e) && e.explicitCodes.length === 0) return null;
    const found = codeCategory(e);
    return found?.category === category ? `${found.explicit ? 'error code' : 'code in text'} ${found.code}` : null;
  };
}

const PROXY_PHRASES =
  /ProxyError|Unable to connect to proxy|Cannot connect to proxy|tunneling socket could not be established|Proxy response \(?\d*\)? ?!== 200|Proxy Authentication Required|proxy authentication|statusCode=407|\b407\b.{0,40}proxy|proxy.{0,40}\b407\b|SOCKS(?:5)? (?:proxy )?(?:error|connection failed)/i;

const TLS_PHRASES =
  /self[- ]signed certificate|unable to get local issuer certificate|unable to verify the first certificate|certificate has expired|CERTIFICATE_VERIFY_FAILED|certificate verify failed|does not match certificate's altnames|SSLCertVerificationError|certificate is not trusted|x509: certificate/i;

const DNS_PHRASES =
  /getaddrinfo|Name or service not known|Temporary failure in name resolution|nodename nor servname|dns error|failed to lookup address|Could not resolve host|No address associated with hostname|NameResolutionError/i;

const RESET_PHRASES =
  /socket hang up|other side closed|Premature close|socket connection was closed unexpectedly|Client network socket disconnected|Connection dropped|Connection reset by peer|Broken ?pipe|RemoteDisconnected|Server disconnected without sending a response|peer closed connection|TypeError: terminated|incomplete chunked read|ECONNRESET/i;

const CONNECT_PHRASES =
  /Connect Timeout Error|ConnectTimeout|Failed to establish a new connection|Connection refused|Network is unreachable|No route to host|Failed to fetch|\bfetch failed\b|Load failed|Connection error\.?|Cannot connect to (?:host|API)|Unable to connect to (?:API|the server)|Failed to connect to|connect ETIMEDOUT|error trying to connect|ConnectError|APIConnectionError|NetworkError when attempting to fetch/i;

const TIMEOUT_PHRASES =
  /Request timed out|Read timed out|read operation timed out|timed out waiting|\bTimeoutError|timeout of \d+ ?ms exceeded|Headers Timeout Error|Body Timeout Error|Stream idle timeout|deadline exceeded|ReadTimeout|APITimeoutError|The operation was aborted due to timeout|request timeout/i;

/** Network failures, decided by the client's error code first, then by the wording of each stack. */
export const NETWORK_RULES: readonly ErrorRule[] = [
  rule('network_proxy', (e) => e.statusIs(407) || e.says(PROXY_PHRASES)),
  // Plain-HTTP proxying answers bad proxy credentials with 401 (tinyproxy does), named by its own headers
  rule('network_proxy', (e) =>
    e.statusIs(401) && (/proxy|squid/i.test(e.header('server') ?? '') || /proxy/i.test(e.header('www-authenticate') ?? '')) ? 'HTTP 401 from the proxy (its server / www-authenticate header names it)' : null,
  ),
  rule('network_proxy', (e) => {
    const found = codeCategory(e);
    if (!found || !noHttpAnswer(e)) return null;
    if (found.category === 'network_connect' || found.category === 'network_reset' || found.category === 'network_dns') return viaProxy(e);
    if (found.category === 'network_tls') {
      // An https:// proxy URL pointing at a plain HTTP proxy, or a certificate that names a proxy host
      return e.says(/wrong version number|packet length too long|altnames:[^\n]*\bproxy\b/i);
    }
    return null;
  }),
  rule('network_tls', byCode('network_tls')),
  rule('network_dns', byCode('network_dns')),
  rule('network_connect', byCode('network_connect')),
  rule('network_reset', byCode('network_reset')),
  rule('timeout', byCode('timeout')),
  rule('network_proxy', (e) => noHttpAnswer(e) && /Connection error|APIConnectionError|fetch failed|connect/i.test(e.text) && viaProxy(e)),
  rule('network_tls', (e) => noHttpAnswer(e) && e.says(TLS_PHRASES)),
  rule('network_dns', (e) => noHttpAnswer(e) && e.says(DNS_PHRASES)),
  rule('timeout', (e) => noHttpAnswer(e) && e.says(TIMEOUT_PHRASES)),
  rule('network_reset', (e) => noHttpAnswer(e) && e.says(RESET_PHRASES)),
  rule('network_connect', (e) => noHttpAnswer(e) && e.says(CONNECT_PHRASES)),
];
