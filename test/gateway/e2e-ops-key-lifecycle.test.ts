import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../cli/run-cli.js';
import { adminRequest, createClientKey, revokeClientKey, rotateClientKey } from './support/ops-admin.js';
import { detailsOf, FORMATS, MODEL_OF, sdkCall, type Carrier, type Format } from './support/ops-callers.js';
import { newAdminToken, startOpsRig, type OpsRig } from './support/ops-rig.js';
import { waitUntil } from './support/ops-wait.js';

/** The gateway rereads client keys this often (DEFAULTS.gateway.clientKeysRecheckMs); changes must show within it plus a margin. */
const TAKES_EFFECT_WITHIN_MS = 1_500;

/** Where each installed SDK puts its apiKey. @anthropic-ai/sdk 1.x sends it as `Authorization: Bearer` (0.x sent x-api-key, checked below with fetch). */
const CARRIER_OF: Record<Format, Carrier> = { openai: 'authorization', anthropic: 'authorization', gemini: 'x-goog-api-key' };

/** A generating request with the key where only a hand-written client (curl, an old SDK) would put it. */
async function rawCall(url: string, carrier: 'x-api-key' | 'query', key: string): Promise<number> {
  const response =
    carrier === 'x-api-key'
      ? await fetch(`${url}/v1/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': key },
          body: JSON.stringify({ model: MODEL_OF.anthropic, max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] }),
        })
      : await fetch(`${url}/v1beta/models/${MODEL_OF.gemini}:generateContent?key=${encodeURIComponent(key)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
        });
  await response.text();
  return response.status;
}

function everyFormatUpstream(rig: { issueKey(provider: Format): string }) {
  return FORMATS.map((format) => ({ name: format, provider: format, keys: [rig.issueKey(format)] }));
}

/** Polls a call with `key` until it is refused (401) and returns the refusal and how long it took. */
async function refusedWithin(url: string, key: string) {
  return waitUntil(`the key is refused`, async () => {
    const call = await sdkCall('openai', url, key);
    return call.outcome.ok ? undefined : call;
  }, TAKES_EFFECT_WITHIN_MS * 2);
}

describe('e2e ops: client key lifecycle through the admin API', () => {
  let rig: OpsRig;
  const token = newAdminToken();

  before(async () => {
    rig = await startOpsRig({ upstreams: everyFormatUpstream, operations: { adminToken: token } });
  });
  after(() => rig?.close());

  it('create with limits → each SDK authenticates its own way → list → rotate → revoke', { timeout: 20_000 }, async () => {
    const spec = {
      name: 'billing-svc',
      models: Object.values(MODEL_OF),
      rpm: 100,
      max_concurrent: 4,
      budget_tokens: 1_000_000,
      budget_period: 'month',
      expires_in: '30d',
      metadata: { team: 'billing', owner: 'ana' },
    };
    const created = await createClientKey(rig.gateway.url, token, spec);
    const json = created.answer.json!;
    assert.equal(json.name, 'billing-svc');
    assert.deepEqual(json.models, spec.models);
    assert.equal(json.rpm, 100);
    assert.equal(json.max_concurrent, 4);
    assert.equal(json.budget_tokens, 1_000_000);
    assert.equal(json.status, 'active');
    assert.deepEqual(json.metadata, { team: 'billing', owner: 'ana' });
    assert.equal(created.answer.headers.get('cache-control'), 'no-store');
    // The first key closes the gateway to requests without one, within the recheck interval
    const closed = await waitUntil('a request without a key is refused', async () => ((await sdkCall('openai', rig.gateway.url, null)).outcome.ok ? undefined : true), TAKES_EFFECT_WITHIN_MS * 2);
    assert.ok(closed.tookMs <= TAKES_EFFECT_WITHIN_MS, `closed after ${closed.tookMs} ms`);

    // Each official SDK sends its apiKey where it always does; the gateway accepts it there
    for (const format of FORMATS) {
      for (const mode of ['plain', 'stream'] as const) {
        const call = await sdkCall(format, rig.gateway.url, created.key, mode);
        assert.ok(call.outcome.ok, `${format} ${mode} with the client key: ${call.inner ? JSON.stringify(call.inner).slice(0, 300) : ''}`);
        assert.deepEqual(call.carriers, [CARRIER_OF[format]], `${format} sends the key as ${CARRIER_OF[format]}`);
      }
    }
    // Anthropic's documented header, and Gemini's ?key= (a client that can only put the key in the URL)
    assert.equal(await rawCall(rig.gateway.url, 'x-api-key', created.key), 200);
    assert.equal(await rawCall(rig.gateway.url, 'query', created.key), 200);
    assert.equal(await rawCall(rig.gateway.url, 'x-api-key', `${created.key}x`), 401);
    assert.equal(await rawCall(rig.gateway.url, 'query', `${created.key}x`), 401);
    // Every request with the key was attributed to it
    const { value: served } = await waitUntil('8 served requests recorded', () => {
      const found = rig.records.records.filter((record) => record.clientKeyId === created.id);
      return found.length >= 8 ? found : undefined;
    });
    assert.deepEqual(served.map((record) => record.status), Array(8).fill(200));

    const listed = await adminRequest(rig.gateway.url, '/admin/keys', { token });
    assert.equal(listed.status, 200);
    const keys = listed.json!.keys as Array<Record<string, unknown>>;
    assert.deepEqual(keys.map((key) => key.id), [created.id]);
    assert.equal(keys[0]!.masked, json.masked);
    assert.ok(!listed.text.includes(created.key) && !('hash' in keys[0]!), 'the list shows neither the key nor its hash');

    const rotated = await rotateClientKey(rig.gateway.url, token, created.id);
    assert.equal(rotated.answer.json!.replaces, created.id);
    assert.equal(rotated.answer.json!.rpm, 100, 'the new key keeps the limits');
    assert.notEqual(rotated.key, created.key);
    const newWorks = await sdkCall('anthropic', rig.gateway.url, rotated.key);
    assert.ok(newWorks.outcome.ok, 'the new key works at once');
    const oldRefused = await refusedWithin(rig.gateway.url, created.key);
    assert.ok(oldRefused.tookMs <= TAKES_EFFECT_WITHIN_MS, `the old key was refused after ${oldRefused.tookMs} ms`);
    assert.equal(oldRefused.value.outcome.ok ? 0 : oldRefused.value.outcome.status, 401);
    assert.match(String(oldRefused.value.inner?.message), /rotated/);
    assert.equal(detailsOf(oldRefused.value)?.replaced_by, rotated.id);

    const listedAll = await adminRequest(rig.gateway.url, '/admin/keys?include_revoked=1', { token });
    const states = Object.fromEntries((listedAll.json!.keys as Array<Record<string, unknown>>).map((key) => [key.id, key.status]));
    assert.deepEqual(states, { [created.id]: 'revoked', [rotated.id]: 'active' });

    const revoked = await revokeClientKey(rig.gateway.url, token, rotated.id);
    assert.equal(revoked.json!.status, 'revoked');
    const newRefused = await refusedWithin(rig.gateway.url, rotated.key);
    assert.ok(newRefused.tookMs <= TAKES_EFFECT_WITHIN_MS, `the revoked key was refused after ${newRefused.tookMs} ms`);
    assert.match(String(newRefused.value.inner?.message), /revoked/);
    // No key is active now: the gateway stays closed rather than opening up
    const withoutKey = await sdkCall('openai', rig.gateway.url, null);
    assert.equal(withoutKey.outcome.ok ? 200 : withoutKey.outcome.status, 401);
  });
});

