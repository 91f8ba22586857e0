import { BlockList, isIP } from 'node:net';
import { redactSecrets } from '../core/redact.js';

/**
 * The proxy variables as clients read them. The rules are curl's, which Python's requests shares:
 * lowercase wins over uppercase, the scheme's own variable over ALL_PROXY, NO_PROXY exempts hosts.
 * Where Node's undici (EnvHttpProxyAgent, NODE_USE_ENV_PROXY) differs, `notes` says so.
 */
export const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY', 'no_proxy', 'NO_PROXY'] as const;

type Env = Readonly<Record<string, string | undefined>>;

export interface ProxySetting {
  variable: string;
  /** The URL with its password masked: safe to print. */
  display: string;
  protocol: string;
  host: string;
  port: number;
  username: string | null;
  /** Decoded; never print it. */
  password: string | null;
  /** Why some clients will not use it as meant (missing scheme, SOCKS, no port, ...). */
  problems: string[];
  /** False when the value is not a proxy URL at all; then host/port are empty. */
  usable: boolean;
}

export interface ProxyEnvironment {
  /** Every proxy variable that is set (both cases), values masked. */
  variables: Array<{ name: string; display: string }>;
  /** The proxy for https:// URLs and for http:// URLs, before NO_PROXY. */
  https: ProxySetting | null;
  http: ProxySetting | null;
  noProxy: { variable: string; entries: string[] } | null;
  /** Pairs such as https_proxy / HTTPS_PROXY set to different values. */
  conflicts: string[];
  /** Where clients disagree about these variables. */
  notes: string[];
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443, 'socks:': 1080, 'socks4:': 1080, 'socks4a:': 1080, 'socks5:': 1080, 'socks5h:': 1080 };

function value(env: Env, name: string): string | null {
  const text = env[name]?.trim();
  return text ? text : null;
}

function first(env: Env, names: string[]): { name: string; text: string } | null {
  for (const name of names) {
    const text = value(env, name);
    if (text !== null) return { name, text };
  }
  return null;
}

