import { BoundedCache } from '../../core/bounded-cache.js';
import type { GatewayConfig, GatewayPolicies, RouteConfig } from '../config/types.js';
import type { Upstream } from './upstream.js';

/** One place a request may be served: an upstream and the model to ask it for. */
export interface Target {
  /** `upstream/model`: names the target in breakers, logs and headers. */
  id: string;
  upstream: Upstream;
  model: string | null;
  /** The one key of the upstream that may serve (the request needs an answer only its account holds). */
  pinnedKey?: number;
}

export interface RoutePlan {
  /** The route's name (the model asked for), or null for a passthrough. */
  route: string | null;
  /** In the order they are tried. */
  targets: Target[];
  policies: GatewayPolicies;
}

/** Passthrough plans remembered at most (one per family and model asked: the callers' choice). */
const REMEMBERED_PLANS = 256;

/**
 * Where a request for `model` in a format may go. A configured route names its targets (weighted ones
 * take turns at being first, the rest keep their order); any other model passes through, unchanged, to
 * the upstreams that speak the caller's format, in config order. Only targets whose upstream speaks the
 * caller's format are kept (translating between formats would slot in here).
 */
export class RoutePlanner {
  private readonly routes = new Map<string, RouteConfig>();
  /** Passthrough plans already made, by family and model: they never change, and the same few come back. */
  private readonly passthroughs = new BoundedCache<string, RoutePlan>(REMEMBERED_PLANS);

  constructor(
    private readonly config: GatewayConfig,
    private readonly upstreams: ReadonlyMap<string, Upstream>,
    private readonly random: () => number = Math.random,
  ) {
    for (const route of config.routes) this.routes.set(route.model, route);
  }

  plan(family: string, model: string | null): RoutePlan {
    const route = model === null ? undefined : this.routes.get(model);
    if (route === undefined) return this.passthrough(family, model);
    const targets = this.ordered(route)
      .map((target) => ({ id: `${target.upstream}/${target.model}`, upstream: this.upstreams.get(target.upstream)!, model: target.model }))
      .filter((target) => target.upstream.wire.family === family);
    return { route: route.model, targets, policies: route.policies };
  }

  private passthrough(family: string, model: string | null): RoutePlan {
    const key = model === null ? family : `${family}/${model}`;
    const known = this.passthroughs.get(key);
    if (known !== undefined) return known;
    const targets = [...this.upstreams.values()]
      .filter((upstream) => upstream.wire.family === family)
      .map((upstream) => ({ id: `${upstream.name}/${model ?? '*'}`, upstream, model }));
    const plan: RoutePlan = { route: null, targets, policies: this.config.policies };
    this.passthroughs.set(key, plan);
    return plan;
  }

  /** Route names, for the model listing. */
  routeNames(): string[] {
    return [...this.routes.keys()];
  }

  private ordered(route: RouteConfig): RouteConfig['targets'] {
    const weighted = route.targets.filter((target) => target.weight !== null);
    if (weighted.length < 2) return route.targets;
    const total = weighted.reduce((sum, target) => sum + (target.weight ?? 0), 0);
    let pick = this.random() * total;
    const first = weighted.find((target) => (pick -= target.weight ?? 0) < 0) ?? weighted[weighted.length - 1]!;
    return [first, ...route.targets.filter((target) => target !== first)];
  }
}
