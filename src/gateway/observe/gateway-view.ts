import type { RouteConfig } from '../config/types.js';
import type { Upstream } from '../engine/upstream.js';
import type { CircuitBreakers } from '../pool/circuit-breaker.js';
import type { KeySnapshot } from '../pool/key-pool.js';
import type { CircuitState } from '../pool/types.js';
import type { GatewayStore } from '../store/types.js';

/** What metrics and readiness need of one key: never the secret. */
export type KeyState = Pick<KeySnapshot, 'fingerprint' | 'health' | 'inFlight'>;

/** An upstream as seen at scrape time. */
export interface UpstreamState {
  name: string;
  keys: readonly KeyState[];
  queueDepth: number;
  oldestWaitMs: number;
}

/** The live state metrics read at scrape time (nothing here is read on the request path). */
export interface GatewayView {
  upstreams(): UpstreamState[];
  breakers(): ReadonlyArray<{ id: string; state: CircuitState }>;
  /** Client keys' names, exported as `llmdoctor_client_info{client,name}`; absent without client keys. */
  clients?(): ReadonlyArray<{ id: string; name: string | null }>;
}

/** What /readyz decides on. */
export interface ReadinessView {
  upstreams(): UpstreamState[];
  /** Every configured route and the upstreams its targets use. */
  routes(): ReadonlyArray<{ name: string; upstreams: readonly string[] }>;
  /** Upstreams that serve models no route names (each must have a usable key); [] when none is required. */
  passthroughUpstreams(): readonly string[];
  /** A write round trip to the store works; absent when the gateway runs without a store. */
  storeWritable?(): boolean;
}

export interface GatewayParts {
  upstreams: ReadonlyMap<string, Upstream>;
  breakers: CircuitBreakers;
  routes: readonly RouteConfig[];
  store: Pick<GatewayStore, 'writable' | 'listClientKeys'> | null;
  /**
   * Whether /readyz requires a usable key on every upstream. The route planner sends any model no route names to
   * every upstream of the caller's format, so by default each upstream counts.
   */
  requirePassthrough?: boolean;
}

/** The view of a running gateway (`startGateway`'s upstreams and breakers, the config's routes, the store). */
export function viewOfGateway(parts: GatewayParts): GatewayView & ReadinessView {
  const { store } = parts;
  const routes = parts.routes.map((route) => ({ name: route.model, upstreams: [...new Set(route.targets.map((target) => target.upstream))] }));
  const passthrough = parts.requirePassthrough === false ? [] : [...parts.upstreams.keys()];
  return {
    upstreams: () =>
      [...parts.upstreams.values()].map((upstream) => ({
        name: upstream.name,
        keys: upstream.pool.snapshot(),
        queueDepth: upstream.queue.depth(),
        oldestWaitMs: upstream.queue.oldestWaitMs(),
      })),
    breakers: () => parts.breakers.states(),
    routes: () => routes,
    passthroughUpstreams: () => passthrough,
    ...(store && {
      clients: () => store.listClientKeys({ includeRevoked: true }).map((key) => ({ id: key.id, name: key.name })),
      storeWritable: () => store.writable(),
    }),
  };
}
