import type { Upstream } from './upstream.js';

/** Paths remembered per upstream (callers' queries vary). */
export const REMEMBERED_PATHS = 256;
/** Longer URLs (a caller's long query) are checked every time rather than kept. */
const REMEMBERED_URL_CHARS = 1024;

/**
 * The path (with query) to request for an upstream URL, refused when the URL leaves the upstream's origin
 * or base path: the one choke point, so whatever a request held, it goes to the configured upstream.
 * The same few URLs come back on every request, so each is parsed and checked once.
 */
export function upstreamPath(upstream: Upstream, url: string): string {
  const known = upstream.checkedPaths.get(url);
  if (known !== undefined) return known;
  const parsed = new URL(url);
  if (parsed.origin !== upstream.origin || !parsed.pathname.startsWith(upstream.basePath)) {
    throw Object.assign(new Error(`refused: ${parsed.pathname} is outside upstream ${upstream.name}'s base path`), { code: 'ERR_LLMDOCTOR_OUTSIDE_UPSTREAM' });
  }
  const path = parsed.pathname + parsed.search;
  if (url.length <= REMEMBERED_URL_CHARS) upstream.checkedPaths.set(url, path);
  return path;
}
