import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultLimits, defaultPolicies } from '../../../src/gateway/config/default-settings.js';
import type { GatewayConfig, GatewayLimits, GatewayPolicies, RouteConfig, UpstreamConfig, UpstreamKeyConfig } from '../../../src/gateway/config/types.js';
import { startGateway, type RunningGateway } from '../../../src/gateway/start-gateway.js';
import type { GatewayHooks } from '../../../src/gateway/server/gateway-server.js';
import type { MockOptions } from '../../../src/mock/options.js';
import { startMock, type RunningMock } from '../../../src/mock/start-mock.js';
import type { UpstreamProvider } from '../../../src/providers/wire.js';

export type PolicyOverrides = Partial<Omit<GatewayPolicies, 'timeouts' | 'backoff' | 'breaker'>> & {
  timeouts?: Partial<GatewayPolicies['timeouts']>;
  backoff?: Partial<GatewayPolicies['backoff']>;
  breaker?: Partial<GatewayPolicies['breaker']>;
};

/** Fast policies for tests: short backoffs and time limits, so failovers happen in milliseconds. */
export function testPolicies(overrides: PolicyOverrides = {}): GatewayPolicies {
  const base = defaultPolicies();
  return {
    ...base,
    ...overrides,
    backoff: { ...base.backoff, baseDelayMs: 5, maxDelayMs: 20, ...overrides.backoff },
    timeouts: { ...base.timeouts, firstTokenMs: 1_000, streamIdleMs: 1_000, responseMs: 2_000, totalMs: 10_000, ...overrides.timeouts },
    breaker: { ...base.breaker, ...overrides.breaker },
  };
}

export interface UpstreamSpec {
  name: string;
  provider: UpstreamProvider;
  keys: string[];
  proxy?: string | null;
  regionProxy?: string | null;
  baseUrl?: string;
  /** Budgets given to every key of this upstream (default: none configured). */
  keyBudgets?: Partial<Pick<UpstreamKeyConfig, 'maxInFlight' | 'requestsPerMinute' | 'tokensPerMinute'>>;
}

export type LimitOverrides = Partial<Omit<GatewayLimits, 'queue' | 'keys'>> & {
  queue?: Partial<GatewayLimits['queue']>;
  keys?: Partial<GatewayLimits['keys']>;
};

export interface RouteSpec {
  model: string;
  targets: Array<{ upstream: string; model: string; weight?: number }>;
  policies?: PolicyOverrides;
}

export function mockBaseUrl(mock: RunningMock, provider: UpstreamProvider): string {
  if (provider === 'anthropic') return mock.baseUrls.anthropic;
  if (provider === 'gemini') return mock.baseUrls.gemini;
  return mock.baseUrls.openai;
}

export function gatewayConfig(mock: RunningMock, upstreams: UpstreamSpec[], routes: RouteSpec[] = [], policies: PolicyOverrides = {}, limits: LimitOverrides = {}): GatewayConfig {
  const global = testPolicies(policies);
  const upstreamConfigs: UpstreamConfig[] = upstreams.map((u) => ({
    name: u.name,
    provider: u.provider,
    baseUrl: u.baseUrl ?? mockBaseUrl(mock, u.provider),
    keys: u.keys.map((secret, i) => ({ secret, label: `${u.name}.keys[${i}]`, maxInFlight: null, requestsPerMinute: null, tokensPerMinute: null, ...u.keyBudgets })),
    proxy: u.proxy ?? null,
    regionProxy: u.regionProxy ?? null,
    headers: {},
  }));
  const routeConfigs: RouteConfig[] = routes.map((r) => ({
    model: r.model,
    targets: r.targets.map((t) => ({ upstream: t.upstream, model: t.model, weight: t.weight ?? null })),
    policies: { ...testPolicies({ ...policies, ...r.policies, timeouts: { ...policies.timeouts, ...r.policies?.timeouts } }) },
  }));
  return {
    listen: { host: '127.0.0.1', port: 0 },
    upstreams: upstreamConfigs,
    routes: routeConfigs,
    policies: global,
    limits: {
      ...defaultLimits(),
      ...limits,
      queue: { ...defaultLimits().queue, ...limits.queue },
      keys: { ...defaultLimits().keys, reprobeMs: 60_000, ...limits.keys },
    },
    operations: { dataDir: mkdtempSync(join(tmpdir(), 'llmdoctor-gateway-')), adminToken: null, allowOpen: false, logLevel: 'silent', usage: { record: true, batchSize: 500, flushMs: 50 } },
    source: { file: null, keyVariables: [] },
  };
}

export interface Rig {
  mock: RunningMock;
  gateway: RunningGateway;
  close(): Promise<void>;
}

/**
 * A mock (with `mockOptions`, e.g. random faults) and a gateway in front of it; close both when done.
 * `random` drives the gateway's weighted choices and jitter (seed it for repeatable spreads).
 */
export async function startRig(build: (mock: RunningMock) => GatewayConfig, hooks?: GatewayHooks, mockOptions: MockOptions = {}, random?: () => number): Promise<Rig> {
  const mock = await startMock({ ...mockOptions, port: 0 });
  const config = build(mock);
  let gateway: RunningGateway;
  try {
    gateway = await startGateway({ config, hooks, random });
  } catch (error) {
    await mock.close();
    throw error;
  }
  return {
    mock,
    gateway,
    close: async () => {
      await gateway.close();
      await mock.close();
      rmSync(config.operations.dataDir, { recursive: true, force: true });
    },
  };
}
