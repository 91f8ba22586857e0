import type { Category } from '../../../src/core/categories.js';
import type { GatewayPolicies } from '../../../src/gateway/config/types.js';
import type { RequestRecord } from '../../../src/gateway/engine/trail.js';

/** Failures that pass by themselves: retried on the same target up to `attemptsPerTarget`, then failed over. */
const TRANSIENT = new Set<Category>(['overloaded', 'server_error', 'timeout', 'network_connect', 'network_reset']);

/**
 * Whether a request that failed could not have succeeded within the policies: it met a transient fault on
 * every attempt its budget allowed (`attemptsPerTarget` on each of its route's targets, or `maxAttempts` in
 * all). A refused key does not count: it is meant to be invisible to the client. A target skipped because its
 * circuit was open does not count either: it was not tried.
 */
export function spentItsBudget(record: RequestRecord, routeTargets: readonly string[], policies: GatewayPolicies): boolean {
  const transient = record.attempts.filter((a) => a.category !== null && TRANSIENT.has(a.category));
  if (transient.length >= policies.maxAttempts) return true;
  return routeTargets.every((target) => transient.filter((a) => a.target === target).length >= policies.attemptsPerTarget);
}
