import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI, { BadRequestError } from 'openai';
import { startMock, type RunningMock } from '../../src/mock/start-mock.js';

/**
 * Background responses through the official openai SDK (6.x): `background: true` is answered at once and the
 * answer is generated whether or not anyone waits; it is polled with `retrieve`, streamed again after a sequence
 * number (`retrieve(id, { stream: true, starting_after })`), and cancelled. The mock's pacing is the run's
 * timeline: here the first token after 100 ms, then 100 tokens a second.
 */

const MODEL = 'gpt-4.1';
const FIRST_TOKEN_MS = 100;

async function events(stream: AsyncIterable<OpenAI.Responses.ResponseStreamEvent>): Promise<OpenAI.Responses.ResponseStreamEvent[]> {
  const seen: OpenAI.Responses.ResponseStreamEvent[] = [];
  for await (const event of stream) seen.push(event);
  return seen;
}

const textOf = (seen: OpenAI.Responses.ResponseStreamEvent[]) => seen.flatMap((event) => (event.type === 'response.output_text.delta' ? [event.delta] : [])).join('');

describe('background Responses through the official SDK', () => {
  let mock: RunningMock;
  let client: OpenAI;

  before(async () => {
    mock = await startMock({ seed: 5, firstTokenMs: FIRST_TOKEN_MS, tokensPerSecond: 100 });
    client = new OpenAI({ apiKey: mock.issueKey('openai'), baseURL: mock.baseUrls.openai, maxRetries: 0, logLevel: 'off' });
  });
  after(() => mock.close());

  it('is answered at once, queued; polling sees it in progress, then completed with its output and usage', async () => {
    const created = await client.responses.create({ model: MODEL, input: 'Write a long story.', background: true });
    assert.equal(created.status, 'queued', 'answered before it was generated');
    assert.equal(created.background, true);
    assert.deepEqual(created.output, []);
    assert.equal(created.usage, null);
    const statuses = new Set<string>();
    let polled = created;
    while (polled.status === 'queued' || polled.status === 'in_progress') {
      statuses.add(polled.status);
      await new Promise((resolve) => setTimeout(resolve, 20));
      polled = await client.responses.retrieve(created.id);
    }
    assert.deepEqual([...statuses], ['queued', 'in_progress']);
    assert.equal(polled.status, 'completed');
    assert.ok(polled.output_text.length > 0);
    assert.ok(polled.usage && polled.usage.output_tokens > 0);
  });

  it('streams again from any event: the events after starting_after, as the first stream sent them', async () => {
    const whole = await events(await client.responses.create({ model: MODEL, input: 'Tell me about rivers.', background: true, stream: true }));
    const created = whole[0];
    assert.ok(created?.type === 'response.created');
    assert.equal(created.response.status, 'queued');
    assert.equal(whole.at(-1)?.type, 'response.completed');
    const cut = 5;
    const rest = await events(await client.responses.retrieve(created.response.id, { stream: true, starting_after: cut }));
    assert.deepEqual(rest, whole.slice(cut + 1), 'the same events, the same sequence numbers');
    assert.deepEqual(await events(await client.responses.retrieve(created.response.id, { stream: true })), whole, 'without starting_after: every event');
  });

  it('a dropped stream loses nothing: the answer is generated on, and read again from where the client was', async () => {
    const stream = await client.responses.create({ model: MODEL, input: 'Explain tides at length.', background: true, stream: true });
    const head: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const event of stream) {
      head.push(event);
      if (event.type === 'response.output_text.delta' && head.length > 6) break; // the client goes away mid-answer
    }
    const id = head[0]!.type === 'response.created' ? head[0]!.response.id : '';
    const started = Date.now();
    const rest = await events(await client.responses.retrieve(id, { stream: true, starting_after: head.at(-1)!.sequence_number }));
    assert.equal(rest[0]?.sequence_number, head.at(-1)!.sequence_number + 1);
    assert.equal(rest.at(-1)?.type, 'response.completed');
    assert.ok(Date.now() - started > 30, 'the later events come as they are generated, not at once');
    const final = await client.responses.retrieve(id);
    assert.equal(textOf([...head, ...rest]), final.output_text, 'one whole answer');
  });

  it('cancel stops one still going, answers one finished as it is, and refuses one not in the background', async () => {
    const running = await client.responses.create({ model: MODEL, input: 'Write a very long essay.', background: true });
    const cancelled = await client.responses.cancel(running.id);
    assert.equal(cancelled.status, 'cancelled');
    assert.equal((await client.responses.retrieve(running.id)).status, 'cancelled');
    const replay = await events(await client.responses.retrieve(running.id, { stream: true }));
    assert.ok(replay.every((event) => event.type !== 'response.completed'), 'a cancelled answer never completes');
    assert.equal((await client.responses.cancel(running.id)).status, 'cancelled', 'cancelling again changes nothing');
    const finished = await events(await client.responses.create({ model: MODEL, input: 'Hi.', background: true, stream: true }));
    const finishedId = finished[0]!.type === 'response.created' ? finished[0]!.response.id : '';
    assert.equal((await client.responses.cancel(finishedId)).status, 'completed', 'a finished one stays as it is');

    const foreground = await client.responses.create({ model: MODEL, input: 'Hi.' });
    const refused = await client.responses.cancel(foreground.id).catch((error: unknown) => error);
    assert.ok(refused instanceof BadRequestError, String(refused));
    assert.match(refused.message, /background/);
    const notReplayed = await client.responses.retrieve(foreground.id, { stream: true }).catch((error: unknown) => error);
    assert.ok(notReplayed instanceof OpenAI.NotFoundError, 'only a background response streams again');
  });
});
