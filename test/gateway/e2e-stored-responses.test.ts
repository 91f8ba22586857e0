import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { fingerprint } from '../../src/core/redact.js';
import { createClientKey, rotateClientKey } from './support/ops-admin.js';
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
  const clientKeys = { alice: '', bob: '' };
  const connect = () => {
    alice = new OpenAI({ baseURL: `${rig.gateway.url}/v1`, apiKey: clientKeys.alice, maxRetries: 0 });
    bob = new OpenAI({ baseURL: `${rig.gateway.url}/v1`, apiKey: clientKeys.bob, maxRetries: 0 });
  };

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
    clientKeys.alice = (await createClientKey(rig.gateway.url, token, { name: 'alice' })).key;
    clientKeys.bob = (await createClientKey(rig.gateway.url, token, { name: 'bob' })).key;
    await waitUntil('client keys are required', () => (rig.gateway.clientKeysRequired() ? true : undefined));
    connect();
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

  it('an id no key holds is asked of each key once, and the upstream\'s "not found" comes back', LIMIT, async () => {
    const used = keysSince();
    const read = await alice.responses.retrieve('resp_0123456789abcdef0123456789abcdef').catch((e: unknown) => e);
    assert.ok(read instanceof OpenAI.NotFoundError, String(read));
    assert.match(read.message, /not found/);
    const keys = used();
    assert.equal(keys.length, 4, `the three keys of the pool, then the other upstream's: ${keys.join(' ')}`);
    assert.equal(new Set(keys).size, 4, 'no key asked twice');
    assert.equal(read.headers.get('x-llmdoctor-attempts'), '4');
    const states = rig.gateway.upstreams.get('pool')!.pool.snapshot().map((key) => key.health.state);
    assert.deepEqual(states, ['healthy', 'healthy', 'healthy'], '"not found" says nothing against a key');
  });

  it('responses made outside the gateway are found by asking the keys in turn, then reached at once, by any client', LIMIT, async () => {
    // Made straight at the upstream, one with each key, in the order opposite to the pool's rotation: at least one
    // request meets keys of other projects before the one that holds its response
    const makers = [2, 1, 0].map((index) => poolKeys[index]!);
    const outside = [];
    for (const key of makers) outside.push(await new OpenAI({ baseURL: `${rig.mock.url}/openai/v1`, apiKey: key, maxRetries: 0 }).responses.create({ model: MODEL, input: 'Made before the gateway.' }));
    const searching = keysSince();
    const continued = [];
    for (const [index, made] of outside.entries()) {
      const asked = keysSince();
      continued.push(await alice.responses.create({ model: 'agent', input: 'Go on.', previous_response_id: made.id }));
      const keys = asked();
      assert.equal(keys.at(-1), fingerprint(makers[index]!), 'served by the key whose project holds it');
      assert.equal(new Set(keys).size, keys.length, `no key asked twice: ${keys.join(' ')}`);
    }
    assert.ok(searching().length > outside.length, 'some keys were asked before the right one');
    const found = keysSince();
    for (const made of outside) await alice.responses.create({ model: 'agent', input: 'And again.', previous_response_id: made.id });
    // Reading it makes nothing: it stays nobody's in particular
    assert.equal((await alice.responses.retrieve(outside[0]!.id)).id, outside[0]!.id);
    assert.equal((await bob.responses.retrieve(outside[0]!.id)).id, outside[0]!.id, 'made elsewhere: any client reaches it, as at the upstream');
    assert.deepEqual(found(), [...makers, makers[0]!, makers[0]!].map((key) => fingerprint(key)), 'once found, one attempt each, on its key');
    const other = await bob.responses.retrieve(continued[0]!.id).catch((e: unknown) => e);
    assert.ok(other instanceof OpenAI.NotFoundError, 'what alice made from it is still hers');
  });

  it('streamed continuations of responses made outside are found before their first byte', LIMIT, async () => {
    // Two makers against the rotation again: one of the two streams at least meets another project's key first
    for (const maker of [poolKeys[1]!, poolKeys[0]!]) {
      const direct = new OpenAI({ baseURL: `${rig.mock.url}/openai/v1`, apiKey: maker, maxRetries: 0 });
      const outside = await direct.responses.create({ model: MODEL, input: 'Streamed later.' });
      const stream = await alice.responses.create({ model: 'agent', input: 'Go on.', previous_response_id: outside.id, stream: true });
      const types: string[] = [];
      for await (const event of stream) types.push(event.type);
      assert.equal(types[0], 'response.created', 'no error event: the refusals of the other keys never reached the client');
      assert.equal(types.at(-1), 'response.completed');
    }
  });

  it('a rotated client key\'s responses pass to the key that replaced it, and to no one else', LIMIT, async () => {
    const carol = await createClientKey(rig.gateway.url, token, { name: 'carol' });
    const before = new OpenAI({ baseURL: `${rig.gateway.url}/v1`, apiKey: carol.key, maxRetries: 0 });
    const made = await before.responses.create({ model: 'agent', input: 'Before the rotation.' });
    const rotated = await rotateClientKey(rig.gateway.url, token, carol.id);
    const again = await rotateClientKey(rig.gateway.url, token, rotated.id);
    const after = new OpenAI({ baseURL: `${rig.gateway.url}/v1`, apiKey: again.key, maxRetries: 0 });
    assert.equal((await after.responses.retrieve(made.id)).id, made.id, 'two rotations later');
    const continued = await after.responses.create({ model: 'agent', input: 'After it.', previous_response_id: made.id });
    assert.ok(continued.output_text.length > 0);
    const other = await bob.responses.retrieve(made.id).catch((e: unknown) => e);
    assert.ok(other instanceof OpenAI.NotFoundError, String(other));
  });

  it('a response stored with store: false is not remembered: the upstream answers for it', LIMIT, async () => {
    const created = await alice.responses.create({ model: 'agent', input: 'Forget me.', store: false });
    const continued = await alice.responses.create({ model: 'agent', input: 'And?', previous_response_id: created.id }).catch((e: unknown) => e);
    assert.ok(continued instanceof OpenAI.BadRequestError, String(continued));
    assert.match(continued.message, /not found/);
  });

  it('a conversation, its items and the responses in it stay on the key whose project holds it, and with its client', LIMIT, async () => {
    const used = keysSince();
    const conversation = await alice.conversations.create({ metadata: { topic: 'plans' } });
    for (let turn = 0; turn < 4; turn++) {
      const answer = await alice.responses.create({ model: 'agent', input: `Turn ${turn}.`, conversation: conversation.id });
      assert.ok(answer.output_text.length > 0);
    }
    const items = await alice.conversations.items.list(conversation.id);
    assert.ok(items.data.length >= 8, `four turns, each its input and its answer: ${items.data.length} items`);
    const updated = await alice.conversations.update(conversation.id, { metadata: { topic: 'done' } });
    assert.deepEqual(updated.metadata, { topic: 'done' });
    const other = await bob.conversations.retrieve(conversation.id).catch((e: unknown) => e);
    assert.ok(other instanceof OpenAI.NotFoundError, String(other));
    const continued = await bob.responses.create({ model: 'agent', input: 'Mine now.', conversation: conversation.id }).catch((e: unknown) => e);
    assert.ok(continued instanceof OpenAI.NotFoundError, String(continued));
    await alice.conversations.delete(conversation.id);
    const keys = used();
    assert.equal(keys.length, 8, 'create, four turns, list, update, delete: one attempt each, none refused');
    assert.equal(new Set(keys).size, 1, `all on the key that made the conversation: ${keys.join(' ')}`);
  });

  // Last: it restarts the gateway
  it('after a restart the usage store still knows each response\'s key and client: conversations go on', LIMIT, async () => {
    // Made on a key other than the first: a restarted pool starts with its first key, which must not be right by chance
    let before: OpenAI.Responses.Response;
    let maker: string | null | undefined;
    do {
      const made = keysSince();
      before = await alice.responses.create({ model: 'agent', input: 'Before the restart.' });
      [maker] = made();
    } while (maker === fingerprint(poolKeys[0]!));
    await rig.restartGateway();
    await waitUntil('client keys are required', () => (rig.gateway.clientKeysRequired() ? true : undefined));
    connect();
    const used = keysSince();
    let previous = before.id;
    for (let turn = 0; turn < 3; turn++) previous = (await alice.responses.create({ model: 'agent', input: `After ${turn}.`, previous_response_id: previous })).id;
    assert.equal((await alice.responses.retrieve(before.id)).id, before.id);
    assert.deepEqual(new Set(used()), new Set([maker]), 'every request on the key that made the first response');
    const other = await bob.responses.retrieve(before.id).catch((e: unknown) => e);
    assert.ok(other instanceof OpenAI.NotFoundError, String(other));
  });
});
