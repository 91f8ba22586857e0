import { ApiError, GoogleGenAI } from '@google/genai';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fingerprint } from '../../src/core/redact.js';
import { createClientKey } from './support/ops-admin.js';
import { newAdminToken, startOpsRig, type OpsRig } from './support/ops-rig.js';
import { waitUntil } from './support/ops-wait.js';

/**
 * Gemini's context caches through the gateway, with @google/genai. A cache lives in the project of the key that
 * made it: with keys of several projects in rotation, every request that uses it (or reads, changes, deletes it)
 * must reach that key, or it meets 403 "CachedContent not found (or permission denied)". The cache's creation
 * names a route like any request, and each client key reaches only its own caches.
 */

const MODEL = 'gemini-2.5-flash';
const LIMIT = { timeout: 20_000 };
const DOCUMENT = 'The river carries silt to the delta, where it settles. '.repeat(110);

describe('e2e: Gemini context caches with keys of several projects', () => {
  let rig: OpsRig;
  const token = newAdminToken();
  let poolKeys: string[];
  let alice: GoogleGenAI;
  let bob: GoogleGenAI;

  before(async () => {
    rig = await startOpsRig({
      upstreams: (mock) => {
        poolKeys = ['alpha', 'beta', 'gamma'].map((project) => mock.issueKey('gemini', undefined, { project }));
        return [{ name: 'google', provider: 'gemini', keys: poolKeys }];
      },
      routes: [{ model: 'reader', targets: [{ upstream: 'google', model: MODEL }] }],
      operations: { adminToken: token },
    });
    const client = async (name: string) => new GoogleGenAI({ apiKey: (await createClientKey(rig.gateway.url, token, { name })).key, httpOptions: { baseUrl: rig.gateway.url } });
    alice = await client('alice');
    bob = await client('bob');
    await waitUntil('client keys are required', () => (rig.gateway.clientKeysRequired() ? true : undefined));
  });
  after(() => rig?.close());

  function keysSince() {
    const from = rig.mock.attempts().length;
    return () => rig.mock.attempts().slice(from).map((attempt) => attempt.keyFingerprint);
  }

  const createCache = (client: GoogleGenAI) =>
    client.caches.create({ model: 'reader', config: { contents: [{ role: 'user', parts: [{ text: DOCUMENT }] }], systemInstruction: 'Answer from the document.', ttl: '600s' } });

  it('made through a route, used, read, given a new ttl and deleted, every request on the key that made it', LIMIT, async () => {
    const used = keysSince();
    const cache = await createCache(alice);
    assert.equal(cache.model, `models/${MODEL}`, 'the route named the model the upstream was asked for');
    for (let turn = 0; turn < 4; turn++) {
      const ask = { model: 'reader', contents: `Question ${turn}: where does the silt settle?`, config: { cachedContent: cache.name! } };
      if (turn % 2 === 0) {
        const answer = await alice.models.generateContent(ask);
        assert.equal(answer.usageMetadata?.cachedContentTokenCount, cache.usageMetadata?.totalTokenCount);
      } else {
        let chunks = 0;
        for await (const chunk of await alice.models.generateContentStream(ask)) chunks += chunk.text === undefined ? 0 : 1;
        assert.ok(chunks > 0);
      }
    }
    assert.equal((await alice.caches.get({ name: cache.name! })).name, cache.name);
    await alice.caches.update({ name: cache.name!, config: { ttl: '1200s' } });
    await alice.caches.delete({ name: cache.name! });
    const keys = used();
    assert.equal(keys.length, 8, 'create, four uses, read, update, delete: one attempt each, none refused');
    assert.equal(new Set(keys).size, 1, `all on the key that made the cache: ${keys.join(' ')}`);
    assert.ok(poolKeys.map((key) => fingerprint(key)).includes(keys[0]!));
    const gone = await alice.models.generateContent({ model: 'reader', contents: 'Still there?', config: { cachedContent: cache.name! } }).catch((e: unknown) => e);
    assert.ok(gone instanceof ApiError && gone.status === 403, `deleted: the provider's answer comes back: ${String(gone)}`);
  });

  it('meanwhile, new caches spread over every key of the pool', LIMIT, async () => {
    const used = keysSince();
    for (let i = 0; i < 6; i++) await createCache(alice);
    assert.equal(new Set(used()).size, poolKeys.length);
  });

  it('another client key cannot use it, and is not told it exists; nothing goes upstream', LIMIT, async () => {
    const cache = await createCache(alice);
    const used = keysSince();
    const other = await bob.models.generateContent({ model: 'reader', contents: 'Mine now?', config: { cachedContent: cache.name! } }).catch((e: unknown) => e);
    assert.ok(other instanceof ApiError && other.status === 404, String(other));
    const read = await bob.caches.get({ name: cache.name! }).catch((e: unknown) => e);
    assert.ok(read instanceof ApiError && read.status === 404, String(read));
    assert.deepEqual(used(), []);
  });

  it('a cache made straight at Google is found by asking the keys in turn, then used at once', LIMIT, async () => {
    const direct = new GoogleGenAI({ apiKey: poolKeys[2]!, httpOptions: { baseUrl: rig.mock.baseUrls.gemini } });
    const cache = await direct.caches.create({ model: MODEL, config: { contents: [{ role: 'user', parts: [{ text: DOCUMENT }] }] } });
    const searching = keysSince();
    await alice.models.generateContent({ model: 'reader', contents: 'Where?', config: { cachedContent: cache.name! } });
    const asked = searching();
    assert.equal(asked.at(-1), fingerprint(poolKeys[2]!));
    assert.equal(new Set(asked).size, asked.length, 'no key asked twice');
    const found = keysSince();
    await alice.models.generateContent({ model: 'reader', contents: 'Why?', config: { cachedContent: cache.name! } });
    assert.deepEqual(found(), [fingerprint(poolKeys[2]!)]);
  });
});
