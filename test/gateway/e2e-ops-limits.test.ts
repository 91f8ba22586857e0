import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiError } from '@google/genai';
import { issueClientKey } from '../../src/gateway/clients/issue-client-key.js';
import { anthropicErrorClass } from './support/anthropic-calls.js';
import type { ErrorClass } from './support/call-outcome.js';
import { openaiErrorClass } from './support/openai-calls.js';
import { createClientKey, revokeClientKey } from './support/ops-admin.js';
import { detailsOf, FORMATS, MODEL_OF, sdkCall, tokensOf, type Format, type KeyedCall } from './support/ops-callers.js';
import { newAdminToken, startOpsRig, type OpsRig } from './support/ops-rig.js';
import { waitUntil } from './support/ops-wait.js';

/** How long the mock's `slow_first_token` keys take to answer: a request that stays in progress that long. */
const SLOW_MS = 500;

const ERROR_CLASS: Record<Format, (status: number) => ErrorClass> = { openai: openaiErrorClass, anthropic: anthropicErrorClass, gemini: () => ApiError };

interface ExpectedDenial {
  status: 401 | 403 | 429;
  reason: string;
  category: string;
  message: RegExp;
  /** The limit's name in `details.limit`, for the limits that reset. */
  limit?: 'rpm' | 'max_concurrent' | 'budget_tokens';
  /** Bounds of `retry-after` in seconds; absent: the answer has none. */
  retryAfter?: { min: number; max: number };
}

/** A refusal as each SDK reports it: its class for the status, the message, the diagnosis, the details and retry-after. */
function assertDenied(format: Format, call: KeyedCall, expected: ExpectedDenial): Record<string, unknown> {
  const { outcome } = call;
  assert.ok(!outcome.ok, `${format}: expected a refusal (${expected.reason}), got an answer`);
  assert.equal(outcome.status, expected.status, `${format} ${expected.reason}: status`);
  const errorClass = ERROR_CLASS[format](expected.status);
  assert.ok(outcome.error instanceof errorClass, `${format} ${expected.reason}: the SDK raised ${(outcome.error as Error).constructor.name}, not ${errorClass.name}`);
  assert.match(outcome.message ?? '', expected.message, `${format} ${expected.reason}: message`);
  assert.equal(outcome.llmdoctor?.category, expected.category);
  assert.equal(outcome.headers['x-llmdoctor-category'], expected.category);
  const details = detailsOf(call);
  assert.ok(details, `${format} ${expected.reason}: the error carries details`);
  assert.equal(details.reason, expected.reason);
  if (expected.limit !== undefined) {
    assert.equal(details.limit, expected.limit);
    assert.equal(typeof details.limit_value, 'number');
  }
  const retryAfter = outcome.headers['retry-after'];
  if (expected.retryAfter === undefined) {
    assert.equal(retryAfter, undefined, `${format} ${expected.reason}: no retry-after (waiting does not help)`);
  } else {
    const seconds = Number(retryAfter);
    assert.ok(seconds >= expected.retryAfter.min && seconds <= expected.retryAfter.max, `${format} ${expected.reason}: retry-after ${retryAfter}`);
    const resetsAt = Date.parse(String(details.resets_at));
    assert.ok(resetsAt > Date.now() - 1_000, `${format} ${expected.reason}: resets_at ${String(details.resets_at)} is ahead`);
    assert.ok(Math.abs(resetsAt - Date.now() - seconds * 1000) <= 2_000, `${format} ${expected.reason}: retry-after ${seconds} s agrees with resets_at ${String(details.resets_at)}`);
    assert.equal(outcome.headers['x-should-retry'], expected.reason === 'budget' ? 'false' : 'true');
  }
  return details;
}