describe('e2e ops: client key lifecycle through the CLI while the gateway runs', () => {
  let rig: OpsRig;

  before(async () => {
    rig = await startOpsRig({ upstreams: everyFormatUpstream });
  });
  after(() => rig?.close());

  it('`keys create` in the data folder → accepted within ~1 s; `keys revoke` → refused within ~1 s', { timeout: 30_000 }, async () => {
    const cli = (args: string[]) => runCli(args, { cwd: rig.config.operations.dataDir });
    // Open while no key exists
    const open = await sdkCall('gemini', rig.gateway.url, null);
    assert.ok(open.outcome.ok, 'no client key yet: requests need none');

    const create = await cli(['keys', 'create', '--name', 'ci', '--rpm', '50', '--data-dir', rig.config.operations.dataDir, '--json']);
    assert.equal(create.code, 0, create.stderr);
    const made = JSON.parse(create.stdout) as { key: string; id: string; rpm: number };
    assert.equal(made.rpm, 50);
    const createdAt = Date.now();

    const accepted = await waitUntil('the new key is accepted', async () => ((await sdkCall('openai', rig.gateway.url, made.key)).outcome.ok ? true : undefined), 3_000);
    assert.ok(Date.now() - createdAt <= TAKES_EFFECT_WITHIN_MS, `accepted ${Date.now() - createdAt} ms after creation`);
    assert.ok(accepted.value);
    // And from then on a request without a key is refused, within the same time
    await waitUntil('a request without a key is refused', async () => ((await sdkCall('openai', rig.gateway.url, null)).outcome.ok ? undefined : true), TAKES_EFFECT_WITHIN_MS);
    const anthropicCall = await sdkCall('anthropic', rig.gateway.url, made.key, 'stream');
    assert.ok(anthropicCall.outcome.ok);

    const revoke = await cli(['keys', 'revoke', made.id, '--data-dir', rig.config.operations.dataDir]);
    assert.equal(revoke.code, 0, revoke.stderr);
    assert.match(revoke.stdout, new RegExp(`Revoked ${made.id}`));
    const revokedAt = Date.now();
    const refused = await refusedWithin(rig.gateway.url, made.key);
    assert.ok(Date.now() - revokedAt <= TAKES_EFFECT_WITHIN_MS, `refused ${Date.now() - revokedAt} ms after revocation`);
    assert.match(String(refused.value.inner?.message), /revoked/);
    assert.equal(detailsOf(refused.value)?.client_key_id, made.id);
  });
});
