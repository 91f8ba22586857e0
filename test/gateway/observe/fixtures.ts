import { randomBytes } from 'node:crypto';
import type { Category } from '../../../src/core/categories.js';
import type { AttemptRecord, RequestRecord } from '../../../src/gateway/engine/trail.js';
import type { GatewayView, KeyState, ReadinessView, UpstreamState } from '../../../src/gateway/observe/gateway-view.js';
import type { CircuitState } from '../../../src/gateway/pool/types.js';
import { diagnosis } from '../pool/fixtures.js';

export function attempt(target: string, category: Category | null, durationMs = 100, keyFingerprint = 'a1b2c3'): AttemptRecord {
  return { target, upstream: target.split('/')[0]!, keyFingerprint, status: category === null ? 200 : 500, category, durationMs };
}

/** A served, non-streamed request on route `smart` by one attempt; override what the test is about. */
export function record(overrides: Partial<RequestRecord> = {}): RequestRecord {
  const attempts = overrides.attempts ?? [attempt('openai/gpt-4o', null, 250)];
  return {
    requestId: `req_${randomBytes(8).toString('hex')}`,
    receivedAt: 1_750_000_000_000,
    clientKeyId: 'ck_team_a',
    operation: 'chat',
    family: 'openai',
    route: 'smart',
    modelAsked: 'smart',
    modelServed: 'gpt-4o',
    upstream: 'openai',
    keyFingerprint: 'a1b2c3',
    status: 200,
    streamed: false,
    resumed: false,
    usage: { inputTokens: 10, outputTokens: 20 },
    latencyMs: 300,
    timeToFirstTokenMs: null,
    malformedChunksDropped: 0,
    answerId: null,
    ...overrides,
    attempts,
    categories: overrides.categories ?? attempts.flatMap((each) => (each.category ? [each.category] : [])),
  };
}

export function key(fingerprint: string, state: 'healthy' | 'cooling' | 'disabled', inFlight = 0): KeyState {
  const health =
    state === 'healthy'
      ? { state }
      : state === 'cooling'
        ? { state, until: 1_750_000_030_000, reason: 'rate limited' }
        : { state, since: 1_750_000_000_000, diagnosis: diagnosis('key_invalid'), lastProbe: null };
  return { fingerprint, health, inFlight };
}

export function upstream(name: string, keys: KeyState[], queueDepth = 0, oldestWaitMs = 0): UpstreamState {
  return { name, keys, queueDepth, oldestWaitMs };
}

/** A view whose parts the test sets directly, counting how often the upstreams are read. */
export class FakeView implements GatewayView, ReadinessView {
  upstreamList: UpstreamState[] = [];
  breakerList: Array<{ id: string; state: CircuitState }> = [];
  clientList: Array<{ id: string; name: string | null }> | null = null;
  routeList: Array<{ name: string; upstreams: string[] }> = [];
  passthrough: string[] = [];
  writable: (() => boolean) | null = () => true;
  upstreamReads = 0;

  upstreams(): UpstreamState[] {
    this.upstreamReads++;
    return this.upstreamList;
  }

  breakers(): Array<{ id: string; state: CircuitState }> {
    return this.breakerList;
  }

  get clients(): GatewayView['clients'] {
    const list = this.clientList;
    return list === null ? undefined : () => list;
  }

  routes(): Array<{ name: string; upstreams: string[] }> {
    return this.routeList;
  }

  passthroughUpstreams(): string[] {
    return this.passthrough;
  }

  get storeWritable(): ReadinessView['storeWritable'] {
    return this.writable ?? undefined;
  }
}

/** Key-shaped secrets made fresh for each test run, so a leak cannot hide behind a fixed string. */
export function freshOpenAiKey(): string {
  return `sk-proj-${randomBytes(36).toString('base64url')}`;
}

export function freshClientKey(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return `llmd_${[...randomBytes(40)].map((byte) => alphabet[byte % 62]).join('')}`;
}
