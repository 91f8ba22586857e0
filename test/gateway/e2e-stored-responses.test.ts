import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { fingerprint } from '../../src/core/redact.js';
import { createClientKey } from './support/ops-admin.js';
import { newAdminToken, startOpsRig, type OpsRig } from './support/ops-rig.js';
import { waitUntil } from './support/ops-wait.js';

/**
 * OpenAI keeps every Responses answer in the project of the key that made it: only that project's keys can
 * continue it (`previous_response_id`), read, list or delete it. The gateway rotates keys, and teams pool keys of
 * several projects, so a conversation would hop projects and meet "not found" at random. The gateway remembers
 * which key made each stored response and sends every request that names it there, and keeps each client key's
 * responses to that client.
 */

const MODEL = 'gpt-4o-mini';
const LIMIT = { timeout: 20_000 };
const PROJECTS = ['alpha', 'beta', 'gamma'];

describe('e2e: stored OpenAI responses with keys of several projects', () => {
  let rig: OpsRig;
  const token = newAdminToken();
  let poolKeys: string[];
  let alice: OpenAI;
  let bob: OpenAI;

  before(async () => {
    rig = await startOpsRig({
      upstreams: (mock) => {
        poolKeys = PROJECTS.map((project) => mock.issueKey('openai', undefined, { project }));
        return [
          { name: 'pool', provider: 'openai', keys: poolKeys },
          { name: 'other', provider: 'openai', keys: [mock.issueKey('openai', undefined, { project: 'delta' })] },
        ];
      },
      routes: [{ model: 'agent', targets: [{ upstream: 'pool', model: MODEL }, { upstream: 'other', model: MODEL }] }],
      operations: { adminToken: token },
    });
    const aliceKey = await createClientKey(rig.gateway.url, token, { name: 'alice' });
    const bobKey = await createClientKey(rig.gateway.url, token, { name: 'bob' });
    await waitUntil('client keys are required', () => (rig.gateway.clientKeysRequired() ? true : undefined));
    alice = new OpenAI({ baseURL: `${rig.gateway.url}/v1`, apiKey: aliceKey.key, maxRetries: 0 });
    bob = new OpenAI({ baseURL: `${rig.gateway.url}/v1`, apiKey: bobKey.key, maxRetries: 0 });
  });
  after(() => rig?.close());

  /** The key fingerprints the mock saw from now on. */
  function keysSince() {
    const from = rig.mock.attempts().length;
    return () => rig.mock.attempts().slice(from).map((a) => a.keyFingerprint);
  }

  it('a conversation of eight turns, streamed and not, stays on the key whose project holds it', LIMIT, async () => {
    const used = keysSince();
    let previous: string | undefined;
    for (let turn = 0; turn < 8; turn++) {
      const ask = { model: 'agent', input: `Turn ${turn}.`, ...(previous ? { previous_response_id: previous } : {}) };
      if (turn % 2 === 0) {
        previous = (await alice.responses.create(ask)).id;
      } else {
        const stream = await alice.responses.create({ ...ask, stream: true });
        let completed: string | undefined;
        for await (const event of stream) if (event.type === 'response.completed') completed = event.response.id;
        previous = completed;
      }
      assert.ok(previous, `turn ${turn} answered`);
    }
    const keys = used();
    assert.equal(keys.length, 8, 'one attempt a turn: none met "not found"');
    assert.equal(new Set(keys).size, 1, `every turn on the first turn's key: ${keys.join(' ')}`);
    assert.ok(poolKeys.map(fingerprint).includes(keys[0]!));
  });

  it('meanwhile, new conversations still spread over every key of the pool', LIMIT, async () => {
    const used = keysSince();
    for (let i = 0; i < 6; i++) await alice.responses.create({ model: 'agent', input: `Fresh ${i}.` });
    assert.equal(new Set(used()).size, PROJECTS.length);
  });

  it('retrieve, list input items, delete: each reaches the key that made the response', LIMIT, async () => {
    const created = await alice.responses.create({ model: 'agent', input: 'Keep this.' });
    const used = keysSince();
    const read = await alice.responses.retrieve(created.id);
    assert.equal(read.id, created.id);
    assert.equal(read.output_text, created.output_text);
    const items = await alice.responses.inputItems.list(created.id);
    assert.ok(items.data.length > 0);
    await alice.responses.delete(created.id);
    const gone = await alice.responses.retrieve(created.id).catch((e: unknown) => e);
    assert.ok(gone instanceof OpenAI.NotFoundError, String(gone));
    assert.equal(new Set(used()).size, 1, 'all on one key');
  });

  it('another client key cannot reach it, and is not told it exists; nothing goes upstream', LIMIT, async () => {
    const created = await alice.responses.create({ model: 'agent', input: 'Mine.' });
    const used = keysSince();
    const read = await bob.responses.retrieve(created.id).catch((e: unknown) => e);
    assert.ok(read instanceof OpenAI.NotFoundError, String(read));
    assert.match(read.message, /not found/);
    const continued = await bob.responses.create({ model: 'agent', input: 'Go on.', previous_response_id: created.id }).catch((e: unknown) => e);
    assert.ok(continued instanceof OpenAI.NotFoundError, String(continued));
    assert.deepEqual(used(), []);
  });

  it('an id the gateway never saw goes to the upstream, whose "not found" comes back', LIMIT, async () => {
    const read = await alice.responses.retrieve('resp_0123456789abcdef0123456789abcdef').catch((e: unknown) => e);
    assert.ok(read instanceof OpenAI.NotFoundError, String(read));
  });

  it('a response stored with store: false is not remembered: the upstream answers for it', LIMIT, async () => {
    const created = await alice.responses.create({ model: 'agent', input: 'Forget me.', store: false });
    const continued = await alice.responses.create({ model: 'agent', input: 'And?', previous_response_id: created.id }).catch((e: unknown) => e);
    assert.ok(continued instanceof OpenAI.BadRequestError, String(continued));
    assert.match(continued.message, /not found/);
  });
});
