import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClientGate } from '../../../src/gateway/clients/client-gate.js';
import { issueClientKey, rotateClientKey } from '../../../src/gateway/clients/issue-client-key.js';
import type { Admission, ClientIdentity, ClientKeySpec, Denial } from '../../../src/gateway/clients/types.js';
import { MemoryStore, usageRow } from './memory-store.js';

/** Wednesday 2026-01-14 10:00:00 UTC, on a whole second so minute windows line up. */
const T0 = Date.UTC(2026, 0, 14, 10);
const RECHECK = 1_000;

function rig(spec: ClientKeySpec = {}) {
  const store = new MemoryStore();
  let time = T0;
  const issued = issueClientKey(store, spec, T0 - 60_000);
  // Another active key keeps keys required when a test revokes or outlives the one under test
  issueClientKey(store, { name: 'other' }, T0 - 60_000);
  const gate = new ClientGate({ store, recheckMs: RECHECK, now: () => time });
  return {
    store,
    gate,
    key: issued.key,
    record: issued.record,
    at: (ms: number) => {
      time = ms;
    },
    advance: (ms: number) => {
      time += ms;
    },
    now: () => time,
  };
}

function admitted(admission: Admission): ClientIdentity {
  assert.ok(admission.ok, admission.ok ? '' : `refused: ${admission.denial.message}`);
  assert.ok(admission.client);
  return admission.client;
}

function refused(admission: Admission): Denial {
  assert.ok(!admission.ok, 'admitted');
  return admission.denial;
}

describe('ClientGate: whether keys are required', () => {
  it('lets everything through while no client key exists', () => {
    const store = new MemoryStore();
    const gate = new ClientGate({ store, recheckMs: RECHECK, now: () => T0 });
    assert.equal(gate.required(), false);
    assert.deepEqual(gate.admit(null, 'gpt-4o'), { ok: true, client: null });
    assert.deepEqual(gate.admit('llmd_whatever', 'gpt-4o'), { ok: true, client: null });
    gate.release(null, 100);
  });

  it('counts revoked and expired keys too: once a key was issued, every request needs a valid one', () => {
    const store = new MemoryStore();
    const revoked = issueClientKey(store, {}, T0 - 10);
    store.revokeClientKey(revoked.record.id, T0 - 5);
    const expired = issueClientKey(store, { expiresAt: T0 }, T0 - 10);
    const gate = new ClientGate({ store, recheckMs: RECHECK, now: () => T0 });
    assert.equal(gate.required(), true);
    assert.equal(refused(gate.admit(expired.key, 'm')).reason, 'expired');
  });

  it('stays closed once the last key is revoked: a leaked revoked key must not open the gateway', () => {
    const store = new MemoryStore();
    let time = T0;
    const { key, record } = issueClientKey(store, {}, T0);
    const gate = new ClientGate({ store, recheckMs: RECHECK, now: () => time });
    admitted(gate.admit(key, 'm'));
    store.revokeClientKey(record.id, T0);
    time += RECHECK;
    assert.equal(gate.required(), true);
    assert.equal(refused(gate.admit(null, 'm')).reason, 'missing_key');
    assert.equal(refused(gate.admit(key, 'm')).reason, 'revoked');
  });

  it('requires a key once one exists, noticing a key made by another process within recheckMs', () => {
    const store = new MemoryStore();
    let time = T0;
    const gate = new ClientGate({ store, recheckMs: RECHECK, now: () => time });
    assert.equal(gate.required(), false);
    const { key } = issueClientKey(store, {}, T0);
    time += RECHECK - 1;
    assert.equal(gate.required(), false, 'the answer is reused until recheckMs');
    assert.equal(gate.admit(null, null).ok, true);
    assert.equal(store.calls.hasIssuedClientKeys, 1);
    time += 1;
    assert.equal(gate.required(), true);
    assert.equal(refused(gate.admit(null, null)).reason, 'missing_key');
    assert.equal(admitted(gate.admit(key, null)).key.hash, store.listClientKeys()[0]!.hash);
    assert.equal(store.calls.hasIssuedClientKeys, 2);
  });

  it('applies a change made in this process at once after forget(): a first key, then its revocation', () => {
    const store = new MemoryStore();
    const gate = new ClientGate({ store, recheckMs: RECHECK, now: () => T0 });
    assert.equal(gate.required(), false);
    const { key, record } = issueClientKey(store, {}, T0);
    gate.forget();
    assert.equal(refused(gate.admit(null, null)).reason, 'missing_key');
    admitted(gate.admit(key, null));
    store.revokeClientKey(record.id, T0);
    gate.forget();
    const denial = gate.admit(key, null);
    assert.equal(refused(denial).reason, 'revoked');
    assert.equal(denial.ok ? null : denial.clientKeyId, record.id, 'the refusal names the key it refused');
  });
});

