import type { Usage } from '../../providers/wire.js';
import type { RequestRecord } from '../engine/trail.js';
import type { CircuitState } from '../pool/types.js';
import type { GatewayView, UpstreamState } from './gateway-view.js';
import { MetricsRegistry, type Counter, type GaugeSample, type Histogram, type RegistryOptions } from './metrics-registry.js';

const PREFIX = 'llmdoctor_';
/** The route label of a request for a model no route names. */
export const PASSTHROUGH_ROUTE = '(passthrough)';
/** An absent value (no client key, no model, no upstream) is an empty label: Prometheus reads it as no label. */
const NONE = '';

/** Seconds; an upstream attempt or a whole request, streams included. */
const DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
const FIRST_TOKEN_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 20, 30, 60];

const BREAKER_VALUE: Record<CircuitState, number> = { closed: 0, 'half-open': 1, open: 2 };
const KEY_STATES = ['healthy', 'cooling', 'disabled'] as const;

/**
 * The gateway's Prometheus metrics: counters and histograms fed by one RequestRecord per request (`observe`, on
 * the hot path: a few map lookups), gauges read from the live view at scrape time (`render`).
 */
export class GatewayMetrics {
  private readonly registry: MetricsRegistry;
  private readonly requests: Counter;
  private readonly attempts: Counter;
  private readonly retries: Counter;
  private readonly fallbacks: Counter;
  private readonly resumed: Counter;
  private readonly malformed: Counter;
  private readonly tokens: Counter;
  private readonly upstreamLatency: Histogram;
  private readonly firstToken: Histogram;
  private readonly duration: Histogram;
  /** The upstreams as read once per scrape, shared by the gauges that need them. */
  private scraped: UpstreamState[] | null = null;

  constructor(
    private readonly view: GatewayView,
    options: RegistryOptions = {},
  ) {
    const registry = new MetricsRegistry(options);
    this.registry = registry;
    this.requests = registry.counter(`${PREFIX}requests_total`, 'Requests served or refused after admission, by route, model (served, else asked), status and client key id.', ['route', 'model', 'status', 'client']);
    this.attempts = registry.counter(`${PREFIX}attempts_total`, 'Attempts sent upstream, by upstream and outcome (ok or the failure category).', ['upstream', 'outcome']);
    this.retries = registry.counter(`${PREFIX}retries_total`, 'Attempts made after a failed one (another key, the same target again or the next target), by the category that caused them.', ['category']);
    this.fallbacks = registry.counter(`${PREFIX}fallbacks_total`, 'Requests served by another target than the one tried first.', ['route']);
    this.resumed = registry.counter(`${PREFIX}resumed_streams_total`, 'Streams cut after their first token and resumed on another attempt.');
    this.malformed = registry.counter(`${PREFIX}malformed_chunks_total`, 'Garbled stream events dropped (never forwarded).');
    this.tokens = registry.counter(`${PREFIX}tokens_total`, 'Tokens the providers reported, by direction, model (served, else asked) and client key id.', ['direction', 'model', 'client']);
    this.upstreamLatency = registry.histogram(`${PREFIX}upstream_latency_seconds`, 'Duration of each attempt, from sending it to its outcome (a whole stream when it was served).', ['upstream'], DURATION_BUCKETS);
    this.firstToken = registry.histogram(`${PREFIX}time_to_first_token_seconds`, 'From receiving a streamed request to its first token reaching the client.', ['route'], FIRST_TOKEN_BUCKETS);
    this.duration = registry.histogram(`${PREFIX}request_duration_seconds`, 'From receiving a request to its end.', ['route'], DURATION_BUCKETS);

    registry.gauge(`${PREFIX}breaker_state`, 'Circuit breaker per target (upstream/model): 0 closed, 1 half-open, 2 open.', ['target'], () => this.breakerSamples());
    registry.gauge(`${PREFIX}queue_depth`, 'Requests waiting for one of the upstream\'s keys to have room.', ['upstream'], () =>
      this.upstreamStates().map((upstream) => ({ labels: [upstream.name], value: upstream.queueDepth })),
    );
    registry.gauge(`${PREFIX}queue_oldest_wait_seconds`, 'How long the oldest waiting request has waited.', ['upstream'], () =>
      this.upstreamStates().map((upstream) => ({ labels: [upstream.name], value: upstream.oldestWaitMs / 1000 })),
    );
    registry.gauge(`${PREFIX}key_health`, 'Each upstream key\'s state (1 for the current one), the key named by its fingerprint.', ['upstream', 'key', 'state'], () => this.keyHealthSamples());
    registry.gauge(`${PREFIX}key_in_flight`, 'Requests in flight per upstream key.', ['upstream', 'key'], () =>
      this.upstreamStates().flatMap((upstream) => upstream.keys.map((key) => ({ labels: [upstream.name, key.fingerprint], value: key.inFlight }))),
    );
    registry.gauge(`${PREFIX}client_info`, 'Client key names, to join on the client label.', ['client', 'name'], () =>
      (this.view.clients?.() ?? []).map((client) => ({ labels: [client.id, client.name ?? NONE], value: 1 })),
    );
  }