describe('e2e ops: every client key limit, refused in each caller format', () => {
  let rig: OpsRig;
  const token = newAdminToken();

  before(async () => {
    rig = await startOpsRig({
      upstreams: (mock) =>
        FORMATS.flatMap((format) => [
          { name: format, provider: format, keys: [mock.issueKey(format)] },
          { name: `slow-${format}`, provider: format, keys: [mock.issueKey(format, 'slow_first_token')] },
        ]),
      routes: FORMATS.map((format) => ({ model: `slow-${format}`, targets: [{ upstream: `slow-${format}`, model: MODEL_OF[format] }] })),
      mock: { slowFirstTokenMs: SLOW_MS },
      operations: { adminToken: token },
    });
    // Client keys are in force once the gateway has reread the store
    await createClientKey(rig.gateway.url, token, { name: 'first' });
    await waitUntil('client keys are required', () => (rig.gateway.clientKeysRequired() ? true : undefined));
  });
  after(() => rig?.close());

  /** Runs `denied` and checks that nothing of it reached the mock. */
  async function nothingUpstream<T>(denied: () => Promise<T>): Promise<T> {
    const before = rig.mock.attempts().length;
    const result = await denied();
    assert.equal(rig.mock.attempts().length, before, 'a denied request never reaches an upstream');
    return result;
  }

  for (const format of FORMATS) {
    describe(format, () => {
      it('missing key and invalid key: 401 with how to send one', async () => {
        await nothingUpstream(async () => {
          const missing = await sdkCall(format, rig.gateway.url, null);
          const details = assertDenied(format, missing, { status: 401, reason: 'missing_key', category: 'key_missing', message: /requires a client key/ });
          assert.deepEqual(details.accepted, ['Authorization: Bearer', 'x-api-key', 'x-goog-api-key', '?key=']);
          const unknown = await sdkCall(format, rig.gateway.url, `llmd_${'Z'.repeat(40)}`);
          assertDenied(format, unknown, { status: 401, reason: 'invalid_key', category: 'key_invalid', message: /is not known to this gateway/ });
          // A provider key sent by mistake: told to send the client key instead
          const providerKey = await sdkCall(format, rig.gateway.url, rig.mock.issueKey(format));
          assertDenied(format, providerKey, { status: 401, reason: 'invalid_key', category: 'key_invalid', message: /is not an llmdoctor client key/ });
        });
      });

      it('revoked and expired keys: 401 that says so and when', async () => {
        const revoked = await createClientKey(rig.gateway.url, token, { name: `revoked-${format}` });
        await revokeClientKey(rig.gateway.url, token, revoked.id);
        // Expired an hour ago (the admin API refuses a past expiry, so the store takes it directly)
        const expired = issueClientKey(rig.gateway.store, { name: `expired-${format}`, expiresAt: Date.now() - 3_600_000 });
        await nothingUpstream(async () => {
          const details = assertDenied(format, await sdkCall(format, rig.gateway.url, revoked.key), { status: 401, reason: 'revoked', category: 'key_invalid', message: /was revoked at/ });
          assert.equal(details.client_key_id, revoked.id);
          const late = assertDenied(format, await sdkCall(format, rig.gateway.url, expired.key), { status: 401, reason: 'expired', category: 'key_invalid', message: /expired at/ });
          assert.equal(late.expired_at, new Date(expired.record.expiresAt!).toISOString());
        });
      });

      it('a model the key may not use: 403 naming the allowed ones', async () => {
        const narrow = await createClientKey(rig.gateway.url, token, { models: ['some-other-model'] });
        const details = await nothingUpstream(async () =>
          assertDenied(format, await sdkCall(format, rig.gateway.url, narrow.key), { status: 403, reason: 'model_not_allowed', category: 'permission_denied', message: /may not use/ }),
        );
        assert.equal(details.model, MODEL_OF[format]);
        assert.deepEqual(details.allowed, ['some-other-model']);
      });

      it('requests per minute: the third of rpm 2 is refused with retry-after', async () => {
        const limited = await createClientKey(rig.gateway.url, token, { rpm: 2 });
        for (let i = 0; i < 2; i++) assert.ok((await sdkCall(format, rig.gateway.url, limited.key)).outcome.ok, `request ${i + 1} of 2 is served`);
        const details = await nothingUpstream(async () =>
          assertDenied(format, await sdkCall(format, rig.gateway.url, limited.key), {
            status: 429,
            reason: 'rpm',
            category: 'rate_limited',
            message: /limit of 2 requests per minute/,
            limit: 'rpm',
            retryAfter: { min: 50, max: 60 },
          }),
        );
        assert.equal(details.limit_value, 2);
        assert.equal(details.used, 2);
      });

      it('concurrent requests: a second one while the first is in progress is refused; after it, one is served', async () => {
        const single = await createClientKey(rig.gateway.url, token, { max_concurrent: 1 });
        const slow = sdkCall(format, rig.gateway.url, single.key, 'plain', `slow-${format}`);
        await waitUntil('the slow request is admitted', () => (rig.admitted.some((call) => call.client?.id === single.id) ? true : undefined));
        const details = await nothingUpstream(async () =>
          assertDenied(format, await sdkCall(format, rig.gateway.url, single.key), {
            status: 429,
            reason: 'concurrency',
            category: 'rate_limited',
            message: /concurrent requests \(1\)/,
            limit: 'max_concurrent',
            retryAfter: { min: 1, max: 1 },
          }),
        );
        assert.equal(details.used, 1);
        assert.ok((await slow).outcome.ok, 'the slow request is served');
        await waitUntil('the slow request ended', () => (rig.records.records.some((record) => record.clientKeyId === single.id && record.status === 200) ? true : undefined));
        assert.ok((await sdkCall(format, rig.gateway.url, single.key)).outcome.ok, 'with the first one done, another is served');
      });

      it('token budget: once spent, refused until the period resets, with exactly what was used', async () => {
        const budgeted = await createClientKey(rig.gateway.url, token, { budget_tokens: 1, budget_period: 'day' });
        const first = await sdkCall(format, rig.gateway.url, budgeted.key, 'stream');
        const used = tokensOf(first.outcome);
        assert.ok(used !== null && used > 1, 'the first request is served and uses more than the budget');
        await waitUntil('the first request ended', () => (rig.records.records.some((record) => record.clientKeyId === budgeted.id) ? true : undefined));
        const midnight = new Date();
        midnight.setUTCHours(24, 0, 0, 0);
        const secondsToMidnight = Math.ceil((midnight.getTime() - Date.now()) / 1000);
        const details = await nothingUpstream(async () =>
          assertDenied(format, await sdkCall(format, rig.gateway.url, budgeted.key), {
            status: 429,
            reason: 'budget',
            category: 'quota_exceeded',
            message: /its budget is 1; the budget resets at/,
            limit: 'budget_tokens',
            retryAfter: { min: secondsToMidnight - 5, max: secondsToMidnight + 1 },
          }),
        );
        assert.equal(details.used, used, 'the tokens counted are those the answer reported');
        assert.equal(details.period, 'day');
        assert.equal(details.resets_at, midnight.toISOString());
      });
    });
  }
});
