/** Checks of the URLs a config names: upstream base URLs and outbound proxies. */

export type HttpUrlCheck =
  | { ok: true; url: URL }
  | { ok: false; problem: 'not-a-url' | 'not-http' | 'credentials' };

/**
 * An absolute http(s) URL. A base URL must not carry `user:password@`: the gateway authenticates with
 * the upstream's keys, and credentials in a URL end up in logs. A proxy URL may (proxy basic auth).
 */
export function checkHttpUrl(text: string, options: { allowCredentials: boolean }): HttpUrlCheck {
  // `localhost:8787/v1` parses as a URL with the scheme `localhost:`; what is missing is `http://`.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text.trim())) return { ok: false, problem: 'not-a-url' };
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { ok: false, problem: 'not-a-url' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, problem: 'not-http' };
  if (url.hostname === '') return { ok: false, problem: 'not-a-url' };
  if (!options.allowCredentials && (url.username !== '' || url.password !== '')) return { ok: false, problem: 'credentials' };
  return { ok: true, url };
}

/** A base URL as written, minus trailing slashes (`https://host/v1/` and `https://host/v1` are one upstream). */
export function withoutTrailingSlashes(text: string): string {
  return text.trim().replace(/\/+$/, '');
}

/** A URL for messages: scheme, host, port and path; never credentials, query or fragment. */
export function displayUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
}

/** What to write instead, for each problem. */
export function httpUrlAdvice(problem: 'not-a-url' | 'not-http' | 'credentials', what: 'base URL' | 'proxy'): string {
  switch (problem) {
    case 'not-a-url':
      return what === 'proxy'
        ? 'is not a URL: write it as http://host:port (with user:password@ before the host if the proxy asks for a login)'
        : 'is not a URL: write it as https://host[:port][/path]';
    case 'not-http':
      return what === 'proxy'
        ? 'must be an http:// or https:// proxy URL (SOCKS proxies are not supported)'
        : 'must be an http:// or https:// URL';
    case 'credentials':
      return 'carries credentials (user:password@): remove them from the URL; the gateway authenticates with the upstream\'s keys';
  }
}
