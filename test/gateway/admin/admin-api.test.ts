import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { ADMIN_MAX_BODY_BYTES } from '../../../src/gateway/admin/admin-api.js';
import { ClientKeySpecError, parseClientKeySpec } from '../../../src/gateway/clients/client-key-spec.js';
import { openSqliteStore } from '../../../src/gateway/store/sqlite-store.js';
import type { GatewayStore, UsageRow } from '../../../src/gateway/store/types.js';
import { secretLeaks } from '../support/secret-leaks.js';
import { tempFolder } from '../store/support/store-fixtures.js';
import { ADMIN_TOKEN, MINUTE, REJECTED_TITLE, sampleGateway, SECOND, serveAdmin, START, type SampleGateway } from './admin-fixtures.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Record<string, unknown>;
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
const iso = (ms: number): string => new Date(ms).toISOString();

/** A raw HTTP exchange (node:http, so bodies and headers are exactly as sent, chunked when asked). */
function exchange(url: string, method: string, path: string, options: { headers?: Record<string, string>; body?: string | Buffer; chunked?: boolean } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined && !options.chunked) headers['content-length'] = String(Buffer.byteLength(options.body));
    const req = httpRequest(`${url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: Record<string, unknown> = {};
        try {
          json = JSON.parse(text) as Record<string, unknown>;
        } catch {
          // left empty: the caller asserts on the content type and text
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

const AUTH = { authorization: `Bearer ${ADMIN_TOKEN}` };

function errorOf(answer: Answer): { code: string; message: string } {
  return answer.json.error as { code: string; message: string };
}

function assertJson(answer: Answer): void {
  assert.match(String(answer.headers['content-type']), /^application\/json/, answer.text.slice(0, 200));
  assert.equal(answer.headers['cache-control'], 'no-store');
  assert.doesNotThrow(() => JSON.parse(answer.text));
}

describe('admin API: turned off', () => {
  let server: Awaited<ReturnType<typeof serveAdmin>>;
  let gateway: SampleGateway;
  before(async () => {
    gateway = await sampleGateway('healthy');
    server = await serveAdmin({ store: openSqliteStore(tempFolder()), adminToken: null, view: gateway.view });
  });
  after(async () => {
    await server.close();
    gateway.close();
  });

  test('every /admin path answers 404 saying how to turn it on, with or without a token', async () => {
    for (const [method, path, headers] of [
      ['GET', '/admin/upstreams', {}],
      ['GET', '/admin/keys', AUTH],
      ['POST', '/admin/keys', AUTH],
      ['GET', '/admin', {}],
    ] as const) {
      const answer = await exchange(server.url, method, path, { headers });
      assert.equal(answer.status, 404, `${method} ${path}`);
      assertJson(answer);
      assert.equal(errorOf(answer).code, 'admin_disabled');
      assert.match(errorOf(answer).message, /LLMDOCTOR_ADMIN_TOKEN/);
      assert.match(errorOf(answer).message, /admin_token/);
    }
  });

  test('paths outside /admin are left to the caller', async () => {
    for (const path of ['/v1/models', '/administrator', '/admins/keys', '/healthz']) {
      const answer = await exchange(server.url, 'GET', path);
      assert.equal(answer.text, 'not admin', path);
    }
  });
});

describe('admin API: on', () => {
  let server: Awaited<ReturnType<typeof serveAdmin>>;
  let gateway: SampleGateway;
  let store: GatewayStore;
  /** Every answer's text, to scan for whole keys at the end. */
  const answers: Array<{ label: string; text: string }> = [];
  const clientKeys: string[] = [];

  const call = async (method: string, path: string, options: Parameters<typeof exchange>[3] = {}): Promise<Answer> => {
    const answer = await exchange(server.url, method, path, { ...options, headers: { ...AUTH, ...options.headers } });
    assertJson(answer);
    answers.push({ label: `${method} ${path} → ${answer.status}`, text: answer.text });
    return answer;
  };

  before(async () => {
    gateway = await sampleGateway('troubled');
    store = openSqliteStore(tempFolder());
    server = await serveAdmin({ store, adminToken: ADMIN_TOKEN, view: gateway.view, now: gateway.clock.now });
  });
  after(async () => {
    await server.close();
    store.close();
    gateway.close();
  });

  test('a missing and a wrong token get the same 401, revealing nothing', async () => {
    const missing = await exchange(server.url, 'GET', '/admin/keys');
    const wrong = await exchange(server.url, 'GET', '/admin/keys', { headers: { authorization: 'Bearer test-admin-token-6f1c0a9f' } });
    const wrongHeader = await exchange(server.url, 'POST', '/admin/keys', { headers: { 'x-admin-token': 'nope' }, body: '{"name":"x"}' });
    const unknownPath = await exchange(server.url, 'GET', '/admin/secret-route', { headers: { 'x-admin-token': 'nope' } });
    for (const answer of [missing, wrong, wrongHeader, unknownPath]) {
      assert.equal(answer.status, 401);
      assertJson(answer);
      assert.equal(answer.text, missing.text);
      assert.equal(answer.headers['www-authenticate'], 'Bearer');
      assert.ok(!answer.text.includes(ADMIN_TOKEN.slice(0, 8)));
    }
    assert.equal(errorOf(missing).code, 'unauthorized');
    assert.equal(store.listClientKeys({ includeRevoked: true }).length, 0, 'a refused POST created nothing');
  });

  test('the right token works in either header', async () => {
    assert.equal((await exchange(server.url, 'GET', '/admin/keys', { headers: AUTH })).status, 200);
    assert.equal((await exchange(server.url, 'GET', '/admin/keys', { headers: { 'x-admin-token': ADMIN_TOKEN } })).status, 200);
  });

  test('key lifecycle: create, look up by hash, list without secrets, rotate, revoke', async () => {
    const spec = { name: 'billing-svc', models: ['smart'], rpm: 60, max_concurrent: 4, budget_tokens: 2_000_000, budget_period: 'week', expires_in: '30d', metadata: { team: 'billing' } };
    const created = await call('POST', '/admin/keys', { body: JSON.stringify(spec), headers: { 'content-type': 'application/json' } });
    assert.equal(created.status, 201, created.text);
    const key = created.json.key as string;
    const id = created.json.id as string;
    clientKeys.push(key);
    assert.match(key, /^llmd_[0-9A-Za-z]{40}$/);
    assert.match(id, /^ck_/);
    assert.deepEqual(
      { ...created.json, key: undefined, id: undefined, masked: undefined },
      {
        key: undefined,
        id: undefined,
        masked: undefined,
        name: 'billing-svc',
        status: 'active',
        models: ['smart'],
        rpm: 60,
        max_concurrent: 4,
        budget_tokens: 2_000_000,
        budget_period: 'week',
        expires_at: iso(gateway.clock.now() + 30 * 24 * 60 * MINUTE),
        metadata: { team: 'billing' },
        created_at: iso(gateway.clock.now()),
        revoked_at: null,
        replaced_by: null,
      },
    );
    assert.ok(key.endsWith((created.json.masked as string).slice(-4)), 'the masked form shows the last characters');
    assert.equal(created.json.hash, undefined);

    // The gateway finds the caller by the hash of what it sends
    assert.equal(store.clientKeyByHash(sha256(key))?.id, id);

    const plain = await call('POST', '/admin/keys', { body: '' });
    assert.equal(plain.status, 201, 'an empty body is a key without limits');
    clientKeys.push(plain.json.key as string);
    assert.equal(plain.json.rpm, null);

    const list = await call('GET', '/admin/keys');
    assert.equal(list.status, 200);
    const listed = list.json.keys as Array<Record<string, unknown>>;
    assert.deepEqual(listed.map((k) => k.id).sort(), [id, plain.json.id].sort());
    for (const item of listed) {
      assert.equal(item.key, undefined);
      assert.equal(item.hash, undefined);
    }

    const one = await call('GET', `/admin/keys/${id}`);
    assert.equal(one.status, 200);
    assert.equal(one.json.name, 'billing-svc');
    assert.equal(one.json.key, undefined);

    gateway.clock.advance(5 * SECOND);
    const rotated = await call('POST', `/admin/keys/${id}/rotate`);
    assert.equal(rotated.status, 201, rotated.text);
    const newKey = rotated.json.key as string;
    const newId = rotated.json.id as string;
    clientKeys.push(newKey);
    assert.equal(rotated.json.replaces, id);
    assert.notEqual(newKey, key);
    assert.notEqual(newId, id);
    assert.equal(rotated.json.rpm, 60, 'the new key keeps the limits');
    assert.equal(rotated.json.name, 'billing-svc');
    assert.equal(store.clientKeyByHash(sha256(newKey))?.id, newId);

    const old = await call('GET', `/admin/keys/${id}`);
    assert.equal(old.json.status, 'revoked');
    assert.equal(old.json.replaced_by, newId);
    assert.equal(old.json.revoked_at, iso(gateway.clock.now()));
    assert.equal(store.clientKeyByHash(sha256(key))?.revokedAt, gateway.clock.now());

    const active = ((await call('GET', '/admin/keys')).json.keys as Array<{ id: string }>).map((k) => k.id);
    assert.ok(!active.includes(id), 'revoked keys are left out by default');
    const all = ((await call('GET', '/admin/keys?include_revoked=1')).json.keys as Array<{ id: string }>).map((k) => k.id);
    assert.ok(all.includes(id) && all.includes(newId));

    const twice = await call('POST', `/admin/keys/${id}/rotate`);
    assert.equal(twice.status, 409, 'a revoked key cannot be rotated again');
    assert.match(errorOf(twice).message, new RegExp(`replaced by ${newId}`));

    gateway.clock.advance(5 * SECOND);
    const revokedAt = iso(gateway.clock.now());
    const revoked = await call('DELETE', `/admin/keys/${newId}`);
    assert.equal(revoked.status, 200);
    assert.equal(revoked.json.status, 'revoked');
    assert.equal(revoked.json.revoked_at, revokedAt);
    assert.equal(store.clientKeyById(newId)?.revokedAt, gateway.clock.now());
    gateway.clock.advance(5 * SECOND);
    const again = await call('DELETE', `/admin/keys/${newId}`);
    assert.equal(again.status, 200);
    assert.equal(again.json.revoked_at, revokedAt, 'revoking twice keeps the first time');

    for (const [method, path] of [['GET', '/admin/keys/ck_nope'], ['DELETE', '/admin/keys/ck_nope'], ['POST', '/admin/keys/ck_nope/rotate']] as const) {
      const missing = await call(method, path);
      assert.equal(missing.status, 404, `${method} ${path}`);
      assert.equal(errorOf(missing).code, 'key_not_found');
    }
  });

  test('bad bodies: not JSON, a spec mistake, too large', async () => {
    const secretInBody = `{"name": llmd_${'Q7'.repeat(20)}}`;
    const notJson = await call('POST', '/admin/keys', { body: secretInBody });
    assert.equal(notJson.status, 400);
    assert.equal(errorOf(notJson).code, 'invalid_json');
    assert.match(errorOf(notJson).message, /not valid JSON: Unexpected token/);
    assert.ok(!notJson.text.includes('llmd_'), 'the body is not echoed');

    const truncated = await call('POST', '/admin/keys', { body: '{"name": "x"' });
    assert.equal(truncated.status, 400);
    assert.match(errorOf(truncated).message, /not valid JSON: .*(end|position)/i);

    for (const body of [{ rpm: -1 }, { colour: 'blue' }, ['a'], { budget_period: 'day' }]) {
      let expected = '';
      try {
        parseClientKeySpec(body);
      } catch (error) {
        assert.ok(error instanceof ClientKeySpecError);
        expected = error.message;
      }
      const answer = await call('POST', '/admin/keys', { body: JSON.stringify(body) });
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.equal(errorOf(answer).code, 'invalid_key_spec');
      assert.equal(errorOf(answer).message, expected);
    }

    const large = JSON.stringify({ name: 'x', metadata: { note: 'y'.repeat(ADMIN_MAX_BODY_BYTES) } });
    const declared = await call('POST', '/admin/keys', { body: large });
    assert.equal(declared.status, 413);
    const chunked = await call('POST', '/admin/keys', { body: large, chunked: true });
    assert.equal(chunked.status, 413);
    assert.match(errorOf(chunked).message, /64 kB/);
    assert.equal(store.listClientKeys({ includeRevoked: true }).filter((k) => k.name === 'x').length, 0);
  });

  test('wrong methods get 405 with Allow; unknown admin paths 404', async () => {
    for (const [method, path, allow] of [
      ['PUT', '/admin/keys', 'GET, POST'],
      ['DELETE', '/admin/upstreams', 'GET'],
      ['POST', '/admin/usage', 'GET'],
      ['GET', '/admin/keys/ck_1/rotate', 'POST'],
      ['PATCH', '/admin/keys/ck_1', 'GET, DELETE'],
    ] as const) {
      const answer = await call(method, path);
      assert.equal(answer.status, 405, `${method} ${path}`);
      assert.equal(answer.headers.allow, allow);
      assert.equal(errorOf(answer).code, 'method_not_allowed');
    }
    const unknown = await call('GET', '/admin/nothing-here');
    assert.equal(unknown.status, 404);
    assert.match(errorOf(unknown).message, /GET \/admin\/upstreams/);
  });

  test('usage: summary rows, filtered by client and time; bad times are named', async () => {
    const row = (overrides: Partial<UsageRow>): UsageRow => ({
      time: START, requestId: `req_${Math.random()}`, clientKeyId: null, route: null, operation: 'chat', modelAsked: 'smart',
      modelServed: 'gpt-4o', upstream: 'openai', keyFingerprint: 'abc123', inputTokens: 10, outputTokens: 5, attempts: 1,
      latencyMs: 100, ttftMs: null, status: 200, streamed: false, resumed: false, answerId: null, categories: '', ...overrides,
    });
    store.appendUsage([
      row({ clientKeyId: 'ck_a', inputTokens: 100, outputTokens: 50 }),
      row({ clientKeyId: 'ck_a', inputTokens: 1, outputTokens: 2, status: 429, attempts: 3 }),
      row({ clientKeyId: 'ck_b', time: START + 24 * 60 * MINUTE }),
    ]);
    const all = await call('GET', '/admin/usage');
    assert.equal(all.status, 200);
    const rows = all.json.rows as Array<Record<string, unknown>>;
    const a = rows.find((r) => r.client_key_id === 'ck_a')!;
    assert.deepEqual({ ...a, avg_latency_ms: undefined, client_name: undefined }, {
      day: '2026-03-01', client_key_id: 'ck_a', client_name: undefined, model: 'gpt-4o', requests: 2, failed: 1,
      input_tokens: 101, output_tokens: 52, attempts: 4, avg_latency_ms: undefined,
    });
    assert.equal(rows.length, 2);

    const onlyB = await call('GET', '/admin/usage?client=ck_b');
    assert.deepEqual((onlyB.json.rows as Array<{ client_key_id: string }>).map((r) => r.client_key_id), ['ck_b']);
    assert.equal(onlyB.json.client, 'ck_b');
    const later = await call('GET', '/admin/usage?since=2026-03-02');
    assert.deepEqual((later.json.rows as Array<{ day: string }>).map((r) => r.day), ['2026-03-02']);
    assert.equal(later.json.since, '2026-03-02T00:00:00.000Z');
    const earlier = await call('GET', `/admin/usage?until=${START + MINUTE}`);
    assert.deepEqual((earlier.json.rows as Array<{ day: string }>).map((r) => r.day), ['2026-03-01']);

    const bad = await call('GET', '/admin/usage?since=yesterday');
    assert.equal(bad.status, 400);
    assert.match(errorOf(bad).message, /since="yesterday" is not a time: give an ISO 8601/);
    const swapped = await call('GET', '/admin/usage?since=2026-03-02&until=2026-03-01');
    assert.equal(swapped.status, 400);
    assert.match(errorOf(swapped).message, /is after until/);
  });

  test('no answer holds a whole client key except its own creation or rotation', () => {
    assert.ok(clientKeys.length >= 3, 'the lifecycle test ran first');
    for (const { label, text } of answers) {
      const own = label.startsWith('POST /admin/keys → 201') || /\/rotate → 201$/.test(label) ? clientKeys.filter((k) => text.includes(k)) : [];
      assert.ok(own.length <= 1, `${label} holds ${own.length} keys`);
      const others = clientKeys.filter((k) => !own.includes(k));
      assert.deepEqual(secretLeaks(text, others), [], label);
      for (const key of clientKeys) assert.ok(!text.includes(sha256(key)), `${label} holds a key hash`);
      assert.deepEqual(secretLeaks(text, gateway.secrets), [], label);
    }
  });
});

describe('admin API: upstreams', () => {
  let server: Awaited<ReturnType<typeof serveAdmin>>;
  let gateway: SampleGateway;
  before(async () => {
    gateway = await sampleGateway('troubled');
    server = await serveAdmin({ store: openSqliteStore(tempFolder()), adminToken: ADMIN_TOKEN, view: gateway.view, now: gateway.clock.now });
  });
  after(async () => {
    await server.close();
    gateway.close();
  });

  test('upstreams: every key state, queue depth and breakers, without a key or the base URL credentials', async () => {
    const answer = await exchange(server.url, 'GET', '/admin/upstreams', { headers: AUTH });
    assertJson(answer);
    assert.equal(answer.status, 200);
    const now = gateway.clock.now();
    assert.equal(answer.json.now, iso(now));
    const [openai, claude] = answer.json.upstreams as Array<Record<string, unknown>>;
    assert.equal(openai!.name, 'openai');
    assert.equal(openai!.provider, 'openai');
    assert.equal(openai!.base_url, 'https://api.openai.com/v1');
    assert.equal(openai!.queue_depth, 2);
    assert.equal(claude!.queue_depth, 0);
    const [healthy, cooling, disabled] = openai!.keys as Array<Record<string, unknown>>;
    assert.equal(healthy!.label, 'OPENAI_API_KEY_1');
    assert.match(healthy!.masked as string, /^sk-proj-…/);
    assert.match(healthy!.fingerprint as string, /^[0-9a-f]{6}$/);
    assert.equal(healthy!.state, 'healthy');
    assert.equal(healthy!.in_flight, 1);
    assert.equal(healthy!.tokens_last_minute, 100);
    assert.deepEqual(healthy!.limits, { max_in_flight: 8, rpm: null, tpm: null, learned: null });

    assert.equal(cooling!.state, 'cooling');
    assert.equal(cooling!.cooling_until, iso(now + 12 * SECOND));
    assert.equal(cooling!.cooling_reason, 'Rate limited by the provider');

    assert.equal(disabled!.state, 'disabled');
    assert.equal(disabled!.disabled_since, iso(START));
    assert.equal(disabled!.last_probe, iso(START + 100 * SECOND));
    const diagnosis = disabled!.diagnosis as Record<string, unknown>;
    assert.equal(diagnosis.category, 'key_invalid');
    assert.equal(diagnosis.title, REJECTED_TITLE);
    assert.match(diagnosis.cause as string, /Incorrect API key provided: sk-proj-…/);
    assert.equal(disabled!.summary, `disabled since ${iso(START)} because ${REJECTED_TITLE} (key_invalid)`);

    const breakers = answer.json.breakers as Array<{ target: string; state: string; open_until: string | null }>;
    assert.deepEqual(
      breakers.map((b) => [b.target, b.state]).sort(),
      [['claude/claude-sonnet-4-5', 'closed'], ['openai/gpt-4o', 'open'], ['openai/gpt-4o-mini', 'half-open']],
    );
    assert.ok(!answer.text.includes('relay-pass'), 'base URL credentials are dropped');
    assert.deepEqual(secretLeaks(answer.text, gateway.secrets), []);
  });
});