  observe(record: RequestRecord): void {
    const route = record.route ?? PASSTHROUGH_ROUTE;
    const model = record.modelServed ?? record.modelAsked ?? NONE;
    const client = record.clientKeyId ?? NONE;
    this.requests.inc([route, model, String(record.status), client]);
    const { attempts } = record;
    let servedBy: string | null = null;
    for (let index = 0; index < attempts.length; index++) {
      const attempt = attempts[index]!;
      this.attempts.inc([attempt.upstream, attempt.category ?? 'ok']);
      this.upstreamLatency.observe([attempt.upstream], attempt.durationMs / 1000);
      if (attempt.category === null) servedBy = attempt.target;
      // Every attempt but the last was followed by another: that one is a retry caused by this one's failure
      else if (index < attempts.length - 1) this.retries.inc([attempt.category]);
    }
    if (servedBy !== null && servedBy !== attempts[0]!.target) this.fallbacks.inc([route]);
    if (record.resumed) this.resumed.inc([]);
    if (record.malformedChunksDropped > 0) this.malformed.inc([], record.malformedChunksDropped);
    if (record.usage !== null) this.observeTokens(record.usage, model, client);
    if (record.timeToFirstTokenMs !== null) this.firstToken.observe([route], record.timeToFirstTokenMs / 1000);
    this.duration.observe([route], record.latencyMs / 1000);
  }

  /** Tokens the providers reported: a request's, or those of an answer generated after its request (`model`, `client`: NONE when unknown). */
  observeTokens(usage: Usage, model: string | null, client: string | null): void {
    this.tokens.inc(['input', model ?? NONE, client ?? NONE], tokenCount(usage.inputTokens));
    this.tokens.inc(['output', model ?? NONE, client ?? NONE], tokenCount(usage.outputTokens));
  }

  render(): string {
    this.scraped = null;
    try {
      return this.registry.render();
    } finally {
      this.scraped = null;
    }
  }

  private upstreamStates(): UpstreamState[] {
    this.scraped ??= this.view.upstreams();
    return this.scraped;
  }

  /** Breakers not closed first: past the series cap, closed ones are the ones left out. */
  private breakerSamples(): GaugeSample[] {
    return this.view
      .breakers()
      .map((breaker) => ({ labels: [breaker.id], value: BREAKER_VALUE[breaker.state] }))
      .sort((a, b) => b.value - a.value);
  }

  private keyHealthSamples(): GaugeSample[] {
    const samples: GaugeSample[] = [];
    for (const upstream of this.upstreamStates()) {
      for (const key of upstream.keys) {
        for (const state of KEY_STATES) samples.push({ labels: [upstream.name, key.fingerprint, state], value: key.health.state === state ? 1 : 0 });
      }
    }
    return samples;
  }
}

/** A provider's count, as a counter may take it (a garbled usage block must not throw on the hot path). */
function tokenCount(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}
