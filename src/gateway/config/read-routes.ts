import { closestName } from './closest-name.js';
import { readPolicies } from './read-policies.js';
import { readName, readPositive } from './read-values.js';
import { shorten } from './shorten.js';
import { configError, fieldsOf, given, itemsOf, required, type Setting } from './setting.js';
import type { GatewayPolicies, RouteConfig, TargetConfig } from './types.js';

const ROUTE_FIELDS = ['model', 'targets', 'policies'] as const;
const TARGET_FIELDS = ['upstream', 'model', 'weight'] as const;

/** `routes`: each model name once, each target on a known upstream; a route's policies override the global ones. */
export function readRoutes(setting: Setting | undefined, upstreamNames: readonly string[], globalPolicies: GatewayPolicies): RouteConfig[] {
  const present = given(setting);
  if (present === undefined) return [];
  const routes: RouteConfig[] = [];
  const lines = new Map<string, number | null>();
  for (const item of itemsOf(present, 'routes')) {
    const fields = fieldsOf(item, ROUTE_FIELDS);
    const model = readName(required(fields.model, item, `${item.path} has no model: add model: <the name clients ask for>`));
    if (lines.has(model)) {
      throw configError(item, `${item.path}: a route for model "${shorten(model)}" is already defined (line ${lines.get(model)}): merge their targets into one route`);
    }
    lines.set(model, item.line);
    routes.push({
      model,
      targets: readTargets(fields.targets, item, upstreamNames),
      policies: readPolicies(fields.policies, globalPolicies),
    });
  }
  return routes;
}

function readTargets(setting: Setting | undefined, route: Setting, upstreamNames: readonly string[]): TargetConfig[] {
  const example = '- { upstream: <upstream name>, model: <model name> }';
  const list = required(setting, route, `${route.path} has no targets: add targets: with at least one ${example}`);
  const items = itemsOf(list, 'targets');
  if (items.length === 0) throw configError(list, `${list.path} is empty: add at least one target ${example}`);
  return items.map((item) => {
    const fields = fieldsOf(item, TARGET_FIELDS);
    const upstreamSetting = required(fields.upstream, item, `${item.path} has no upstream: add upstream: (one of ${upstreamNames.join(', ')})`);
    const upstream = readName(upstreamSetting);
    if (!upstreamNames.includes(upstream)) {
      const suggestion = closestName(upstream, upstreamNames);
      const hint = suggestion === null ? `the upstreams are ${upstreamNames.join(', ')}` : `did you mean ${suggestion}?`;
      throw configError(upstreamSetting, `${upstreamSetting.path}: no upstream is named "${shorten(upstream)}"; ${hint}`);
    }
    const model = readName(required(fields.model, item, `${item.path} has no model: add model: <the upstream's model name>`));
    const weight = given(fields.weight);
    return { upstream, model, weight: weight === undefined ? null : readPositive(weight) };
  });
}
