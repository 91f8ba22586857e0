import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ScenarioName } from '../../../src/core/scenarios.js';
import { expectRefusal, sameWording, type Mode, type Refusal } from './call-outcome.js';
import { gatewayConfig, startRig, type Rig, type RouteSpec, type UpstreamSpec } from './harness.js';
import { attemptsWith, outcomes, settledAttemptsWith } from './mock-attempts.js';
import type { SdkAdapter } from './sdk-adapter.js';

const MODES: readonly Mode[] = ['plain', 'stream'];
const ATTEMPTS_PER_TARGET = 3;

/** Routes where nothing can serve: both targets play the scenario (the cut route has one target). */
const FAILING: Record<string, { scenario: ScenarioName; targets: number }> = {
  refused: { scenario: 'key_invalid', targets: 2 },
  overloaded: { scenario: 'overloaded', targets: 2 },
  limited: { scenario: 'rate_limited', targets: 2 },
  cut: { scenario: 'stream_cut', targets: 1 },
};

/**
 * When no target can serve, the client gets one error in its own format: the SDK's class for the
 * status, the provider's message, our diagnosis in `error.llmdoctor`, and the retry advice SDKs read
 * (`x-should-retry`, `retry-after`).
 */
export function describeFinalErrors(sdk: SdkAdapter): void {
  describe(`${sdk.provider} SDK through the gateway: final errors when no target can serve`, () => {
    let rig: Rig;
    const keys = new Map<string, string[]>();

    before(async () => {
      rig = await startRig((mock) => {
        const upstreams: UpstreamSpec[] = [];
        const routes: RouteSpec[] = [];
        for (const [name, { scenario, targets }] of Object.entries(FAILING)) {
          for (const mode of MODES) {
            const route = `${name}-${mode}`;
            const routeKeys = Array.from({ length: targets }, () => mock.issueKey(sdk.provider, scenario));
            keys.set(route, routeKeys);
            routeKeys.forEach((key, i) => upstreams.push({ name: `${route}-${i + 1}`, provider: sdk.provider, keys: [key] }));
            routes.push({ model: route, targets: routeKeys.map((_, i) => ({ upstream: `${route}-${i + 1}`, model: sdk.model })), policies: { attemptsPerTarget: name === 'cut' ? 1 : ATTEMPTS_PER_TARGET } });
          }
        }
        // A request waits for a resting key no longer than this: the rate-limited routes answer at once
        return gatewayConfig(mock, upstreams, routes, {}, { queue: { maxWaitMs: 100 } });
      });
    });

    after(() => rig?.close());

    /** What the mock itself answers to the scenario: the status and message the client must get. */
    async function providerRefusal(scenario: ScenarioName, mode: Mode): Promise<Refusal> {
      return expectRefusal(await sdk.direct(rig.mock, rig.mock.issueKey(sdk.provider, scenario))(sdk.model, mode), `direct ${scenario} call`);
    }

    async function callRoute(route: string, mode: Mode): Promise<Refusal> {
      return expectRefusal(await sdk.throughGateway(rig.gateway.url)(route, mode), route);
    }

    function checkShape(refusal: Refusal, status: number, category: string): void {
      assert.equal(refusal.status, status);
      const expectedClass = sdk.errorClass(status);
      assert.ok(refusal.error instanceof expectedClass, `expected ${expectedClass.name}, got ${(refusal.error as Error).constructor.name}`);
      assert.equal(refusal.duringStream, false, 'nothing was streamed: an HTTP error');
      assert.equal(refusal.llmdoctor?.category, category);
      assert.equal(refusal.headers['x-llmdoctor-category'], category);
      assert.match(refusal.headers['x-llmdoctor-request-id'] ?? '', /^req_[0-9a-f]{32}$/);
      assert.equal(refusal.llmdoctor?.request_id, refusal.headers['x-llmdoctor-request-id']);
      assert.ok((refusal.llmdoctor?.fixes.length ?? 0) > 0, 'the diagnosis says what to do');
    }

    for (const mode of MODES) {
      it(`${mode}: every target refuses its key → the provider's refusal, not to be retried`, async () => {
        const refusal = await callRoute(`refused-${mode}`, mode);
        const provider = await providerRefusal('key_invalid', mode);
        checkShape(refusal, provider.status!, 'key_invalid');
        assert.equal(sameWording(refusal.message), sameWording(provider.message), "the provider's reason");
        assert.equal(refusal.headers['x-should-retry'], 'false');
        assert.equal(refusal.headers['retry-after'], undefined);
        assert.equal(refusal.headers['x-llmdoctor-attempts'], '2');
        assert.equal(refusal.headers['x-llmdoctor-upstream'], `refused-${mode}-2`);
        for (const key of keys.get(`refused-${mode}`)!) assert.equal(attemptsWith(rig.mock, key).length, 1, 'each refused key is tried once');
      });

      it(`${mode}: every target overloaded → retried on each, then the provider's overload, not to be retried by the SDK`, async () => {
        const refusal = await callRoute(`overloaded-${mode}`, mode);
        const provider = await providerRefusal('overloaded', mode);
        checkShape(refusal, provider.status!, 'overloaded');
        assert.equal(sameWording(refusal.message), sameWording(provider.message), "the provider's reason");
        assert.equal(refusal.headers['x-should-retry'], 'false', 'the gateway already retried');
        assert.equal(refusal.headers['x-llmdoctor-attempts'], String(2 * ATTEMPTS_PER_TARGET));
        for (const key of keys.get(`overloaded-${mode}`)!) assert.equal(attemptsWith(rig.mock, key).length, ATTEMPTS_PER_TARGET);
      });

      it(`${mode}: every target rate-limited → 429 with retry-after`, async () => {
        const refusal = await callRoute(`limited-${mode}`, mode);
        checkShape(refusal, 429, 'rate_limited');
        assert.equal(sameWording(refusal.message ?? ''), sameWording((await providerRefusal('rate_limited', mode)).message ?? ''), 'the provider\'s own rate-limit message, not a vaguer one of ours');
        assert.match(refusal.headers['retry-after'] ?? '', /^[1-9]\d*$/, 'whole seconds, at least 1');
        assert.equal(refusal.headers['x-should-retry'], 'true', 'a rate limit passes: retrying after retry-after helps');
        assert.equal(refusal.headers['x-llmdoctor-attempts'], '2');
        for (const key of keys.get(`limited-${mode}`)!) assert.equal(attemptsWith(rig.mock, key).length, 1, 'a rate-limited key rests: one attempt each');
      });
    }

    it('stream: cut after it started with nowhere to resume → an error event in the format, with the original cause', async () => {
      const refusal = await callRoute('cut-stream', 'stream');
      assert.equal(refusal.duringStream, true, 'the SDK raised while reading the started stream');
      assert.equal(refusal.llmdoctor?.category, 'network_reset', 'the cause is the cut');
      assert.match(refusal.message ?? '', /^The answer was cut after it started and could not be resumed\./);
      const [key] = keys.get('cut-stream')!;
      assert.deepEqual(outcomes(await settledAttemptsWith(rig.mock, key!, 1)), ['stream_cut'], 'one target, one attempt: nothing else to try');
    });
  });
}
