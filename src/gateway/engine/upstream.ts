import { Pool, ProxyAgent, type Dispatcher } from 'undici';
import { BoundedCache } from '../../core/bounded-cache.js';
import { classify } from '../../providers/classify.js';
import { LIMIT_HEADER_NAMES, RATE_HEADER_SPECS } from '../../providers/rate-headers.js';
import type { UpstreamDialect, WireFormat } from '../../providers/wire.js';
import { UPSTREAM_DIALECTS, WIRE_FORMATS } from '../../providers/wires.js';
import type { GatewayConfig, UpstreamConfig } from '../config/types.js';
import { AdmissionQueue } from '../pool/admission-queue.js';
import { KeyPool } from '../pool/key-pool.js';
import { REMEMBERED_PATHS } from './upstream-path.js';

/** An upstream as the engine uses it: its format, its keys and its connections. */
export interface Upstream {
  name: string;
  config: UpstreamConfig;
  dialect: UpstreamDialect;
  wire: WireFormat;
  baseUrl: string;
  origin: string;
  /** Every request path to this upstream starts with this. */
  basePath: string;
  /** Upstream URLs already checked to stay under the base path, with the path each one requests. */
  checkedPaths: BoundedCache<string, string>;
  pool: KeyPool;
  /** Requests waiting for one of this upstream's keys to have room. */
  queue: AdmissionQueue;
  /** Keep-alive connections, through the configured proxy when there is one. */
  dispatcher: Dispatcher;
  /** The route out used after a region refusal, when configured. */
  regionDispatcher: Dispatcher | null;
}

export function createUpstream(config: UpstreamConfig, gateway: GatewayConfig): Upstream {
  const dialect = UPSTREAM_DIALECTS[config.provider];
  const baseUrl = dialect.normaliseBaseUrl(config.baseUrl);
  const origin = new URL(baseUrl).origin;
  const connectMs = gateway.policies.timeouts.connectMs;
  const connections = gateway.limits.connectionsPerUpstream;
  const dispatcherVia = (proxy: string | null): Dispatcher =>
    proxy
      ? new ProxyAgent({ uri: proxy, connections, connect: { timeout: connectMs }, proxyTunnel: origin.startsWith('https:') })
      : new Pool(origin, { connections, connect: { timeout: connectMs }, keepAliveTimeout: 30_000, pipelining: 1 });
  const upstream: Upstream = {
    name: config.name,
    config,
    dialect,
    wire: WIRE_FORMATS[dialect.family],
    baseUrl,
    origin,
    basePath: new URL(baseUrl).pathname.replace(/\/$/, ''),
    checkedPaths: new BoundedCache(REMEMBERED_PATHS),
    dispatcher: dispatcherVia(config.proxy),
    regionDispatcher: config.regionProxy ? dispatcherVia(config.regionProxy) : null,
    queue: new AdmissionQueue({ maxSize: gateway.limits.queue.maxSize }),
    pool: new KeyPool({
      upstream: config.name,
      keys: config.keys,
      limits: gateway.limits.keys,
      rateHeaders: RATE_HEADER_SPECS[dialect.family],
      limitHeaders: LIMIT_HEADER_NAMES[dialect.family],
      probe: (secret) => probeKey(upstream, secret),
    }),
  };
  upstream.pool.onCapacity(() => upstream.queue.wake());
  return upstream;
}

export async function closeUpstream(upstream: Upstream): Promise<void> {
  upstream.pool.close();
  upstream.queue.wakeAll();
  await Promise.all([upstream.dispatcher.close(), upstream.regionDispatcher?.close()]);
}

/** The background re-probe of a disabled key: a model listing with it; null when it works again. */
async function probeKey(upstream: Upstream, secret: string) {
  const url = new URL(upstream.dialect.probePath(upstream.baseUrl));
  try {
    const answer = await upstreamGet(upstream, url.pathname + url.search, secret, PROBE_TIMEOUT_MS);
    if (answer.statusCode < 300) return null;
    return classify({ status: answer.statusCode, headers: answer.headers, body: answer.text, provider: upstream.config.provider, apiKey: secret });
  } catch (error) {
    return classify({ error, provider: upstream.config.provider, apiKey: secret });
  }
}

const PROBE_TIMEOUT_MS = 10_000;

/** A GET the gateway makes on its own (a key's re-probe, a background answer's status) with one key, its body read whole. */
export async function upstreamGet(upstream: Upstream, path: string, secret: string, timeoutMs: number): Promise<{ statusCode: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  const answer = await upstream.dispatcher.request({
    origin: upstream.origin,
    path,
    method: 'GET',
    headers: { ...upstream.dialect.defaultHeaders, ...upstream.config.headers, ...upstream.dialect.authHeaders(secret) },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  return { statusCode: answer.statusCode, headers: answer.headers, text: await answer.body.text() };
}