/** The URL with its password masked; the password runs to the last `@` of the authority, as URL parsers read it. */
export function maskProxyUrl(raw: string): string {
  const masked = raw.replace(/^((?:[a-z][a-z0-9+.-]*:\/\/)?[^:@/\s]*:)([^/?#\s]*)@/i, (_m, head: string, password: string) => (password ? `${head}***@` : `${head}@`));
  return redactSecrets(masked);
}

export function parseProxy(variable: string, raw: string): ProxySetting {
  const problems: string[] = [];
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw);
  if (!hasScheme) problems.push('no scheme: curl and Python assume http://, Node\'s undici proxy agents reject it; write http://host:port');
  if ((raw.match(/@/g) ?? []).length > 1) problems.push('an unencoded "@" in the credentials (clients may split the URL at the wrong one): percent-encode it as %40');
  let url: URL;
  try {
    url = new URL(hasScheme ? raw : `http://${raw}`);
  } catch {
    return { variable, display: maskProxyUrl(raw), protocol: '', host: '', port: 0, username: null, password: null, problems: [...problems, 'not a URL'], usable: false };
  }
  const protocol = url.protocol.toLowerCase();
  if (protocol.startsWith('socks')) {
    problems.push('a SOCKS proxy: curl uses it, but Node\'s fetch and undici speak only HTTP CONNECT; use the tool\'s HTTP port (Clash/V2Ray "mixed" port) or a SOCKS agent');
  } else if (protocol !== 'http:' && protocol !== 'https:') {
    problems.push(`unknown scheme ${protocol}//: use http://`);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (protocol === 'https:' && isLocal(host)) {
    problems.push('https:// to a local proxy: local proxy tools speak plain HTTP, so the TLS handshake to them fails; use http://');
  }
  if (url.port === '' && !/:\d+\/?$/.test(raw)) problems.push(`no port: Node and Python use ${DEFAULT_PORTS[protocol] ?? 80}, curl uses 1080; write the port`);
  return {
    variable,
    display: maskProxyUrl(raw),
    protocol,
    host,
    port: Number(url.port) || DEFAULT_PORTS[protocol] || 80,
    username: url.username ? decodeURIComponent(url.username) : null,
    password: url.password ? decodeURIComponent(url.password) : null,
    problems,
    usable: host !== '' && (protocol === 'http:' || protocol === 'https:' || protocol.startsWith('socks')),
  };
}

function isLocal(host: string): boolean {
  return host === 'localhost' || host.startsWith('127.') || host === '::1';
}

export function readProxyEnvironment(env: Env): ProxyEnvironment {
  const variables = PROXY_VARIABLES.flatMap((name) => {
    const text = value(env, name);
    return text === null ? [] : [{ name, display: name.toLowerCase() === 'no_proxy' ? text : maskProxyUrl(text) }];
  });
  const httpsSource = first(env, ['https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY']);
  const httpSource = first(env, ['http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY']);
  const noProxySource = first(env, ['no_proxy', 'NO_PROXY']);
  const conflicts = ['https_proxy', 'http_proxy', 'all_proxy', 'no_proxy'].flatMap((lower) => {
    const upper = lower.toUpperCase();
    const [a, b] = [value(env, lower), value(env, upper)];
    return a !== null && b !== null && a !== b ? [`${lower} and ${upper} differ; the lowercase one wins (curl, Python, undici)`] : [];
  });
  const notes: string[] = [];
  const hasHttps = first(env, ['https_proxy', 'HTTPS_PROXY']) !== null;
  const hasHttp = first(env, ['http_proxy', 'HTTP_PROXY']) !== null;
  const hasAll = first(env, ['all_proxy', 'ALL_PROXY']) !== null;
  if (hasHttp && !hasHttps) {
    notes.push('HTTP_PROXY is set but HTTPS_PROXY is not: curl and Python send https:// requests directly; undici\'s EnvHttpProxyAgent and NODE_USE_ENV_PROXY fall back to HTTP_PROXY. Set HTTPS_PROXY too.');
  }
  if (hasAll && !(hasHttps && hasHttp)) notes.push('ALL_PROXY is honoured by curl and Python, not by Node (undici, NODE_USE_ENV_PROXY): set HTTPS_PROXY for Node.');
  if (value(env, 'HTTP_PROXY') !== null && value(env, 'http_proxy') === null) {
    notes.push('curl ignores the uppercase HTTP_PROXY for http:// URLs (it reads only http_proxy).');
  }
  return {
    variables,
    https: httpsSource ? parseProxy(httpsSource.name, httpsSource.text) : null,
    http: httpSource ? parseProxy(httpSource.name, httpSource.text) : null,
    noProxy: noProxySource ? { variable: noProxySource.name, entries: noProxySource.text.split(/[,\s]+/).filter(Boolean) } : null,
    conflicts,
    notes,
  };
}

export interface ProxyChoice {
  proxy: ProxySetting | null;
  /** The NO_PROXY entry that exempts the URL's host, when one does. */
  bypassedBy: string | null;
}

/** Which proxy a client that honours the variables uses for `url`. */
export function proxyForUrl(url: URL | string, env: Env): ProxyChoice {
  const target = typeof url === 'string' ? new URL(url) : url;
  const proxies = readProxyEnvironment(env);
  const proxy = target.protocol === 'https:' ? proxies.https : proxies.http;
  if (proxy === null) return { proxy: null, bypassedBy: null };
  const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
  const bypassedBy = proxies.noProxy ? matchNoProxy(target.hostname.replace(/^\[|\]$/g, '').toLowerCase(), port, proxies.noProxy.entries) : null;
  return bypassedBy === null ? { proxy, bypassedBy: null } : { proxy: null, bypassedBy };
}

export function matchNoProxy(host: string, port: number, entries: string[]): string | null {
  for (const entry of entries) {
    if (entry === '*') return entry;
    if (isIP(entry) !== 0) {
      if (host === entry.toLowerCase()) return entry;
      continue;
    }
    const cidr = /^([0-9a-f:.]+)\/(\d{1,3})$/i.exec(entry);
    if (cidr) {
      if (inSubnet(host, cidr[1]!, Number(cidr[2]))) return entry;
      continue;
    }
    const withPort = /^(.*?)(?::(\d+))?$/.exec(entry.replace(/^\[(.*)\](:\d+)?$/, '$1$2'));
    const name = (withPort?.[1] ?? entry).replace(/^\*?\./, '').toLowerCase();
    if (withPort?.[2] !== undefined && Number(withPort[2]) !== port) continue;
    if (name !== '' && (host === name || host.endsWith(`.${name}`))) return entry;
  }
  return null;
}

function inSubnet(host: string, network: string, prefix: number): boolean {
  const family = isIP(host);
  if (family === 0 || isIP(network) !== family) return false;
  const blocks = new BlockList();
  const type = family === 4 ? 'ipv4' : 'ipv6';
  try {
    blocks.addSubnet(network, prefix, type);
  } catch {
    return false;
  }
  return blocks.check(host, type);
}