describe('ClientGate: who is calling', () => {
  it('admits a valid key and names the client', () => {
    const { gate, key, record } = rig({ name: 'billing' });
    const client = admitted(gate.admit(key, 'gpt-4o'));
    assert.equal(client.id, record.id);
    assert.equal(client.name, 'billing');
    assert.deepEqual(client.key, record);
  });

  it('refuses a request without a key: 401, saying where to send it', () => {
    const { gate } = rig();
    const denial = refused(gate.admit(null, 'gpt-4o'));
    assert.equal(denial.reason, 'missing_key');
    assert.equal(denial.status, 401);
    assert.equal(denial.resetsAt, null);
    assert.match(denial.fix, /Authorization: Bearer.*x-api-key.*x-goog-api-key/);
  });

  it('refuses an unknown client key: 401, without echoing it whole', () => {
    const { gate, key } = rig();
    const wrong = key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A');
    const denial = refused(gate.admit(wrong, 'gpt-4o'));
    assert.equal(denial.reason, 'invalid_key');
    assert.equal(denial.status, 401);
    assert.match(denial.message, /^The client key llmd_…\w{4} is not known to this gateway\.$/);
    assert.match(denial.fix, /whole key was copied/);
    assert.ok(!JSON.stringify(denial).includes(wrong.slice(5, -4)));
  });

  it('tells a client sending a provider key that the gateway holds those itself', () => {
    const { gate } = rig();
    const providerKey = 'sk-' + 'proj-' + 'Ab3'.repeat(20);
    const denial = refused(gate.admit(providerKey, 'gpt-4o'));
    assert.equal(denial.reason, 'invalid_key');
    assert.match(denial.message, /^The key sk-proj-…\w{4} is not an llmdoctor client key \(those start with llmd_\): the gateway holds the provider keys itself\.$/);
    assert.match(denial.fix, /instead of a provider key/);
    assert.ok(!JSON.stringify(denial).includes(providerKey));
  });

  it('refuses a revoked key: 401, saying when', () => {
    const { gate, key, record, store } = rig();
    store.revokeClientKey(record.id, T0 - 1_000);
    const denial = refused(gate.admit(key, 'gpt-4o'));
    assert.equal(denial.reason, 'revoked');
    assert.equal(denial.status, 401);
    assert.equal(denial.message, `The client key ${record.masked} (${record.id}) was revoked at 2026-01-14T09:59:59.000Z.`);
    assert.match(denial.fix, /new client key/);
  });

  it('refuses a rotated key, saying a replacement exists', () => {
    const { gate, key, record, store } = rig({ name: 'svc' });
    const rotated = rotateClientKey(store, record.id, T0 - 1_000)!;
    const denial = refused(gate.admit(key, 'gpt-4o'));
    assert.equal(denial.reason, 'revoked');
    assert.match(denial.message, new RegExp(`^The client key ${record.masked} \\(${record.id}, "svc"\\) was rotated at 2026-01-14T09:59:59.000Z: a replacement key \\(${rotated.record.id}\\) exists`));
    assert.match(denial.fix, new RegExp(`Use the replacement key ${rotated.record.id}`));
    assert.equal(denial.details.replaced_by, rotated.record.id);
    assert.equal(admitted(gate.admit(rotated.key, 'gpt-4o')).id, rotated.record.id);
  });

  it('refuses an expired key: 401, saying when it expired', () => {
    const { gate, key, at } = rig({ expiresAt: T0 + 5_000 });
    admitted(gate.admit(key, 'gpt-4o'));
    at(T0 + 5_000);
    const denial = refused(gate.admit(key, 'gpt-4o'));
    assert.equal(denial.reason, 'expired');
    assert.equal(denial.status, 401);
    assert.match(denial.message, /expired at 2026-01-14T10:00:05\.000Z\.$/);
    assert.equal(denial.details.expired_at, '2026-01-14T10:00:05.000Z');
  });

  it('refuses a model the key may not use: 403, listing the allowed ones; a listing names none and passes', () => {
    const { gate, key } = rig({ models: ['smart', 'fast'] });
    admitted(gate.admit(key, 'smart'));
    admitted(gate.admit(key, null));
    const denial = refused(gate.admit(key, 'gpt-4o'));
    assert.equal(denial.reason, 'model_not_allowed');
    assert.equal(denial.status, 403);
    assert.match(denial.message, /may not use "gpt-4o"; it may use: smart, fast\.$/);
    assert.match(denial.fix, /Ask for one of "smart", "fast"/);
    assert.deepEqual(denial.details, { reason: 'model_not_allowed', model: 'gpt-4o', allowed: ['smart', 'fast'] });
  });
});

