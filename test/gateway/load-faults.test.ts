import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fingerprint } from '../../src/core/redact.js';
import type { ScenarioName } from '../../src/core/scenarios.js';
import type { RequestRecord } from '../../src/gateway/engine/trail.js';
import type { RunningMock } from '../../src/mock/start-mock.js';
import type { SimulatedProviderId } from '../../src/providers/simulator.js';
import { gatewayConfig, startRig, testPolicies, type Rig, type UpstreamSpec } from './support/harness.js';
import { loadClients, ROUTES, type Outcome } from './support/load-clients.js';
import { isBadOnPurpose, isStreamed, loadPlan, type Job } from './support/load-plan.js';
import { runConcurrently, settle } from './support/load-runner.js';
import { spentItsBudget } from './support/load-budget.js';
import { summarise } from './support/load-summary.js';

/**
 * A bounded load against a mock that injects transient faults at random (about one attempt in five),
 * with keys in the pools that the provider refuses for good. Whatever could succeed must succeed
 * whole; what must not be retried is not; no stream ends early looking like a success.
 */
const REQUESTS = 1_500;
const CONCURRENCY = 25;
const SEED = 20_240_605;
const FAULTS = 'overloaded=0.05,server_error=0.05,reset=0.03,stream_cut=0.04,timeout=0.01,malformed_chunk=0.02';
const POLICIES = testPolicies();

/** Keys the provider refuses on every request: each must be tried once and then left alone. */
interface RefusedKey {
  upstream: string;
  scenario: ScenarioName;
  fingerprint: string;
}

function pool(mock: RunningMock, provider: SimulatedProviderId, good: number, refusals: ScenarioName[], upstream: string, refused: RefusedKey[]): string[] {
  const keys = Array.from({ length: good }, () => mock.issueKey(provider));
  for (const scenario of refusals) {
    const key = mock.issueKey(provider, scenario);
    refused.push({ upstream, scenario, fingerprint: fingerprint(key) });
    // Spread among the good keys, not all at the end of the pool
    keys.splice(Math.floor(keys.length / 2), 0, key);
  }
  return keys;
}

function upstreams(mock: RunningMock, refused: RefusedKey[]): UpstreamSpec[] {
  return [
    { name: 'openai-main', provider: 'openai', keys: pool(mock, 'openai', 4, ['key_invalid', 'billing'], 'openai-main', refused) },
    { name: 'openai-backup', provider: 'openai', keys: pool(mock, 'openai', 3, ['key_invalid'], 'openai-backup', refused) },
    { name: 'anthropic-main', provider: 'anthropic', keys: pool(mock, 'anthropic', 3, ['billing'], 'anthropic-main', refused) },
    { name: 'anthropic-backup', provider: 'anthropic', keys: pool(mock, 'anthropic', 2, ['key_invalid'], 'anthropic-backup', refused) },
  ];
}

const OPENAI_TARGETS = [
  { upstream: 'openai-main', model: 'gpt-4o' },
  { upstream: 'openai-backup', model: 'gpt-4o-mini' },
];
const ANTHROPIC_TARGETS = [
  { upstream: 'anthropic-main', model: 'claude-sonnet-4-5-20250929' },
  { upstream: 'anthropic-backup', model: 'claude-haiku-4-5-20251001' },
];
/** Target ids (`upstream/model`) of each route, in the order they are tried. */
const ROUTE_TARGETS = new Map<string, string[]>([
  [ROUTES.openai, OPENAI_TARGETS.map((t) => `${t.upstream}/${t.model}`)],
  [ROUTES.anthropic, ANTHROPIC_TARGETS.map((t) => `${t.upstream}/${t.model}`)],
]);
const FIRST_UPSTREAM = new Map<string, string>([
  [ROUTES.openai, OPENAI_TARGETS[0]!.upstream],
  [ROUTES.anthropic, ANTHROPIC_TARGETS[0]!.upstream],
]);

/** The first few outcomes, each with what its attempts met, for an assertion's message. */
function listed(outcomes: readonly Outcome[], records: readonly RequestRecord[]): string {
  return outcomes
    .slice(0, 5)
    .map((o) => {
      const attempts = records.find((r) => r.requestId === o.requestId)?.attempts.map((a) => `${a.target} ${a.status ?? '-'} ${a.category ?? 'served'} ${a.durationMs}ms`);
      return `#${o.job.index} ${o.job.kind} (status ${o.status}, request ${o.requestId}): ${o.problem}\n    attempts: ${attempts?.join(' | ') ?? 'no record'}`;
    })
    .join('\n');
}

