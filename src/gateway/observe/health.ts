import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerMatches } from './bearer-token.js';
import { EXPOSITION_CONTENT_TYPE } from './exposition.js';
import type { ReadinessView, UpstreamState } from './gateway-view.js';

export interface ReadinessCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface Readiness {
  ready: boolean;
  checks: ReadinessCheck[];
}

/**
 * Ready when the store takes writes and every route, and every upstream serving models no route names, has at
 * least one key that is healthy or cooling down (a cooling key comes back by itself; a disabled one may never).
 */
export function readiness(view: ReadinessView): Readiness {
  const checks: ReadinessCheck[] = [];
  if (view.storeWritable) checks.push(storeCheck(view.storeWritable));
  const usable = new Map(view.upstreams().map((upstream) => [upstream.name, keyCounts(upstream)]));
  for (const route of view.routes()) checks.push(routeCheck(route.name, route.upstreams, usable));
  for (const name of view.passthroughUpstreams()) checks.push(upstreamCheck(name, usable.get(name)));
  if (checks.every((check) => check.name === 'store')) checks.push({ name: 'upstreams', ok: false, detail: 'no route and no upstream to serve requests from' });
  return { ready: checks.every((check) => check.ok), checks };
}

interface KeyCounts {
  total: number;
  healthy: number;
  cooling: number;
}

function keyCounts(upstream: UpstreamState): KeyCounts {
  const counts = { total: upstream.keys.length, healthy: 0, cooling: 0 };
  for (const key of upstream.keys) {
    if (key.health.state === 'healthy') counts.healthy++;
    else if (key.health.state === 'cooling') counts.cooling++;
  }
  return counts;
}

function storeCheck(writable: () => boolean): ReadinessCheck {
  let ok = false;
  try {
    ok = writable();
  } catch {
    // The store's own error may name paths or values: the check says only that it failed
  }
  return { name: 'store', ok, detail: ok ? 'writable' : 'a write to the store failed' };
}

function routeCheck(name: string, upstreams: readonly string[], usable: ReadonlyMap<string, KeyCounts>): ReadinessCheck {
  const parts = upstreams.map((upstream) => `${upstream} ${describeCounts(usable.get(upstream))}`);
  const ok = upstreams.some((upstream) => usableKeys(usable.get(upstream)) > 0);
  return { name: `route:${name}`, ok, detail: parts.length === 0 ? 'no target' : `${ok ? '' : 'no usable key: '}${parts.join('; ')}` };
}

function upstreamCheck(name: string, counts: KeyCounts | undefined): ReadinessCheck {
  return { name: `upstream:${name}`, ok: usableKeys(counts) > 0, detail: describeCounts(counts) };
}

function usableKeys(counts: KeyCounts | undefined): number {
  return counts === undefined ? 0 : counts.healthy + counts.cooling;
}

function describeCounts(counts: KeyCounts | undefined): string {
  if (counts === undefined) return 'unknown upstream';
  const disabled = counts.total - counts.healthy - counts.cooling;
  return `${counts.healthy} healthy, ${counts.cooling} cooling, ${disabled} disabled of ${counts.total} keys`;
}

export interface HealthEndpoints {
  readiness: ReadinessView;
  metrics: { render(): string };
  /** Required as `Authorization: Bearer <token>` on /metrics; null: /metrics is open. */
  metricsToken: string | null;
}

/** Serves GET /readyz and GET /metrics (HEAD too); returns false for any other path. */
export function handleHealth(req: IncomingMessage, res: ServerResponse, endpoints: HealthEndpoints): boolean {
  const url = req.url ?? '/';
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  if (path !== '/readyz' && path !== '/metrics') return false;
  const method = req.method ?? 'GET';
  // Nothing is read from the request: drain it so the connection can be reused
  req.resume();
  if (method !== 'GET' && method !== 'HEAD') {
    answer(res, method, 405, { 'content-type': 'application/json', allow: 'GET, HEAD' }, JSON.stringify({ error: `${path} answers GET only` }));
    return true;
  }
  if (path === '/readyz') {
    const state = readiness(endpoints.readiness);
    answer(res, method, state.ready ? 200 : 503, { 'content-type': 'application/json' }, JSON.stringify(state));
    return true;
  }
  if (endpoints.metricsToken !== null && !bearerMatches(req.headers.authorization, endpoints.metricsToken)) {
    answer(res, method, 401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer realm="llmdoctor metrics"' }, JSON.stringify({ error: 'metrics need Authorization: Bearer <metrics token>' }));
    return true;
  }
  answer(res, method, 200, { 'content-type': EXPOSITION_CONTENT_TYPE }, endpoints.metrics.render());
  return true;
}

function answer(res: ServerResponse, method: string, status: number, headers: Record<string, string>, body: string): void {
  res.writeHead(status, { ...headers, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
  res.end(method === 'HEAD' ? undefined : body);
}
