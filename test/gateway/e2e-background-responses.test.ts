import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { fingerprint } from '../../src/core/redact.js';
import { startKeySwitch } from './support/key-switch.js';
import { startOpsRig, type OpsRig, type OpsRigOptions } from './support/ops-rig.js';
import { waitUntil } from './support/ops-wait.js';

/**
 * OpenAI's background responses through the gateway, with the official SDK. `background: true` is answered at
 * once and generated whether or not anyone waits; the client polls it, streams it again after the last event it
 * got (`retrieve(id, { stream: true, starting_after })`), or cancels it. Every such request must reach the key
 * whose project holds the response, a streamed read must stream (not wait for the whole answer, which may take
 * minutes), and its tokens must be counted once: its creation could not count them.
 */

const MODEL = 'gpt-4o-mini';
const FIRST_TOKEN_MS = 100;
const LIMIT = { timeout: 20_000 };

type Event = OpenAI.Responses.ResponseStreamEvent;

const textOf = (events: Event[]) => events.flatMap((event) => (event.type === 'response.output_text.delta' ? [event.delta] : [])).join('');

/** An SDK client of the gateway (it authenticates nobody in these rigs). */
const gatewayClient = (rig: OpsRig) => new OpenAI({ baseURL: `${rig.gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });

/** Polls a background response until it is no longer queued or in progress: its last state, and how many reads it took. */
async function pollToTheEnd(client: OpenAI, created: OpenAI.Responses.Response): Promise<{ final: OpenAI.Responses.Response; polls: number }> {
  let final = created;
  let polls = 0;
  while (final.status === 'queued' || final.status === 'in_progress') {
    await new Promise((resolve) => setTimeout(resolve, 25));
    final = await client.responses.retrieve(created.id);
    polls++;
  }
  return { final, polls };
}

/**
 * A rig whose one key sits behind a key switch, and a key of the same project that plays `scenario`: swapped in
 * once, it makes one upstream request fail as the scenario says while the response it makes is stored all the same.
 */
interface SwitchedRig {
  rig: OpsRig;
  /** The next upstream request plays the scenario. */
  failOnce(): void;
  close(): Promise<void>;
}

async function startSwitchedRig(scenario: 'stream_cut' | 'slow_first_token', options: Pick<OpsRigOptions, 'mock' | 'policies'>): Promise<SwitchedRig> {
  const keySwitch = await startKeySwitch();
  let key = '';
  let standIn = '';
  const rig = await startOpsRig({
    ...options,
    upstreams: (mock) => {
      keySwitch.forwardTo(mock.url);
      key = mock.issueKey('openai', undefined, { project: 'alpha' });
      standIn = mock.issueKey('openai', scenario, { project: 'alpha' });
      return [{ name: 'pool', provider: 'openai', keys: [key], baseUrl: keySwitch.url + mock.baseUrls.openai.slice(mock.url.length) }];
    },
    routes: [{ model: 'agent', targets: [{ upstream: 'pool', model: MODEL }] }],
  });
  return {
    rig,
    failOnce: () => keySwitch.swapOnce(key, standIn),
    close: async () => {
      await rig.close();
      await keySwitch.close();
    },
  };
}

describe('e2e: background responses through the gateway', () => {
  let rig: OpsRig;
  let client: OpenAI;
  let poolKeys: string[];

  before(async () => {
    rig = await startOpsRig({
      mock: { firstTokenMs: FIRST_TOKEN_MS, tokensPerSecond: 50 },
      upstreams: (mock) => {
        poolKeys = ['alpha', 'beta'].map((project) => mock.issueKey('openai', undefined, { project }));
        return [{ name: 'pool', provider: 'openai', keys: poolKeys }];
      },
      routes: [{ model: 'agent', targets: [{ upstream: 'pool', model: MODEL }] }],
    });
    client = gatewayClient(rig);
  });
  after(() => rig?.close());

  /** The tokens the usage store counted for the requests since `from` rows. */
  async function tokensCounted(from: number, requests: number): Promise<number> {
    const { value: rows } = await waitUntil('every request has its usage row', () => {
      const found = rig.gateway.store.usageRows({ limit: 1_000 });
      return found.length >= from + requests ? found : undefined;
    });
    return rows
      .slice(0, rows.length - from)
      .reduce((sum, row) => sum + row.inputTokens + row.outputTokens, 0);
  }
  const rowCount = () => rig.gateway.store.usageRows({ limit: 1_000 }).length;
  const usedKeys = () => {
    const from = rig.mock.attempts().length;
    return () => rig.mock.attempts().slice(from).map((attempt) => attempt.keyFingerprint);
  };

  it('is answered at once, polled on its own key to completion, and its tokens counted once', LIMIT, async () => {
    const rowsBefore = rowCount();
    const keys = usedKeys();
    const created = await client.responses.create({ model: 'agent', input: 'Write a long story.', background: true });
    assert.equal(created.status, 'queued', 'answered before it was generated');
    const { final: polled, polls } = await pollToTheEnd(client, created);
    assert.equal(polled.status, 'completed');
    assert.ok(polled.output_text.length > 0);
    await client.responses.retrieve(created.id);
    const used = keys();
    assert.equal(new Set(used).size, 1, `every request on the key that made it: ${used.join(' ')}`);
    assert.equal(used.length, polls + 2, 'no key was asked in vain');
    const usage = polled.usage!;
    assert.equal(await tokensCounted(rowsBefore, polls + 2), usage.input_tokens + usage.output_tokens, 'counted once, at the first read that found it finished');
  });

  it('a stream the client left is read again from its last event, streamed as it is generated, and counted once', LIMIT, async () => {
    const rowsBefore = rowCount();
    const keys = usedKeys();
    const head: Event[] = [];
    for await (const event of await client.responses.create({ model: 'agent', input: 'Explain tides at length.', background: true, stream: true })) {
      head.push(event);
      if (event.type === 'response.output_text.delta' && head.length > 6) break; // the client goes away mid-answer
    }
    const created = head[0]!;
    assert.ok(created.type === 'response.created');
    const id = created.response.id;
    const arrivals: number[] = [];
    const rest: Event[] = [];
    const asked = Date.now();
    for await (const event of await client.responses.retrieve(id, { stream: true, starting_after: head.at(-1)!.sequence_number })) {
      arrivals.push(Date.now() - asked);
      rest.push(event);
    }
    assert.equal(rest[0]?.sequence_number, head.at(-1)!.sequence_number + 1, 'from the event after the last one the client got');
    assert.equal(rest.at(-1)?.type, 'response.completed');
    assert.ok(arrivals.at(-1)! - arrivals[0]! > 50, `streamed as generated, not held to the end: first event at ${arrivals[0]} ms, last at ${arrivals.at(-1)} ms`);
    const final = await client.responses.retrieve(id);
    assert.equal(textOf([...head, ...rest]), final.output_text, 'one whole answer');
    const used = keys();
    assert.equal(new Set(used).size, 1, `the stream, its replay and the read on the key that made it: ${used.join(' ')}`);
    assert.ok(poolKeys.map((key) => fingerprint(key)).includes(used[0]!));
    const usage = final.usage!;
    assert.equal(await tokensCounted(rowsBefore, 3), usage.input_tokens + usage.output_tokens, 'counted once');
  });

  // It restarts the gateway: the tests after it use the new one
  it('after a restart, its key is still known and its tokens are still counted once', LIMIT, async () => {
    const rowsBefore = rowCount();
    const keys = usedKeys();
    const created = await client.responses.create({ model: 'agent', input: 'Write a long story.', background: true });
    await rig.restartGateway();
    client = gatewayClient(rig);
    const { final: polled, polls } = await pollToTheEnd(client, created);
    await client.responses.retrieve(created.id);
    assert.equal(new Set(keys()).size, 1, 'every request on the key that made it');
    const usage = polled.usage!;
    assert.equal(await tokensCounted(rowsBefore, polls + 2), usage.input_tokens + usage.output_tokens, 'counted once, by the first finished read');
    await rig.restartGateway();
    client = gatewayClient(rig);
    const rowsThen = rowCount();
    await client.responses.retrieve(created.id);
    assert.equal(await tokensCounted(rowsThen, 1), 0, 'and not again after another restart');
  });

  it('is cancelled on its own key', LIMIT, async () => {
    const keys = usedKeys();
    const created = await client.responses.create({ model: 'agent', input: 'Write a very long essay.', background: true });
    assert.equal((await client.responses.cancel(created.id)).status, 'cancelled');
    assert.equal((await client.responses.retrieve(created.id)).status, 'cancelled');
    assert.equal(new Set(keys()).size, 1);
  });
});

describe('e2e: a background stream cut upstream is read on from where it was cut', () => {
  let switched: SwitchedRig;
  let rig: OpsRig;

  before(async () => {
    // The stand-in's every stream is cut mid-answer
    switched = await startSwitchedRig('stream_cut', { mock: { firstTokenMs: 20, tokensPerSecond: 400 } });
    rig = switched.rig;
  });
  after(() => switched?.close());

  const client = () => gatewayClient(rig);

  it('the client reads one whole stream: the events after the last one it got, from the provider\'s copy', LIMIT, async () => {
    const rowsBefore = rig.gateway.store.usageRows({ limit: 1_000 }).length;
    const attemptsBefore = rig.mock.attempts().length;
    switched.failOnce();
    const { data: stream, response } = await client().responses.create({ model: 'agent', input: 'Explain tides at length.', background: true, stream: true }).withResponse();
    const seen: Event[] = [];
    for await (const event of stream) seen.push(event);
    assert.equal(seen.at(-1)?.type, 'response.completed', `no error event: ${seen.at(-1)?.type}`);
    assert.deepEqual(
      seen.map((event) => event.sequence_number),
      seen.map((_, index) => index),
      'every event once, in order: none lost, none repeated',
    );
    const attempts = rig.mock.attempts().slice(attemptsBefore);
    assert.deepEqual(
      attempts.map((attempt) => `${attempt.method} ${attempt.outcome}`),
      ['POST stream_cut', 'GET 200'],
      'the cut stream, then its read on',
    );
    assert.equal(response.headers.get('x-llmdoctor-attempts'), '1', 'the headers went out with the first token, before the cut');
    const completed = seen.at(-1)!;
    assert.ok(completed.type === 'response.completed');
    const final = await client().responses.retrieve(completed.response.id);
    assert.equal(textOf(seen), final.output_text, 'one whole answer');
    const { value: rows } = await waitUntil('the two requests have their rows', () => {
      const found = rig.gateway.store.usageRows({ limit: 1_000 });
      return found.length >= rowsBefore + 2 ? found : undefined;
    });
    const counted = rows.slice(0, rows.length - rowsBefore).reduce((sum, row) => sum + row.inputTokens + row.outputTokens, 0);
    assert.equal(counted, final.usage!.input_tokens + final.usage!.output_tokens, 'its tokens counted once, by the stream');
  });

  it('a stream made in the foreground has no copy to read on from: the client gets the error event, as before', LIMIT, async () => {
    switched.failOnce();
    const stream = await client().responses.create({ model: 'agent', input: 'Explain tides at length.', stream: true });
    const failure = await (async () => {
      for await (const event of stream) void event;
    })().catch((error: unknown) => error);
    assert.ok(failure instanceof Error, 'the cut reached the client as an error');
  });
});

describe('e2e: a background stream that fails before its first token is read from its start, not asked again', () => {
  let switched: SwitchedRig;
  let rig: OpsRig;

  before(async () => {
    // The stand-in's streams send their opening events, then nothing for 3 s
    switched = await startSwitchedRig('slow_first_token', {
      mock: { firstTokenMs: 20, tokensPerSecond: 400, slowFirstTokenMs: 3_000 },
      policies: { timeouts: { firstTokenMs: 300, responseMs: 300 } },
    });
    rig = switched.rig;
  });
  after(() => switched?.close());

  it('one response is made, and the client reads all of it', LIMIT, async () => {
    const attemptsBefore = rig.mock.attempts().length;
    switched.failOnce();
    const client = gatewayClient(rig);
    const seen: Event[] = [];
    for await (const event of await client.responses.create({ model: 'agent', input: 'Explain tides.', background: true, stream: true })) seen.push(event);
    assert.equal(seen.at(-1)?.type, 'response.completed');
    assert.deepEqual(
      seen.map((event) => event.sequence_number),
      seen.map((_, index) => index),
      'every event once, from the first',
    );
    // The mock logs a request when it ends: the first one's slow stream ends when the mock notices the gateway left
    const { value: attempts } = await waitUntil('the first request is logged', () => {
      const logged = rig.mock.attempts().slice(attemptsBefore);
      return logged.length >= 2 ? logged : undefined;
    });
    assert.deepEqual(
      attempts.map((attempt) => `${attempt.method} ${attempt.outcome}`).sort(),
      ['GET 200', 'POST client_closed'],
      'the response was made once, then read: no second one generated and billed beside it',
    );
  });
});
