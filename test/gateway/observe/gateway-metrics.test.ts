import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayMetrics, PASSTHROUGH_ROUTE } from '../../../src/gateway/observe/gateway-metrics.js';
import { viewOfGateway } from '../../../src/gateway/observe/gateway-view.js';
import type { Upstream } from '../../../src/gateway/engine/upstream.js';
import { AdmissionQueue } from '../../../src/gateway/pool/admission-queue.js';
import { CircuitBreakers } from '../../../src/gateway/pool/circuit-breaker.js';
import { KeyPool } from '../../../src/gateway/pool/key-pool.js';
import { fingerprint } from '../../../src/core/redact.js';
import { parseExposition, samplesOf, valueOf } from './exposition-parser.js';
import { attempt, FakeView, key, record, upstream } from './fixtures.js';
import { diagnosis, keyConfigs, LIMITS, secretOf } from '../pool/fixtures.js';

function scrape(metrics: GatewayMetrics) {
  return parseExposition(metrics.render());
}

describe('GatewayMetrics', () => {
  it('counts requests, attempts, retries, fallbacks and tokens from a sequence of records', () => {
    const metrics = new GatewayMetrics(new FakeView());
    // 1: served at once
    metrics.observe(record());
    // 2: a retry on the same target after overloaded, then served: no fallback
    metrics.observe(record({ attempts: [attempt('openai/gpt-4o', 'overloaded', 40), attempt('openai/gpt-4o', null, 300)] }));
    // 3: rate limited, then served by the next target: a fallback
    metrics.observe(
      record({
        attempts: [attempt('openai/gpt-4o', 'rate_limited', 20), attempt('anthropic/claude', null, 700)],
        upstream: 'anthropic',
        modelServed: 'claude',
        usage: { inputTokens: 5, outputTokens: 7 },
      }),
    );
    // 4: every attempt failed: a 502, and the last failure caused no retry
    metrics.observe(
      record({
        status: 502,
        attempts: [attempt('openai/gpt-4o', 'server_error', 10), attempt('anthropic/claude', 'server_error', 10)],
        upstream: null,
        modelServed: null,
        usage: null,
      }),
    );
    // 5: a passthrough stream without a client key, resumed after a cut, with garbled events
    metrics.observe(
      record({
        route: null,
        clientKeyId: null,
        modelAsked: 'gpt-4o-mini',
        modelServed: 'gpt-4o-mini',
        streamed: true,
        resumed: true,
        malformedChunksDropped: 2,
        timeToFirstTokenMs: 450,
        latencyMs: 2000,
        attempts: [attempt('openai/gpt-4o-mini', 'network_reset', 900), attempt('openai/gpt-4o-mini', null, 800)],
        usage: { inputTokens: 3, outputTokens: 4 },
      }),
    );

    const parsed = scrape(metrics);
    assert.equal(valueOf(parsed, 'llmdoctor_requests_total', { route: 'smart', model: 'gpt-4o', status: '200', client: 'ck_team_a' }), 2);
    assert.equal(valueOf(parsed, 'llmdoctor_requests_total', { route: 'smart', model: 'claude', status: '200' }), 1);
    assert.equal(valueOf(parsed, 'llmdoctor_requests_total', { route: 'smart', model: 'smart', status: '502' }), 1, 'no model served: the one asked');
    assert.equal(valueOf(parsed, 'llmdoctor_requests_total', { route: PASSTHROUGH_ROUTE, model: 'gpt-4o-mini', client: '' }), 1);

    assert.equal(valueOf(parsed, 'llmdoctor_attempts_total', { upstream: 'openai', outcome: 'ok' }), 3);
    assert.equal(valueOf(parsed, 'llmdoctor_attempts_total', { upstream: 'anthropic', outcome: 'ok' }), 1);
    assert.equal(valueOf(parsed, 'llmdoctor_attempts_total', { upstream: 'openai', outcome: 'server_error' }), 1);
    assert.equal(valueOf(parsed, 'llmdoctor_attempts_total', { upstream: 'anthropic', outcome: 'server_error' }), 1);
    assert.equal(samplesOf(parsed, 'llmdoctor_attempts_total').reduce((sum, sample) => sum + sample.value, 0), 9);

    assert.deepEqual(
      Object.fromEntries(samplesOf(parsed, 'llmdoctor_retries_total').map((sample) => [sample.labels.category, sample.value])),
      { overloaded: 1, rate_limited: 1, server_error: 1, network_reset: 1 },
    );
    assert.equal(valueOf(parsed, 'llmdoctor_fallbacks_total', { route: 'smart' }), 1);
    assert.equal(samplesOf(parsed, 'llmdoctor_fallbacks_total').length, 1);
    assert.equal(valueOf(parsed, 'llmdoctor_resumed_streams_total'), 1);
    assert.equal(valueOf(parsed, 'llmdoctor_malformed_chunks_total'), 2);

    assert.equal(valueOf(parsed, 'llmdoctor_tokens_total', { direction: 'input', model: 'gpt-4o', client: 'ck_team_a' }), 20);
    assert.equal(valueOf(parsed, 'llmdoctor_tokens_total', { direction: 'output', model: 'gpt-4o', client: 'ck_team_a' }), 40);
    assert.equal(valueOf(parsed, 'llmdoctor_tokens_total', { direction: 'output', model: 'claude' }), 7);
    assert.equal(valueOf(parsed, 'llmdoctor_tokens_total', { direction: 'input', model: 'gpt-4o-mini', client: '' }), 3);

    assert.equal(valueOf(parsed, 'llmdoctor_upstream_latency_seconds_count', { upstream: 'openai' }), 7);
    assert.equal(valueOf(parsed, 'llmdoctor_upstream_latency_seconds_bucket', { upstream: 'openai', le: '0.05' }), 3, 'the 10, 20 and 40 ms attempts');
    assert.equal(valueOf(parsed, 'llmdoctor_upstream_latency_seconds_bucket', { upstream: 'anthropic', le: '1' }), 2);
    assert.equal(valueOf(parsed, 'llmdoctor_request_duration_seconds_count', { route: 'smart' }), 4);
    assert.equal(valueOf(parsed, 'llmdoctor_request_duration_seconds_sum', { route: PASSTHROUGH_ROUTE }), 2);
    assert.equal(valueOf(parsed, 'llmdoctor_time_to_first_token_seconds_count', { route: PASSTHROUGH_ROUTE }), 1);
    assert.equal(valueOf(parsed, 'llmdoctor_time_to_first_token_seconds_bucket', { route: PASSTHROUGH_ROUTE, le: '0.25' }), 0);
    assert.equal(valueOf(parsed, 'llmdoctor_time_to_first_token_seconds_bucket', { route: PASSTHROUGH_ROUTE, le: '0.5' }), 1);
    assert.equal(samplesOf(parsed, 'llmdoctor_time_to_first_token_seconds_count', { route: 'smart' }).length, 0, 'no TTFT without a stream');
  });

  it('reads breakers, queues, keys and client names from the view at scrape time', () => {
    const view = new FakeView();
    view.breakerList = [
      { id: 'openai/gpt-4o', state: 'closed' },
      { id: 'anthropic/claude', state: 'open' },
      { id: 'gemini/flash', state: 'half-open' },
    ];
    view.upstreamList = [
      upstream('openai', [key('aaaaaa', 'healthy', 3), key('bbbbbb', 'cooling'), key('cccccc', 'disabled')], 4, 1500),
      upstream('anthropic', [key('dddddd', 'healthy', 1)]),
    ];
    view.clientList = [{ id: 'ck_team_a', name: 'team "A"' }, { id: 'ck_unnamed', name: null }];
    const metrics = new GatewayMetrics(view);
    let parsed = scrape(metrics);
    assert.equal(valueOf(parsed, 'llmdoctor_breaker_state', { target: 'openai/gpt-4o' }), 0);
    assert.equal(valueOf(parsed, 'llmdoctor_breaker_state', { target: 'gemini/flash' }), 1);
    assert.equal(valueOf(parsed, 'llmdoctor_breaker_state', { target: 'anthropic/claude' }), 2);
    assert.equal(valueOf(parsed, 'llmdoctor_queue_depth', { upstream: 'openai' }), 4);
    assert.equal(valueOf(parsed, 'llmdoctor_queue_oldest_wait_seconds', { upstream: 'openai' }), 1.5);
    assert.equal(valueOf(parsed, 'llmdoctor_queue_depth', { upstream: 'anthropic' }), 0);
    const health = (fp: string) =>
      Object.fromEntries(samplesOf(parsed, 'llmdoctor_key_health', { upstream: 'openai', key: fp }).map((sample) => [sample.labels.state, sample.value]));
    assert.deepEqual(health('aaaaaa'), { healthy: 1, cooling: 0, disabled: 0 });
    assert.deepEqual(health('bbbbbb'), { healthy: 0, cooling: 1, disabled: 0 });
    assert.deepEqual(health('cccccc'), { healthy: 0, cooling: 0, disabled: 1 });
    assert.equal(valueOf(parsed, 'llmdoctor_key_in_flight', { upstream: 'openai', key: 'aaaaaa' }), 3);
    assert.equal(valueOf(parsed, 'llmdoctor_key_in_flight', { upstream: 'anthropic', key: 'dddddd' }), 1);
    assert.equal(valueOf(parsed, 'llmdoctor_client_info', { client: 'ck_team_a', name: 'team "A"' }), 1);
    assert.equal(valueOf(parsed, 'llmdoctor_client_info', { client: 'ck_unnamed', name: '' }), 1);
    assert.equal(view.upstreamReads, 1, 'the upstreams are read once per scrape, not once per gauge');

    // The state is read again at the next scrape
    view.upstreamList = [upstream('openai', [key('aaaaaa', 'disabled')], 0, 0)];
    view.breakerList = [{ id: 'openai/gpt-4o', state: 'open' }];
    parsed = scrape(metrics);
    assert.equal(valueOf(parsed, 'llmdoctor_key_health', { upstream: 'openai', key: 'aaaaaa', state: 'disabled' }), 1);
    assert.equal(valueOf(parsed, 'llmdoctor_breaker_state', { target: 'openai/gpt-4o' }), 2);
    assert.equal(samplesOf(parsed, 'llmdoctor_queue_depth').length, 1);
    assert.equal(view.upstreamReads, 2);
  });

  it('bounds memory when clients name random models', () => {
    const metrics = new GatewayMetrics(new FakeView(), { maxSeriesPerMetric: 100 });
    for (let index = 0; index < 5000; index++) {
      metrics.observe(record({ route: null, modelAsked: `model-${index}`, modelServed: `model-${index}` }));
    }
    const parsed = scrape(metrics);
    assert.equal(samplesOf(parsed, 'llmdoctor_requests_total').length, 101);
    assert.equal(samplesOf(parsed, 'llmdoctor_tokens_total').length, 101);
    assert.equal(valueOf(parsed, 'llmdoctor_requests_total', { model: 'other' }), 4900);
    assert.equal(samplesOf(parsed, 'llmdoctor_requests_total').reduce((sum, sample) => sum + sample.value, 0), 5000, 'nothing is lost, only folded');
  });

  it('shows open breakers first when there are more than it keeps', () => {
    const view = new FakeView();
    view.breakerList = [...Array.from({ length: 20 }, (_, index) => ({ id: `up/m${index}`, state: 'closed' as const })), { id: 'up/dead', state: 'open' }];
    const parsed = scrape(new GatewayMetrics(view, { maxSeriesPerMetric: 5 }));
    assert.equal(samplesOf(parsed, 'llmdoctor_breaker_state').length, 5);
    assert.equal(valueOf(parsed, 'llmdoctor_breaker_state', { target: 'up/dead' }), 2);
  });

  it('takes garbled token counts without throwing on the request path', () => {
    const metrics = new GatewayMetrics(new FakeView());
    metrics.observe(record({ usage: { inputTokens: Number.NaN, outputTokens: -5 } }));
    const parsed = scrape(metrics);
    assert.equal(valueOf(parsed, 'llmdoctor_tokens_total', { direction: 'input' }), 0);
    assert.equal(valueOf(parsed, 'llmdoctor_tokens_total', { direction: 'output' }), 0);
  });

  it('reads a running gateway\'s pools, queues and breakers through viewOfGateway', async () => {
    const pool = new KeyPool({ upstream: 'openai', keys: keyConfigs(2), limits: LIMITS, rateHeaders: [] });
    const queue = new AdmissionQueue({ maxSize: 10 });
    const held = pool.acquire(0);
    assert.ok('keyIndex' in held);
    pool.release(pool.acquire(0) as never, { kind: 'disable', diagnosis: diagnosis('key_invalid') });
    const controller = new AbortController();
    const waiting = queue.wait(Date.now() + 60_000, null, controller.signal);
    const breakers = new CircuitBreakers();
    const breaker = breakers.get('openai/gpt-4o', { failureThreshold: 1, openMs: 60_000 });
    breaker.failure();
    const view = viewOfGateway({
      upstreams: new Map([['openai', { name: 'openai', pool, queue } as unknown as Upstream]]),
      breakers,
      routes: [],
      store: { writable: () => true, listClientKeys: () => [] },
    });
    const parsed = scrape(new GatewayMetrics(view));
    const [first, second] = [fingerprint(secretOf(0)), fingerprint(secretOf(1))];
    assert.equal(valueOf(parsed, 'llmdoctor_key_in_flight', { upstream: 'openai', key: first }), 1);
    assert.equal(valueOf(parsed, 'llmdoctor_key_health', { upstream: 'openai', key: second, state: 'disabled' }), 1);
    assert.equal(valueOf(parsed, 'llmdoctor_queue_depth', { upstream: 'openai' }), 1);
    assert.equal(valueOf(parsed, 'llmdoctor_breaker_state', { target: 'openai/gpt-4o' }), 2);
    controller.abort();
    assert.equal(await waiting, 'aborted');
    pool.close();
  });
});
