import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectAnswer, expectRefusal, sameWording, type Answer, type CallOutcome, type Mode } from './call-outcome.js';
import { expectedCategory, FAULT_SCENARIOS, FAULT_TABLE, TIMED_SCENARIOS, type Treatment } from './fault-table.js';
import { gatewayConfig, startRig, type Rig, type RouteSpec, type UpstreamSpec } from './harness.js';
import { outcomes, settledAttemptsWith } from './mock-attempts.js';
import { RecordLog } from './record-log.js';
import type { SdkAdapter } from './sdk-adapter.js';

const MODES: readonly Mode[] = ['plain', 'stream'];
const ATTEMPTS_PER_TARGET = 3;
/**
 * Scenarios that cost a time limit per attempt get short limits and fewer attempts. undici runs its
 * header and body timeouts on a timer of about one second's resolution, so each such attempt takes ~1 s.
 */
const TIMED = { attemptsPerTarget: 2, limitMs: 400 };
/** The mock's slow first token comes this late: after the timed routes gave up. */
const SLOW_FIRST_TOKEN_MS = 2_000;

type Scenario = (typeof FAULT_SCENARIOS)[number];

function attemptsPerTarget(scenario: Scenario): number {
  return TIMED_SCENARIOS.has(scenario) ? TIMED.attemptsPerTarget : ATTEMPTS_PER_TARGET;
}

/** One scenario in one mode: its own route and upstreams, so no case sees another's keys or breakers. */
interface Case {
  scenario: Scenario;
  mode: Mode;
  route: string;
  treatment: Treatment;
  faulty: { name: string; key: string };
  healthy: { name: string; key: string };
}

const caseId = (scenario: Scenario, mode: Mode) => `${scenario}-${mode}`;

function describeTreatment(treatment: Treatment): string {
  switch (treatment.kind) {
    case 'failover':
      return `${treatment.faultyAttempts} attempt(s) on the faulty target, then served by the healthy one`;
    case 'resumed':
      return `cut after it started, ${treatment.faultyAttempts} attempt(s) on the faulty target, finished by the healthy one`;
    case 'served-first':
      return 'the first answer is whole: served at once';
    case 'returned':
      return `returned at once with the provider's reason (${treatment.status})`;
  }
}

/**
 * Every fault the mock offers, plain and streamed, through the gateway with the provider's official SDK:
 * each case runs on a route of two targets whose first plays the fault, and is held to its row of
 * FAULT_TABLE: who served, how many attempts each target got (from the mock's own log), and what the
 * client received.
 */