describe('ClientGate: requests per minute', () => {
  it('slides a 60 s window and says when the oldest request leaves it', () => {
    const { gate, key, at } = rig({ requestsPerMinute: 3 });
    for (const second of [0, 10, 20]) {
      at(T0 + second * 1000);
      admitted(gate.admit(key, 'm'));
    }
    at(T0 + 30_000);
    const denial = refused(gate.admit(key, 'm'));
    assert.equal(denial.reason, 'rpm');
    assert.equal(denial.status, 429);
    assert.equal(denial.resetsAt, T0 + 60_000);
    assert.match(denial.message, /is at its limit of 3 requests per minute; the oldest request leaves the 60 s window at 2026-01-14T10:01:00\.000Z \(in 30 s\)\.$/);
    assert.deepEqual(denial.details, { reason: 'rpm', limit: 'rpm', limit_value: 3, used: 3, resets_at: '2026-01-14T10:01:00.000Z' });
    at(T0 + 59_999);
    refused(gate.admit(key, 'm'));
    at(T0 + 60_000);
    admitted(gate.admit(key, 'm'));
    const next = refused(gate.admit(key, 'm'));
    assert.equal(next.resetsAt, T0 + 70_000, 'refused requests did not count; the next to leave is the one of second 10');
  });

  it('keeps counting when the key is read again from the store', () => {
    const { gate, key, advance } = rig({ requestsPerMinute: 2 });
    admitted(gate.admit(key, 'm'));
    advance(RECHECK * 3);
    admitted(gate.admit(key, 'm'));
    advance(RECHECK * 3);
    assert.equal(refused(gate.admit(key, 'm')).reason, 'rpm');
  });
});

describe('ClientGate: concurrent requests', () => {
  it('refuses beyond max_concurrent until one is released', () => {
    const { gate, key, now } = rig({ maxConcurrent: 2 });
    const first = admitted(gate.admit(key, 'm'));
    admitted(gate.admit(key, 'm'));
    const denial = refused(gate.admit(key, 'm'));
    assert.equal(denial.reason, 'concurrency');
    assert.equal(denial.status, 429);
    assert.equal(denial.resetsAt, now() + 1_000);
    assert.match(denial.message, /already has 2 requests in progress, its limit of concurrent requests \(2\)/);
    assert.deepEqual(denial.details, { reason: 'concurrency', limit: 'max_concurrent', limit_value: 2, used: 2, resets_at: new Date(now() + 1_000).toISOString() });
    gate.release(first, 0);
    admitted(gate.admit(key, 'm'));
    refused(gate.admit(key, 'm'));
  });

  it('releases by the request record\'s client key id too, with its tokens', () => {
    const { gate, key, record } = rig({ maxConcurrent: 1, budgetTokens: 100, budgetPeriod: 'day' });
    admitted(gate.admit(key, 'm'));
    refused(gate.admit(key, 'm'));
    gate.releaseById(record.id, 100);
    const denial = refused(gate.admit(key, 'm'));
    assert.equal(denial.reason, 'budget');
    assert.equal(denial.details.used, 100);
    gate.releaseById(null, 5);
    gate.releaseById('ck_unknown', 5);
  });

  it('never counts below zero when released more often than admitted', () => {
    const { gate, key } = rig({ maxConcurrent: 1 });
    const client = admitted(gate.admit(key, 'm'));
    gate.release(client, 0);
    gate.release(client, 0);
    admitted(gate.admit(key, 'm'));
    refused(gate.admit(key, 'm'));
  });
});

