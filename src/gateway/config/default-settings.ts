import { DEFAULTS } from '../../core/defaults.js';
import type { GatewayLimits, GatewayPolicies } from './types.js';

/** The policies and limits a config that sets nothing gets: `DEFAULTS.gateway`, in the contract's shape. */
export function defaultPolicies(): GatewayPolicies {
  const d = DEFAULTS.gateway;
  return {
    attemptsPerTarget: d.attemptsPerTarget,
    maxAttempts: d.maxAttempts,
    backoff: { ...d.backoff },
    timeouts: { ...d.timeouts },
    breaker: { ...d.breaker },
    resumeStreams: d.resumeStreams,
  };
}

export function defaultLimits(): GatewayLimits {
  const d = DEFAULTS.gateway;
  return {
    maxBodyBytes: d.maxBodyBytes,
    queue: { ...d.queue },
    keys: { ...d.keys },
    connectionsPerUpstream: d.connectionsPerUpstream,
    rememberedResponses: d.rememberedResponses,
    backgroundUsage: { firstCheckMs: d.backgroundUsage.firstCheckMs, maxCheckIntervalMs: d.backgroundUsage.maxCheckIntervalMs, giveUpAfterMs: d.backgroundUsage.giveUpAfterMs },
  };
}
