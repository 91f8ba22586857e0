import type { Upstream } from '../engine/upstream.js';
import type { CircuitBreakers } from '../pool/circuit-breaker.js';
import type { KeySnapshot } from '../pool/key-pool.js';
import type { CircuitState } from '../pool/types.js';

/** One upstream as `/admin/upstreams` shows it. */
export interface UpstreamView {
  name: string;
  provider: string;
  baseUrl: string;
  keys: KeySnapshot[];
  /** Requests waiting for one of its keys to have room. */
  queueDepth: number;
}

/** One target's circuit breaker (`upstream/model`). */
export interface BreakerView {
  id: string;
  state: CircuitState;
  /** While requests are refused: when one may go again (epoch ms). */
  openUntil: number | null;
}

/** What the admin API reads from the running gateway: live state, asked for on each request. */
export interface AdminView {
  upstreams(): UpstreamView[];
  breakers(): BreakerView[];
}

/** The admin view of a running gateway's upstreams and breakers (what `startGateway` returns has both). */
export function adminViewOf(gateway: { upstreams: ReadonlyMap<string, Upstream>; breakers: CircuitBreakers }): AdminView {
  return {
    upstreams: () =>
      [...gateway.upstreams.values()].map((upstream) => ({
        name: upstream.name,
        provider: upstream.config.provider,
        baseUrl: upstream.baseUrl,
        keys: upstream.pool.snapshot(),
        queueDepth: upstream.queue.depth(),
      })),
    breakers: () => gateway.breakers.states(),
  };
}