describe('ClientGate: token budgets', () => {
  it('counts the store\'s rows of the period plus what finished since, without counting a row twice', () => {
    const { gate, key, record, store, now } = rig({ budgetTokens: 1_000, budgetPeriod: 'day' });
    store.appendUsage([usageRow(record.id, T0 - 86_400_000, 5_000, 0), usageRow(record.id, T0 - 3_600_000, 400, 200)]);
    const client = admitted(gate.admit(key, 'm'));
    gate.release(client, 300);
    const second = admitted(gate.admit(key, 'm'));
    // The recorder writes the first request's row later: still 900, not 1,200
    store.appendUsage([usageRow(record.id, now(), 100, 200)]);
    gate.release(second, 100);
    const denial = refused(gate.admit(key, 'm'));
    assert.equal(denial.reason, 'budget');
    assert.equal(denial.status, 429);
    assert.equal(denial.resetsAt, Date.UTC(2026, 0, 15));
    assert.match(denial.message, /used 1000 tokens today \(UTC\), its budget is 1000; the budget resets at 2026-01-15T00:00:00\.000Z \(in 14 h 0 min\)\.$/);
    assert.deepEqual(denial.details, { reason: 'budget', limit: 'budget_tokens', limit_value: 1_000, used: 1_000, resets_at: '2026-01-15T00:00:00.000Z', period: 'day' });
    assert.equal(store.calls.tokensUsedSince, 1, 'the store is read once per period');
  });

  it('starts the next period from the store\'s rows of that period', () => {
    const { gate, key, record, store, at } = rig({ budgetTokens: 1_000, budgetPeriod: 'day' });
    admitted(gate.admit(key, 'm'));
    store.appendUsage([usageRow(record.id, T0, 2_000, 0)]);
    gate.release(admitted(gate.admit(key, 'm')), 2_000);
    refused(gate.admit(key, 'm'));
    at(Date.UTC(2026, 0, 15, 0, 0, 1));
    admitted(gate.admit(key, 'm'));
    assert.equal(store.calls.tokensUsedSince, 2);
  });

  it('holds across a restart: a new gate reads what the old one recorded', () => {
    const { gate, key, record, store, now } = rig({ budgetTokens: 1_000, budgetPeriod: 'month' });
    gate.release(admitted(gate.admit(key, 'm')), 1_200);
    refused(gate.admit(key, 'm'));
    store.appendUsage([usageRow(record.id, now(), 700, 500)]);
    const restarted = new ClientGate({ store, recheckMs: RECHECK, now });
    const denial = refused(restarted.admit(key, 'm'));
    assert.equal(denial.reason, 'budget');
    assert.equal(denial.details.used, 1_200);
    assert.equal(denial.resetsAt, Date.UTC(2026, 1, 1));
    assert.match(denial.message, /this month \(UTC\)/);
  });

  it('resets weekly budgets on Monday 00:00 UTC', () => {
    const { gate, key, record, store } = rig({ budgetTokens: 10, budgetPeriod: 'week' });
    store.appendUsage([usageRow(record.id, Date.UTC(2026, 0, 12), 10, 0), usageRow(record.id, Date.UTC(2026, 0, 11, 23, 59), 50, 0)]);
    const denial = refused(gate.admit(key, 'm'));
    assert.equal(denial.details.used, 10, 'Sunday\'s row is last week\'s');
    assert.equal(denial.resetsAt, Date.UTC(2026, 0, 19));
  });

  it('never resets a total budget', () => {
    const { gate, key, record, store } = rig({ budgetTokens: 10, budgetPeriod: 'total' });
    store.appendUsage([usageRow(record.id, Date.UTC(2020, 0, 1), 6, 4)]);
    const denial = refused(gate.admit(key, 'm'));
    assert.equal(denial.resetsAt, null);
    assert.equal(denial.details.resets_at, null);
    assert.match(denial.message, /used 10 tokens in total, its budget is 10; the budget is for the key's whole life and never resets\.$/);
    assert.match(denial.fix, /new key or a larger budget/);
  });

  it('ignores tokens of keys without a budget and never reads the store for them', () => {
    const { gate, key, store } = rig({});
    for (let i = 0; i < 5; i++) gate.release(admitted(gate.admit(key, 'm')), 1e9);
    assert.equal(store.calls.tokensUsedSince, 0);
  });
});

describe('ClientGate: what it asks the store', () => {
  it('reads a known key once per recheckMs, and notices a revocation by another process after it', () => {
    const { gate, key, record, store, advance } = rig();
    for (let i = 0; i < 100; i++) admitted(gate.admit(key, 'm'));
    assert.equal(store.calls.clientKeyByHash, 1);
    store.revokeClientKey(record.id, T0);
    advance(RECHECK - 1);
    admitted(gate.admit(key, 'm'));
    advance(1);
    assert.equal(refused(gate.admit(key, 'm')).reason, 'revoked');
    assert.equal(store.calls.clientKeyByHash, 2);
  });

  it('remembers an unknown key for recheckMs, so a flood of bad keys does not reach the store each time', () => {
    const { gate, store, advance } = rig();
    const bad = 'llmd_' + 'x1'.repeat(20);
    for (let i = 0; i < 1_000; i++) assert.equal(refused(gate.admit(bad, 'm')).reason, 'invalid_key');
    assert.equal(store.calls.clientKeyByHash, 1);
    advance(RECHECK);
    refused(gate.admit(bad, 'm'));
    assert.equal(store.calls.clientKeyByHash, 2);
  });

  it('accepts a key created after it was refused as unknown, within recheckMs', () => {
    const store = new MemoryStore();
    issueClientKey(store, {}, T0);
    let time = T0;
    const gate = new ClientGate({ store, recheckMs: RECHECK, now: () => time });
    const late = issueClientKey(new MemoryStore(), {}, T0);
    refused(gate.admit(late.key, 'm'));
    store.insertClientKey(late.record);
    refused(gate.admit(late.key, 'm'));
    time += RECHECK;
    admitted(gate.admit(late.key, 'm'));
  });

  it('remembers a bounded number of unknown keys, forgetting the least recently seen', () => {
    const store = new MemoryStore();
    issueClientKey(store, {}, T0);
    const gate = new ClientGate({ store, recheckMs: RECHECK, now: () => T0, cacheSize: 2 });
    const bad = (n: number) => `llmd_bad${n}`.padEnd(45, 'z');
    gate.admit(bad(1), 'm');
    gate.admit(bad(2), 'm');
    gate.admit(bad(1), 'm');
    assert.equal(store.calls.clientKeyByHash, 2);
    gate.admit(bad(3), 'm');
    gate.admit(bad(1), 'm');
    assert.equal(store.calls.clientKeyByHash, 3, 'bad(1) was seen recently: still remembered');
    gate.admit(bad(2), 'm');
    assert.equal(store.calls.clientKeyByHash, 4, 'bad(2) was forgotten to make room');
  });

  it('does not let unknown keys push known ones (and their counters) out', () => {
    const store = new MemoryStore();
    const { key } = issueClientKey(store, { requestsPerMinute: 1 }, T0);
    const gate = new ClientGate({ store, recheckMs: RECHECK, now: () => T0, cacheSize: 2 });
    admitted(gate.admit(key, 'm'));
    for (let n = 0; n < 10; n++) gate.admit(`llmd_flood${n}`.padEnd(45, 'q'), 'm');
    assert.equal(refused(gate.admit(key, 'm')).reason, 'rpm');
  });
});