export function describeFaultScenarios(sdk: SdkAdapter): void {
  describe(`${sdk.provider} SDK through the gateway: every fault scenario of the mock`, { concurrency: 8 }, () => {
    let rig: Rig;
    const log = new RecordLog();
    const cases = new Map<string, Case>();
    const healthyAnswers = new Map<Mode, Answer>();

    before(async () => {
      rig = await startRig(
        (mock) => {
          const upstreams: UpstreamSpec[] = [];
          const routes: RouteSpec[] = [];
          for (const scenario of FAULT_SCENARIOS) {
            for (const mode of MODES) {
              const id = caseId(scenario, mode);
              const item: Case = {
                scenario,
                mode,
                route: `route-${id}`,
                treatment: FAULT_TABLE[scenario](sdk.provider, mode, attemptsPerTarget(scenario)),
                faulty: { name: `faulty-${id}`, key: mock.issueKey(sdk.provider, scenario) },
                healthy: { name: `healthy-${id}`, key: mock.issueKey(sdk.provider) },
              };
              cases.set(id, item);
              upstreams.push({ name: item.faulty.name, provider: sdk.provider, keys: [item.faulty.key] }, { name: item.healthy.name, provider: sdk.provider, keys: [item.healthy.key] });
              const limit = TIMED.limitMs;
              const timeouts = TIMED_SCENARIOS.has(scenario) ? { timeouts: { firstTokenMs: limit, streamIdleMs: limit, responseMs: limit } } : {};
              routes.push({
                model: item.route,
                targets: [
                  { upstream: item.faulty.name, model: sdk.model },
                  { upstream: item.healthy.name, model: sdk.model },
                ],
                policies: { attemptsPerTarget: attemptsPerTarget(scenario), ...timeouts },
              });
            }
          }
          return gatewayConfig(mock, upstreams, routes);
        },
        { onRecord: log.onRecord },
        { slowFirstTokenMs: SLOW_FIRST_TOKEN_MS },
      );
      // The mock's answer to a healthy key; the first calls also warm the code paths, so no time limit trips on a cold start
      for (const mode of MODES) {
        healthyAnswers.set(mode, expectAnswer(await sdk.direct(rig.mock, rig.mock.issueKey(sdk.provider))(sdk.model, mode), `direct ${mode} call`));
      }
    });

    after(() => rig?.close());

    for (const scenario of FAULT_SCENARIOS) {
      for (const mode of MODES) {
        const treatment = FAULT_TABLE[scenario](sdk.provider, mode, attemptsPerTarget(scenario));
        it(`${scenario}, ${mode}: ${describeTreatment(treatment)}`, async () => {
          const item = cases.get(caseId(scenario, mode))!;
          const outcome = await sdk.throughGateway(rig.gateway.url)(item.route, mode);
          if (treatment.kind === 'failover') return checkFailover(item, treatment.faultyAttempts, outcome);
          if (treatment.kind === 'resumed') return checkResumed(item, treatment.faultyAttempts, outcome);
          const reference = await sdk.direct(rig.mock, rig.mock.issueKey(sdk.provider, scenario))(sdk.model, mode);
          if (treatment.kind === 'served-first') return checkServedFirst(item, outcome, expectAnswer(reference, 'direct call'));
          return checkReturned(item, treatment.status, outcome, reference);
        });
      }
    }

    async function checkFailover(item: Case, faultyAttempts: number, outcome: CallOutcome): Promise<void> {
      const answer = expectAnswer(outcome, item.route);
      const healthy = healthyAnswers.get(item.mode)!;
      assert.equal(answer.text, healthy.text, 'the healthy target answers as the mock does');
      assert.equal(answer.finish, healthy.finish);
      assert.deepEqual(answer.usage, healthy.usage);
      assert.equal(answer.headers['x-llmdoctor-upstream'], item.healthy.name);
      assert.equal(answer.headers['x-llmdoctor-attempts'], String(faultyAttempts + 1));
      assert.equal(answer.headers['x-llmdoctor-model'], sdk.model);
      await checkAttempts(item, faultyAttempts, [200]);
      const record = await log.waitFor(answer.headers['x-llmdoctor-request-id'] ?? null);
      assert.equal(record.upstream, item.healthy.name);
      assert.equal(record.resumed, false);
      assert.equal(record.attempts.length, faultyAttempts + 1);
      const category = expectedCategory(sdk.provider, item.scenario);
      if (category !== null) assert.deepEqual(record.categories, Array<string>(faultyAttempts).fill(category), 'each failed attempt is diagnosed as the scenario');
    }

    async function checkResumed(item: Case, faultyAttempts: number, outcome: CallOutcome): Promise<void> {
      const answer = expectAnswer(outcome, item.route);
      const healthy = healthyAnswers.get(item.mode)!;
      assert.equal(answer.finish, healthy.finish, 'the resumed answer ends as a finished one');
      assert.ok(answer.text.length > 0 && healthy.text.startsWith(answer.text.slice(0, firstWordLength(healthy.text))), `the answer starts as the faulty target began it: ${JSON.stringify(answer.text.slice(0, 60))}`);
      // The stream's headers went out with its first token, from the target that started it
      assert.equal(answer.headers['x-llmdoctor-upstream'], item.faulty.name);
      assert.equal(answer.headers['x-llmdoctor-attempts'], '1');
      await checkAttempts(item, faultyAttempts, [200]);
      const record = await log.waitFor(answer.headers['x-llmdoctor-request-id'] ?? null);
      assert.equal(record.resumed, true, 'the record says the stream was resumed');
      assert.equal(record.upstream, item.healthy.name, 'the healthy target finished it');
      assert.equal(record.attempts.length, faultyAttempts + 1);
    }

    async function checkServedFirst(item: Case, outcome: CallOutcome, reference: Answer): Promise<void> {
      const answer = expectAnswer(outcome, item.route);
      assert.equal(answer.text, reference.text, 'the whole answer, as the mock sent it');
      assert.equal(answer.finish, reference.finish);
      assert.deepEqual(answer.usage, reference.usage);
      assert.equal(answer.headers['x-llmdoctor-upstream'], item.faulty.name);
      assert.equal(answer.headers['x-llmdoctor-attempts'], '1');
      await checkAttempts(item, 1, []);
      const record = await log.waitFor(answer.headers['x-llmdoctor-request-id'] ?? null);
      assert.equal(record.resumed, false);
      assert.equal(record.malformedChunksDropped, 0);
    }

    async function checkReturned(item: Case, status: number, outcome: CallOutcome, direct: CallOutcome): Promise<void> {
      const refusal = expectRefusal(outcome, item.route);
      const reference = expectRefusal(direct, 'direct call');
      const category = expectedCategory(sdk.provider, item.scenario);
      assert.equal(refusal.status, status);
      const expectedClass = sdk.errorClass(status);
      assert.ok(refusal.error instanceof expectedClass, `expected ${expectedClass.name}, got ${(refusal.error as Error).constructor.name}`);
      assert.equal(refusal.duringStream, false, 'refused before any token: an HTTP error, not a broken stream');
      assert.equal(sameWording(refusal.message), sameWording(reference.message), "the provider's reason, as the provider gave it");
      assert.equal(refusal.llmdoctor?.category, category);
      assert.equal(refusal.llmdoctor?.request_id, refusal.headers['x-llmdoctor-request-id']);
      assert.equal(refusal.headers['x-llmdoctor-category'], category);
      assert.equal(refusal.headers['x-llmdoctor-upstream'], item.faulty.name);
      assert.equal(refusal.headers['x-llmdoctor-attempts'], '1');
      assert.equal(refusal.headers['x-should-retry'], 'false');
      await checkAttempts(item, 1, []);
    }

    /** The faulty key got exactly `faultyAttempts` attempts and the healthy one exactly `healthyOutcomes`. */
    async function checkAttempts(item: Case, faultyAttempts: number, healthyOutcomes: Array<number | string>): Promise<void> {
      const faulty = await settledAttemptsWith(rig.mock, item.faulty.key, faultyAttempts);
      assert.equal(faulty.length, faultyAttempts, `attempts on the faulty target: ${JSON.stringify(outcomes(faulty))}`);
      const healthy = await settledAttemptsWith(rig.mock, item.healthy.key, healthyOutcomes.length);
      assert.deepEqual(outcomes(healthy), healthyOutcomes, 'attempts on the healthy target');
    }
  });
}

function firstWordLength(text: string): number {
  const space = text.indexOf(' ');
  return space < 0 ? text.length : space;
}