describe('gateway under a bounded fault-injection load', () => {
  let rig: Rig | null = null;
  const records: RequestRecord[] = [];
  const gatewayErrors: unknown[] = [];
  const refused: RefusedKey[] = [];
  let jobs: Job[] = [];
  let outcomes: Outcome[] = [];
  let elapsedMs = 0;

  const recordOf = (outcome: Outcome): RequestRecord | undefined => records.find((r) => r.requestId === outcome.requestId);
  const valid = () => outcomes.filter((o) => !isBadOnPurpose(o.job.kind));
  const bad = () => outcomes.filter((o) => isBadOnPurpose(o.job.kind));
  const gatewayAttempts = () => records.reduce((sum, r) => sum + r.attempts.length, 0);
  /** A failure the policies allow: every attempt the budget held met a transient fault (about 0.2^6 of requests). */
  const unlucky = (o: Outcome) => {
    const record = recordOf(o);
    return record !== undefined && record.route !== null && spentItsBudget(record, ROUTE_TARGETS.get(record.route) ?? [], POLICIES);
  };

  before(
    async () => {
      rig = await startRig(
        (mock) =>
          gatewayConfig(
            mock,
            upstreams(mock, refused),
            [
              { model: ROUTES.openai, targets: OPENAI_TARGETS },
              { model: ROUTES.anthropic, targets: ANTHROPIC_TARGETS },
            ],
          ),
        { onRecord: (record) => records.push(record), onError: (error) => gatewayErrors.push(error) },
        { faults: FAULTS, seed: SEED, attemptsKept: 100_000 },
      );
      const clients = loadClients(rig.gateway.url);
      jobs = loadPlan(REQUESTS, SEED);
      const startedAt = Date.now();
      outcomes = await runConcurrently(jobs, CONCURRENCY, (job) => clients.run(job));
      elapsedMs = Date.now() - startedAt;
      // Records are handed over as each request ends and the mock logs an attempt once it answered: let both catch up
      const mock = rig.mock;
      await settle(() => records.length >= jobs.length && mock.attempts().length >= gatewayAttempts(), 3_000);
    },
    { timeout: 60_000 },
  );

  after(async () => {
    await rig?.close();
  });

  it('serves every request that could succeed with a complete answer', (t) => {
    const failed = valid().filter((o) => !o.ok);
    const failures = failed.filter((o) => !unlucky(o));
    t.diagnostic(`${valid().length} requests that could succeed; ${failures.length} failed, ${failed.length - failures.length} more met a fault on every attempt their budget allowed`);
    assert.equal(failures.length, 0, `requests that could succeed but failed:\n${listed(failures, records)}`);
    assert.deepEqual(gatewayErrors, [], 'the gateway reported failures of its own (bugs)');
  });

  it('never ends a stream early looking like a success, and never leaks a malformed chunk', (t) => {
    const streams = valid().filter((o) => isStreamed(o.job.kind));
    const streamErrors = streams.filter((o) => o.streamError && !unlucky(o));
    const raw = streams.filter((o) => o.sse !== null);
    t.diagnostic(`${streams.length} streams (${raw.length} read as raw SSE); stream errors raised by the SDK: ${streams.filter((o) => o.streamError).length}`);
    // A cut that could not be resumed must surface as an error the SDK raises; with a healthy fallback there is none
    assert.equal(streamErrors.length, 0, `streams that ended with an error event:\n${listed(streamErrors, records)}`);
    assert.ok(raw.length >= 50, `too few raw streams to check the markers (${raw.length})`);
    const truncated = raw.filter((o) => o.sse!.endMarkers === 0 && o.sse!.errors === 0);
    assert.equal(truncated.length, 0, `raw streams that ended with neither an end marker nor an error event (a silent truncation):\n${listed(truncated, records)}`);
    const broken = raw.filter((o) => o.sse!.endMarkers > 1 || (o.sse!.endMarkers === 1 && !o.sse!.endsWithMarker) || o.sse!.malformed > 0 || (o.sse!.errors > 0 && !unlucky(o)));
    assert.equal(broken.length, 0, `raw streams with several end markers, events after it, malformed data or an error event:\n${listed(broken, records)}`);
    const incomplete = streams.filter((o) => !o.ok && !o.streamError && o.status === 200);
    assert.equal(incomplete.length, 0, `streams that ended without their completion marker:\n${listed(incomplete, records)}`);
  });

  it('answers bad requests with the provider 400 at once and never retries them', (t) => {
    const bads = bad();
    assert.ok(bads.length >= 20, `the plan holds too few bad requests (${bads.length})`);
    const wrong = bads.filter((o) => o.status !== 400 || o.category !== 'bad_request');
    assert.equal(wrong.length, 0, `bad requests not answered with 400 bad_request:\n${listed(wrong, records)}`);
    for (const o of bads) {
      const record = recordOf(o);
      assert.ok(record, `no record for bad request #${o.job.index} (${o.requestId})`);
      const rejected = record.attempts.filter((a) => a.status === 400);
      // Transport faults (a reset, a silent upstream) may come before the 400 and are retried; nothing comes after it
      assert.equal(rejected.length, 1, `bad request #${o.job.index} reached the provider ${rejected.length} times with a 400: ${JSON.stringify(record.attempts)}`);
      assert.equal(record.attempts[record.attempts.length - 1], rejected[0], `bad request #${o.job.index} was retried after its 400`);
    }
    // The provider's own log: one 400 per bad request. Anthropic refuses an unpaid key with a 400 too: those are not counted
    const refusedKeys = new Set(refused.map((key) => key.fingerprint));
    const mock400 = rig!.mock.attempts().filter((a) => a.outcome === 400 && !refusedKeys.has(a.keyFingerprint ?? '')).length;
    t.diagnostic(`${bads.length} bad requests; the mock answered 400 ${mock400} times with keys that work`);
    assert.equal(mock400, bads.length, 'each bad request appears exactly once among the 400s the provider sent');
  });

  it('tries each permanently refused key at most once over the whole run', (t) => {
    const attempts = rig!.mock.attempts();
    const firstUpstreams = new Set(FIRST_UPSTREAM.values());
    for (const key of refused) {
      const tries = attempts.filter((a) => a.keyFingerprint === key.fingerprint).length;
      const health = rig!.gateway.upstreams
        .get(key.upstream)!
        .pool.snapshot()
        .find((k) => k.fingerprint === key.fingerprint)?.health.state;
      t.diagnostic(`${key.upstream} key ${key.fingerprint} (${key.scenario}): tried ${tries} time(s), now ${health}`);
      assert.ok(tries <= 1, `${key.upstream}'s ${key.scenario} key (fp ${key.fingerprint}) was tried ${tries} times`);
      // A route's first upstream sees every request, so its refused keys were surely met; a backup's only on fallbacks
      if (firstUpstreams.has(key.upstream)) assert.equal(tries, 1, `${key.upstream}'s ${key.scenario} key was never tried: the check above proved nothing`);
      if (tries === 1) assert.equal(health, 'disabled', `${key.upstream}'s ${key.scenario} key was refused but is ${health}, not out of rotation`);
    }
  });

  it('keeps every request within maxAttempts, and its record accounts for every upstream attempt', (t) => {
    assert.equal(records.length, jobs.length, 'one record per request');
    const over = records.filter((r) => r.attempts.length > POLICIES.maxAttempts);
    assert.equal(over.length, 0, `requests over ${POLICIES.maxAttempts} attempts: ${over.map((r) => `${r.requestId}: ${r.attempts.length}`).join(', ')}`);
    const mockAttempts = rig!.mock.attempts().length;
    t.diagnostic(`attempts: ${gatewayAttempts()} in the gateway's records, ${mockAttempts} seen by the mock`);
    assert.equal(gatewayAttempts(), mockAttempts, 'every attempt the provider saw is in a request record, and no other');
  });

  it('met the faults it was built to survive (summary)', (t) => {
    const summary = summarise(records, rig!.mock.attempts(), FIRST_UPSTREAM);
    t.diagnostic(`${summary.requests} requests at concurrency ${CONCURRENCY} in ${elapsedMs} ms, ${summary.attempts} attempts (at most ${summary.mostAttemptsInOneRequest} for one request)`);
    t.diagnostic(`retries by category: ${JSON.stringify(summary.retriesByCategory)}`);
    t.diagnostic(`resumed streams: ${summary.resumedStreams}; fallbacks: ${summary.fallbacks}; first target skipped (circuit open): ${summary.firstTargetSkipped}; malformed chunks dropped: ${summary.malformedChunksDropped}`);
    t.diagnostic(`circuits at the end: ${rig!.gateway.breakers.states().map((b) => `${b.id} ${b.state}`).join(', ')}`);
    t.diagnostic(`mock scenarios played: ${JSON.stringify(summary.mockScenarios)}`);
    t.diagnostic(`rss: ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB (gateway, mock and clients in one process)`);
    // Guards that the run exercised what it claims to: injected faults, their retries, resumes and fallbacks
    const injected = ['overloaded', 'server_error', 'reset', 'stream_cut', 'timeout', 'malformed_chunk'].reduce((sum, name) => sum + (summary.mockScenarios[name] ?? 0), 0);
    assert.ok(injected >= REQUESTS * 0.12, `only ${injected} injected faults were played`);
    assert.ok((summary.retriesByCategory.overloaded ?? 0) > 0 && (summary.retriesByCategory.server_error ?? 0) > 0, 'no overloaded/server_error retries');
    assert.ok(summary.resumedStreams > 0, 'no stream was cut and resumed');
    assert.ok(summary.fallbacks > 0, 'no request was served by a fallback target');
    assert.ok(summary.malformedChunksDropped > 0, 'no malformed chunk met');
  });
});
