import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../src/core/seeded-random.js';
import { argumentsForSchema } from '../../src/mock/schema-arguments.js';
import { generateCompletion } from '../../src/mock/text-generator.js';
import { ANTHROPIC_SIMULATOR } from '../../src/providers/anthropic/simulator.js';
import { GEMINI_SIMULATOR } from '../../src/providers/gemini/simulator.js';
import { OPENAI_SIMULATOR } from '../../src/providers/openai/simulator.js';
import type { ProviderSimulator, SimOperation, SimRequest, StreamFrame } from '../../src/providers/simulator.js';

/** Forced tool calls and thinking, frame by frame: what each simulator sends, and what the generator makes of a schema. */

const SCHEMA = { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city'] };
const NOW = 1_750_000_000;

function parse(sim: ProviderSimulator, path: string, body: object, query = ''): SimOperation {
  const req: SimRequest = {
    method: 'POST',
    path,
    query: new URLSearchParams(query),
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
    rawBody: Buffer.from(JSON.stringify(body)),
  };
  const result = sim.parse(req);
  if ('error' in result) assert.fail(`expected an operation, got ${result.error.status} ${result.error.body}`);
  return result.op;
}

/** The JSON of each SSE frame's `data:` line; `[DONE]` as a string. */
const dataOf = (frame: StreamFrame): unknown => {
  const line = frame.data.split(/\r?\n/).find((l) => l.startsWith('data: '))!.slice(6);
  return line === '[DONE]' ? line : JSON.parse(line);
};

const chatOp = (extra: object = {}) =>
  parse(OPENAI_SIMULATOR, '/v1/chat/completions', {
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Weather?' }],
    tools: [{ type: 'function', function: { name: 'weather', parameters: SCHEMA } }],
    tool_choice: 'required',
    ...extra,
  });

describe('arguments from a schema', () => {
  it('fills every property by type, honours enum and const, resolves local $refs, reads upper-case types', () => {
    const schema = {
      type: 'object',
      properties: {
        name: { type: 'string' },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
        version: { const: 2 },
        count: { type: 'INTEGER' },
        ratio: { type: 'number' },
        ok: { type: 'boolean' },
        maybe: { anyOf: [{ type: 'null' }, { type: 'boolean' }] },
        list: { type: 'array', items: { $ref: '#/$defs/point' } },
        nested: { properties: { deep: { type: ['string', 'null'] } } },
      },
      $defs: { point: { type: 'object', properties: { x: { type: 'number' } } } },
    };
    const args = argumentsForSchema(schema, seededRandom(1));
    assert.deepEqual(Object.keys(args), ['name', 'unit', 'version', 'count', 'ratio', 'ok', 'maybe', 'list', 'nested']);
    assert.match(args.name as string, /^[a-z]+( [a-z]+){3,11}$/);
    assert.equal(args.unit, 'celsius');
    assert.equal(args.version, 2);
    assert.ok(Number.isInteger(args.count) && (args.count as number) >= 1 && (args.count as number) < 100);
    assert.equal(typeof args.ratio, 'number');
    assert.equal(args.ok, true);
    assert.equal(args.maybe, true);
    assert.deepEqual(Object.keys((args.list as object[])[0]!), ['x']);
    assert.equal(typeof (args.nested as { deep: unknown }).deep, 'string');
  });

  it('gives {} for a missing or empty schema, and stops a self-referencing one', () => {
    assert.deepEqual(argumentsForSchema(undefined, seededRandom(1)), {});
    assert.deepEqual(argumentsForSchema({ type: 'object' }, seededRandom(1)), {});
    const looping = argumentsForSchema({ type: 'object', properties: { self: { $ref: '#' } } }, seededRandom(1));
    assert.ok(JSON.stringify(looping).length < 10_000);
  });
});

describe('generated tool calls', () => {
  it('are deterministic per seed and prompt; fragments of 1–8 characters join to the arguments; usage counts them', () => {
    const op = chatOp();
    const completion = generateCompletion(3, op, NOW);
    const call = completion.toolCall!;
    assert.deepEqual(generateCompletion(3, op, NOW), completion);
    assert.notDeepEqual(generateCompletion(4, op, NOW).toolCall!.arguments, call.arguments);
    assert.equal(call.name, 'weather');
    assert.match(call.id, /^[A-Za-z0-9]{24}$/);
    assert.equal(call.argumentsText, JSON.stringify(call.arguments));
    assert.equal(call.fragments.join(''), call.argumentsText);
    assert.ok(call.fragments.every((f) => f.length >= 1 && f.length <= 8));
    assert.ok(call.fragments.length > 5);
    assert.equal(completion.outputTokens, call.fragments.length + 4);
    assert.deepEqual([completion.text, completion.tokens, completion.finishReason], ['', [], 'stop']);
  });

  it('only when the request forces one', () => {
    assert.equal(chatOp({ tool_choice: 'auto' }).forcedTool, undefined);
    assert.equal(chatOp({ tool_choice: undefined }).forcedTool, undefined);
    assert.equal(chatOp({ tools: undefined, tool_choice: undefined }).forcedTool, undefined);
    assert.deepEqual(chatOp({ tool_choice: { type: 'function', function: { name: 'nope' } } }).forcedTool, { name: 'weather', schema: SCHEMA }, 'an unknown name falls back to the first tool');
  });
});

describe('OpenAI frames', () => {
  it('chat: the call opens with id and name, then one chunk per fragment, then finish_reason tool_calls, usage and [DONE]', () => {
    const op = chatOp({ stream: true, stream_options: { include_usage: true } });
    const completion = generateCompletion(3, op, NOW);
    const call = completion.toolCall!;
    const frames = OPENAI_SIMULATOR.stream(op, completion).frames;
    const chunks = frames.map(dataOf) as { choices: { delta: unknown; finish_reason: string | null }[]; usage: unknown }[];
    assert.deepEqual(chunks[0]!.choices[0]!.delta, {
      role: 'assistant',
      content: null,
      tool_calls: [{ index: 0, id: `call_${call.id}`, type: 'function', function: { name: 'weather', arguments: '' } }],
      refusal: null,
    });
    const fragmentChunks = chunks.slice(1, 1 + call.fragments.length);
    assert.deepEqual(fragmentChunks.map((c) => c.choices[0]!.delta), call.fragments.map((arguments_) => ({ tool_calls: [{ index: 0, function: { arguments: arguments_ } }] })));
    assert.deepEqual(frames.map((f) => f.delta === true), [false, ...call.fragments.map(() => true), false, false, false]);
    const finish = chunks[1 + call.fragments.length]!;
    assert.deepEqual(finish.choices[0], { index: 0, delta: {}, logprobs: null, finish_reason: 'tool_calls' });
    assert.equal((chunks.at(-2)!.usage as { completion_tokens: number }).completion_tokens, completion.outputTokens);
    assert.equal(chunks.at(-1), '[DONE]');
  });

  it('chat, not streamed: content null, tool_calls, finish_reason tool_calls', () => {
    const op = chatOp();
    const completion = generateCompletion(3, op, NOW);
    const choice = (JSON.parse(OPENAI_SIMULATOR.answer(op, completion).body) as { choices: unknown[] }).choices[0];
    assert.deepEqual(choice, {
      index: 0,
      message: {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: `call_${completion.toolCall!.id}`, type: 'function', function: { name: 'weather', arguments: completion.toolCall!.argumentsText } }],
        refusal: null,
        annotations: [],
      },
      logprobs: null,
      finish_reason: 'tool_calls',
    });
  });

  it('Responses: function_call item added, argument deltas, done, item done, completed', () => {
    const op = parse(OPENAI_SIMULATOR, '/v1/responses', {
      model: 'gpt-4.1',
      input: 'Weather?',
      tools: [{ type: 'function', name: 'weather', parameters: SCHEMA }],
      tool_choice: { type: 'function', name: 'weather' },
      stream: true,
    });
    const completion = generateCompletion(3, op, NOW);
    const call = completion.toolCall!;
    const events = OPENAI_SIMULATOR.stream(op, completion).frames.map(dataOf) as Record<string, unknown>[];
    const types = events.map((e) => e.type);
    assert.deepEqual(types, [
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      ...call.fragments.map(() => 'response.function_call_arguments.delta'),
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    assert.deepEqual(events.map((e) => e.sequence_number), events.map((_, i) => i));
    const added = events[2]!.item as Record<string, unknown>;
    assert.deepEqual(Object.keys(added), ['id', 'type', 'status', 'arguments', 'call_id', 'name']);
    assert.deepEqual([added.status, added.arguments, added.call_id], ['in_progress', '', `call_${call.id}`]);
    assert.deepEqual(events.slice(3, -3).map((e) => e.delta), call.fragments);
    assert.ok(events.slice(3, -3).every((e) => e.item_id === added.id && e.output_index === 0 && typeof e.obfuscation === 'string'));
    assert.equal(events.at(-3)!.arguments, call.argumentsText);
    const completed = events.at(-1)!.response as { output: Record<string, unknown>[]; tool_choice: unknown; usage: { output_tokens: number } };
    assert.deepEqual(completed.output, [{ ...added, status: 'completed', arguments: call.argumentsText }]);
    assert.deepEqual(completed.tool_choice, { type: 'function', name: 'weather' });
    assert.equal(completed.usage.output_tokens, completion.outputTokens);
  });
});

describe('Anthropic frames', () => {
  const messagesOp = (extra: object) =>
    parse(ANTHROPIC_SIMULATOR, '/v1/messages', { model: 'claude-sonnet-4-5', max_tokens: 2000, messages: [{ role: 'user', content: 'Weather?' }], stream: true, ...extra });

  it('tool_use: block start with input {}, ping, an empty input_json_delta, one per fragment, stop, message_delta tool_use', () => {
    const op = messagesOp({ tools: [{ name: 'weather', input_schema: SCHEMA }], tool_choice: { type: 'any' } });
    const completion = generateCompletion(3, op, NOW);
    const call = completion.toolCall!;
    const frames = ANTHROPIC_SIMULATOR.stream(op, completion).frames;
    const events = frames.map(dataOf) as Record<string, unknown>[];
    assert.deepEqual(events.map((e) => e.type), [
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      ...call.fragments.map(() => 'content_block_delta'),
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const { id, ...block } = events[1]!.content_block as { id: string };
    assert.deepEqual(block, { type: 'tool_use', name: 'weather', input: {} });
    assert.match(id, /^toolu_01\w{22}$/);
    const partials = events.slice(3, -3).map((e) => (e.delta as { type: string; partial_json: string }));
    assert.ok(partials.every((d) => d.type === 'input_json_delta'));
    assert.deepEqual(partials.map((d) => d.partial_json), ['', ...call.fragments]);
    assert.equal(frames.filter((f) => f.delta).length, call.fragments.length, 'the empty first delta is not paced');
    assert.deepEqual(events.at(-2)!.delta, { stop_reason: 'tool_use', stop_sequence: null, stop_details: null });
    assert.equal((events.at(-2)!.usage as { output_tokens: number }).output_tokens, completion.outputTokens);
  });

  it('thinking: a thinking block (deltas, empty delta, signature_delta) at index 0, then the text at index 1 without a ping', () => {
    const op = messagesOp({ thinking: { type: 'enabled', budget_tokens: 1024 } });
    const completion = generateCompletion(3, op, NOW);
    const thinking = completion.thinking!;
    const frames = ANTHROPIC_SIMULATOR.stream(op, completion).frames;
    const events = frames.map(dataOf) as { type: string; index?: number; delta?: Record<string, string>; content_block?: unknown }[];
    assert.deepEqual(events[1], { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } });
    assert.equal(events[2]!.type, 'ping');
    const blockZero = events.filter((e) => e.type === 'content_block_delta' && e.index === 0).map((e) => e.delta!);
    assert.deepEqual(blockZero.slice(0, -2), thinking.tokens.map((t) => ({ type: 'thinking_delta', thinking: t })));
    assert.deepEqual(blockZero.at(-2), { type: 'thinking_delta', thinking: '' });
    assert.equal(blockZero.at(-1)!.type, 'signature_delta');
    const textStart = events.findIndex((e) => e.type === 'content_block_start' && e.index === 1);
    assert.deepEqual(events[textStart - 1], { type: 'content_block_stop', index: 0 });
    assert.deepEqual(events[textStart]!.content_block, { type: 'text', text: '' });
    assert.equal(events.filter((e) => e.type === 'ping').length, 1);
    assert.equal(frames.filter((f) => f.delta).length, thinking.tokens.length + completion.tokens.length);
    assert.equal(completion.outputTokens, thinking.tokens.length + completion.tokens.length);

    const body = JSON.parse(ANTHROPIC_SIMULATOR.answer({ ...op, stream: false }, completion).body) as { content: Record<string, string>[] };
    assert.deepEqual(body.content.map((b) => b.type), ['thinking', 'text']);
    assert.equal(body.content[0]!.thinking, thinking.text);
    assert.equal(body.content[0]!.signature, blockZero.at(-1)!.signature);
  });
});

describe('Gemini frames', () => {
  it('streams the call whole in one chunk, with finishReason STOP and the usage; SSE and JSON array alike', () => {
    const body = {
      contents: [{ role: 'user', parts: [{ text: 'Weather?' }] }],
      tools: [{ functionDeclarations: [{ name: 'other' }, { name: 'weather', parameters: SCHEMA }] }],
      toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['weather'] } },
    };
    for (const query of ['alt=sse', '']) {
      const op = parse(GEMINI_SIMULATOR, '/v1beta/models/gemini-2.5-flash:streamGenerateContent', body, query);
      const completion = generateCompletion(3, op, NOW);
      const frames = GEMINI_SIMULATOR.stream(op, completion).frames;
      const json = query === '' ? JSON.parse(frames.map((f) => f.data).join('')) : frames.map(dataOf);
      assert.equal(json.length, 1);
      const chunk = json[0] as { candidates: { content: unknown; finishReason: string }[]; usageMetadata: { candidatesTokenCount: number } };
      assert.deepEqual(chunk.candidates[0]!.content, { parts: [{ functionCall: { name: 'weather', args: completion.toolCall!.arguments } }], role: 'model' });
      assert.equal(chunk.candidates[0]!.finishReason, 'STOP');
      assert.equal(chunk.usageMetadata.candidatesTokenCount, completion.outputTokens);
      assert.ok(frames[0]!.delta);
    }
  });

  it('reads snake_case proto names too', () => {
    const op = parse(GEMINI_SIMULATOR, '/v1beta/models/gemini-2.5-flash:generateContent', {
      contents: [{ role: 'user', parts: [{ text: 'Weather?' }] }],
      tools: [{ function_declarations: [{ name: 'weather', parameters_json_schema: SCHEMA }] }],
      tool_config: { function_calling_config: { mode: 'ANY' } },
    });
    assert.deepEqual(op.forcedTool, { name: 'weather', schema: SCHEMA });
  });
});
