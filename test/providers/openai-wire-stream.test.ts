import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seededRandom } from '../../src/core/seeded-random.js';
import { startMock, type RunningMock } from '../../src/mock/start-mock.js';
import { OPENAI_WIRE } from '../../src/providers/openai/wire.js';
import type { StreamEvent } from '../../src/providers/wire.js';

/**
 * The OpenAI stream reader on streams captured from `llmdoctor mock` (which plays the API's frames
 * byte for byte), fed in random-sized pieces as a socket delivers them.
 */

const MODEL = 'gpt-4o-mini';
const PROMPT = 'Say hello in a few words.';
const chatBody = { model: MODEL, messages: [{ role: 'user', content: PROMPT }] };
const responsesBody = { model: MODEL, input: PROMPT };

let mock: RunningMock;
let key: string;

before(async () => {
  mock = await startMock({ port: 0, seed: 7, firstTokenMs: 0, tokensPerSecond: 0 });
  key = mock.issueKey('openai');
});
after(() => mock.close());

async function post(path: string, body: Record<string, unknown>, scenario?: string): Promise<string> {
  const headers: Record<string, string> = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  if (scenario) headers['x-mock-scenario'] = scenario;
  const res = await fetch(`${mock.baseUrls.openai}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  assert.equal(res.status, 200, await res.clone().text());
  return res.text();
}

/** Every event of a stream fed in pieces of 1 to 40 characters. */
function read(stream: string, hideUsage: boolean, seed = 1): StreamEvent[] {
  const reader = OPENAI_WIRE.streamReader({ hideUsage });
  const random = seededRandom(seed);
  const events: StreamEvent[] = [];
  for (let at = 0; at < stream.length; ) {
    const size = 1 + Math.floor(random() * 40);
    events.push(...reader.push(stream.slice(at, at + size)));
    at += size;
  }
  events.push(...reader.end());
  return events;
}

const textOf = (events: StreamEvent[]): string => events.map((e) => e.text).join('');
const indexesOf = (events: StreamEvent[], test: (e: StreamEvent) => boolean): number[] => events.flatMap((e, i) => (test(e) ? [i] : []));

describe('OpenAI stream reader: chat completions from the mock', () => {
  let answer: { choices: { message: { content: string } }[]; usage: { prompt_tokens: number; completion_tokens: number } };

  before(async () => {
    answer = JSON.parse(await post('/chat/completions', chatBody)) as typeof answer;
  });

  it('reassembles the answer and marks the opening, the finish and [DONE]', async () => {
    const stream = await post('/chat/completions', { ...chatBody, stream: true });
    for (const seed of [1, 2, 3]) {
      const events = read(stream, false, seed);
      assert.equal(events.map((e) => e.raw).join(''), stream, 'raw is the stream exactly');
      assert.equal(textOf(events), answer.choices[0]?.message.content);
      assert.deepEqual(indexesOf(events, (e) => e.preamble), [0], 'only the role chunk opens');
      assert.deepEqual(indexesOf(events, (e) => e.finishes), [events.length - 2]);
      assert.deepEqual(indexesOf(events, (e) => e.terminates), [events.length - 1]);
      assert.equal(events.at(-1)?.raw, 'data: [DONE]\n\n');
      assert.ok(events.every((e) => e.usage === null && !e.hidden && !e.malformed && e.error === null));
    }
  });

  it('hides the usage chunk it asked for, and reads the usage', async () => {
    const { body, hideUsage } = OPENAI_WIRE.withStreamUsage({ ...chatBody, stream: true });
    assert.equal(hideUsage, true);
    const events = read(await post('/chat/completions', body), hideUsage);
    const usage = indexesOf(events, (e) => e.usage !== null);
    assert.deepEqual(usage, [events.length - 2]);
    assert.deepEqual(events[usage[0]!]?.usage, { inputTokens: answer.usage.prompt_tokens, outputTokens: answer.usage.completion_tokens });
    assert.deepEqual(indexesOf(events, (e) => e.hidden), usage);
    assert.equal(events[usage[0]!]?.preamble, false);
    assert.equal(textOf(events), answer.choices[0]?.message.content);
  });

  it('forwards the usage chunk when the caller asked for it', async () => {
    const events = read(await post('/chat/completions', { ...chatBody, stream: true, stream_options: { include_usage: true } }), false);
    assert.equal(indexesOf(events, (e) => e.usage !== null).length, 1);
    assert.equal(indexesOf(events, (e) => e.hidden).length, 0);
  });

  it('flags the malformed chunk (scenario malformed_chunk) and reads on', async () => {
    const events = read(await post('/chat/completions', { ...chatBody, stream: true }, 'malformed_chunk'), false);
    const bad = indexesOf(events, (e) => e.malformed);
    assert.equal(bad.length, 1);
    assert.ok(bad[0]! > 1 && bad[0]! < events.length - 2, 'a middle chunk');
    assert.equal(events[bad[0]!]?.text, '');
    assert.notEqual(textOf(events), answer.choices[0]?.message.content);
    assert.ok(answer.choices[0]?.message.content.startsWith(textOf(events).slice(0, 5)));
    assert.equal(events.at(-1)?.terminates, true);
  });

  it('sees the finish without an end marker (scenario no_done)', async () => {
    const events = read(await post('/chat/completions', { ...chatBody, stream: true }, 'no_done'), false);
    assert.equal(events.at(-1)?.finishes, true);
    assert.ok(events.every((e) => !e.terminates));
    assert.equal(OPENAI_WIRE.streamTerminator(), 'data: [DONE]\n\n');
  });

  it('reads CRLF line ends the same', async () => {
    const stream = (await post('/chat/completions', { ...chatBody, stream: true })).replace(/\n/g, '\r\n');
    const events = read(stream, false, 9);
    assert.equal(events.map((e) => e.raw).join(''), stream);
    assert.equal(textOf(events), answer.choices[0]?.message.content);
    assert.equal(events.at(-1)?.terminates, true);
  });
});

describe('OpenAI stream reader: Responses from the mock', () => {
  let fullText: string;
  let usage: { input_tokens: number; output_tokens: number };

  before(async () => {
    const answer = JSON.parse(await post('/responses', responsesBody)) as { output: { content: { text: string }[] }[]; usage: typeof usage };
    fullText = answer.output[0]?.content[0]?.text ?? '';
    usage = answer.usage;
  });

  it('reassembles the answer; the four opening events are the preamble; response.completed ends it', async () => {
    const stream = await post('/responses', { ...responsesBody, stream: true });
    const events = read(stream, false, 4);
    assert.equal(events.map((e) => e.raw).join(''), stream);
    assert.ok(fullText.length > 0);
    assert.equal(textOf(events), fullText);
    assert.deepEqual(indexesOf(events, (e) => e.preamble), [0, 1, 2, 3]);
    const last = events.length - 1;
    assert.match(events[last]!.raw, /^event: response\.completed\n/);
    assert.deepEqual(indexesOf(events, (e) => e.finishes), [last]);
    assert.deepEqual(indexesOf(events, (e) => e.terminates), [last]);
    assert.deepEqual(indexesOf(events, (e) => e.usage !== null), [last]);
    assert.deepEqual(events[last]?.usage, { inputTokens: usage.input_tokens, outputTokens: usage.output_tokens });
    assert.ok(events.every((e) => !e.hidden && !e.malformed && e.error === null));
    assert.deepEqual(OPENAI_WIRE.withStreamUsage({ ...responsesBody, stream: true }).hideUsage, false);
  });

  it('response.incomplete (cut by max_output_tokens) finishes and terminates', async () => {
    const events = read(await post('/responses', { ...responsesBody, stream: true, max_output_tokens: 16 }), false);
    const last = events.at(-1)!;
    assert.match(last.raw, /^event: response\.incomplete\n/);
    assert.equal(last.finishes, true);
    assert.equal(last.terminates, true);
    assert.ok(last.usage !== null);
  });

  it('flags the malformed event (scenario malformed_chunk)', async () => {
    const events = read(await post('/responses', { ...responsesBody, stream: true }, 'malformed_chunk'), false);
    assert.equal(indexesOf(events, (e) => e.malformed).length, 1);
    assert.equal(events.at(-1)?.terminates, true);
  });
});

describe('OpenAI stream reader: frames the mock does not send', () => {
  const frames = (text: string, hideUsage = false) => read(text, hideUsage, 5);

  it('an upstream error chunk, as parsed JSON', () => {
    const [event] = frames('data: {"error":{"message":"The server had an error","type":"server_error","param":null,"code":null}}\n\n');
    assert.deepEqual(event?.error, { error: { message: 'The server had an error', type: 'server_error', param: null, code: null } });
    assert.equal(event?.malformed, false);
  });

  it('Responses error and response.failed events', () => {
    const events = frames(
      'event: error\ndata: {"type":"error","code":"server_error","message":"boom","param":null,"sequence_number":3}\n\n' +
        'event: response.failed\ndata: {"type":"response.failed","response":{"status":"failed","error":{"code":"server_error","message":"boom"},"usage":null}}\n\n',
    );
    assert.equal((events[0]?.error as { code: string }).code, 'server_error');
    assert.equal(events[0]?.terminates, false);
    assert.equal((events[1]?.error as { type: string }).type, 'response.failed');
    assert.equal(events[1]?.terminates, true);
    assert.equal(events[1]?.finishes, false);
  });

  it('data that is not a JSON object is malformed', () => {
    const events = frames('data: hello\n\ndata: [1,2]\n\ndata: null\n\ndata: "text"\n\ndata: {"choices":[]}\n\n');
    assert.deepEqual(events.map((e) => e.malformed), [true, true, true, true, false]);
  });

  it('comment frames are neither content nor malformed; the last frame is read without its blank line', () => {
    const events = frames(': OPENROUTER PROCESSING\n\ndata: {"choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}\n\ndata: [DONE]');
    assert.equal(events.length, 3);
    assert.deepEqual([events[0]?.malformed, events[0]?.preamble, events[0]?.text], [false, false, '']);
    assert.equal(events[1]?.text, 'Hi');
    assert.equal(events[2]?.terminates, true);
    assert.equal(events[2]?.raw, 'data: [DONE]\n\n');
  });

  it("Azure's prompt-filter chunk opens; a tool-call chunk does not; nothing after content opens", () => {
    const events = frames(
      'data: {"choices":[],"prompt_filter_results":[{"prompt_index":0,"content_filter_results":{}}]}\n\n' +
        'data: {"choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"finish_reason":null}]}\n\n' +
        'data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"f","arguments":""}}]},"finish_reason":null}]}\n\n' +
        'data: {"choices":[{"index":0,"delta":{},"finish_reason":null}]}\n\n' +
        'data: {"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}\n\n',
      true,
    );
    assert.deepEqual(events.map((e) => e.preamble), [true, true, false, false, false]);
    assert.deepEqual(events.map((e) => e.finishes), [false, false, false, false, true]);
    assert.ok(events.every((e) => !e.hidden), 'a chunk without usage is never hidden');
  });

  it('a Responses item added after the first content does not open the answer', () => {
    const event = (type: string, fields = '') => `event: ${type}\ndata: {"type":"${type}"${fields}}\n\n`;
    const events = frames(
      event('response.created') +
        event('response.output_item.added', ',"output_index":0,"item":{"type":"reasoning"}') +
        event('response.reasoning_summary_text.delta', ',"delta":"Thinking"') +
        event('response.output_item.done', ',"output_index":0') +
        event('response.output_item.added', ',"output_index":1,"item":{"type":"message"}') +
        event('response.content_part.added', ',"output_index":1') +
        event('response.output_text.delta', ',"delta":"Hello"'),
    );
    assert.deepEqual(events.map((e) => e.preamble), [true, true, false, false, false, false, false]);
    assert.equal(textOf(events), 'Hello', 'reasoning is not the answer');
  });

  it('tool calls, refusals and streamed reasoning are content besides the text; role, empty content and a finish are not', () => {
    const chunk = (delta: object, finish: string | null = null) => `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    const events = frames(
      chunk({ role: 'assistant', content: null, tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '' } }] }) +
        chunk({ tool_calls: [{ index: 0, function: { arguments: '{"a"' } }] }) +
        chunk({ role: 'assistant', content: '', refusal: null }) +
        chunk({ reasoning_content: 'Let me think' }) +
        chunk({ refusal: 'I cannot' }) +
        chunk({ content: 'Hi' }) +
        chunk({ content: '', tool_calls: [] }) +
        chunk({}, 'tool_calls') +
        'data: {"choices":[{"index":1,"delta":{"tool_calls":[{"index":0}]},"finish_reason":null}]}\n\n',
    );
    assert.deepEqual(
      events.map((e) => e.otherContent),
      [true, true, false, true, true, false, false, false, false],
      'only the first choice is the answer',
    );
  });

  it('Responses: every delta but the text, and a finished item that is not the message or reasoning, are content besides the text', () => {
    const event = (type: string, fields = '') => `event: ${type}\ndata: {"type":"${type}"${fields}}\n\n`;
    const events = frames(
      event('response.created') +
        event('response.output_item.added', ',"output_index":0,"item":{"type":"function_call","arguments":""}') +
        event('response.function_call_arguments.delta', ',"delta":"{\\"a\\""') +
        event('response.reasoning_summary_text.delta', ',"delta":"Thinking"') +
        event('response.output_item.done', ',"item":{"type":"function_call"}') +
        event('response.output_item.done', ',"item":{"type":"reasoning"}') +
        event('response.output_item.done', ',"item":{"type":"message"}') +
        event('response.output_text.delta', ',"delta":"Hello"'),
    );
    assert.deepEqual(events.map((e) => e.otherContent), [false, false, true, true, true, false, false, false]);
    assert.equal(textOf(events), 'Hello');
  });

  it('legacy completions chunks carry their text in choices[].text; only the first choice is the answer', () => {
    const events = frames(
      'data: {"object":"text_completion","choices":[{"index":0,"text":"Once","finish_reason":null}]}\n\n' +
        'data: {"object":"text_completion","choices":[{"index":1,"text":"Twice","finish_reason":null}]}\n\n' +
        'data: {"object":"text_completion","choices":[{"index":0,"text":" upon","finish_reason":"length"}]}\n\n',
    );
    assert.equal(textOf(events), 'Once upon');
    assert.deepEqual(events.map((e) => e.finishes), [false, false, true]);
  });
});
