import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { FunctionCallingConfigMode, GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { startMock, type RunningMock } from '../../src/mock/start-mock.js';
import { WRITE_FILE } from '../helpers/tools.js';

/**
 * Forced tool calls through the official SDKs (openai 6.x, @anthropic-ai/sdk, @google/genai):
 * each parses the simulated call as it parses the real one, streamed or not, and the streamed
 * arguments equal the whole ones. A paced call arrives fragment by fragment; `stream_cut` cuts it
 * mid-arguments.
 */

const PROMPT = 'Write the release notes to a file.';
const LOOKUP = { name: 'lookup', description: 'Looks a word up', parameters: { type: 'object', properties: { word: { type: 'string' } } } };

/** What the schema promises, checked on parsed arguments. */
function assertWriteFileArguments(args: Record<string, unknown>): void {
  assert.deepEqual(Object.keys(args), ['path', 'content', 'mode', 'lines', 'overwrite', 'tags', 'owner']);
  assert.equal(typeof args.path, 'string');
  assert.ok((args.content as string).split(' ').length >= 4, 'strings are several words');
  assert.equal(args.mode, 'create', 'an enum gives its first value');
  assert.ok(Number.isInteger(args.lines));
  assert.equal(args.overwrite, true);
  assert.equal((args.tags as unknown[]).length, 1);
  assert.equal(typeof (args.owner as { age: unknown }).age, 'number');
}

describe('forced tool calls through the official SDKs', () => {
  let mock: RunningMock;
  let paced: RunningMock;
  const openai = (on: RunningMock, scenario?: 'stream_cut') =>
    new OpenAI({ apiKey: on.issueKey('openai', scenario), baseURL: on.baseUrls.openai, maxRetries: 0, logLevel: 'off' });
  const anthropic = (on: RunningMock, scenario?: 'stream_cut') => new Anthropic({ apiKey: on.issueKey('anthropic', scenario), baseURL: on.baseUrls.anthropic, maxRetries: 0 });
  const gemini = (on: RunningMock) => new GoogleGenAI({ apiKey: on.issueKey('gemini'), httpOptions: { baseUrl: on.baseUrls.gemini } });

  before(async () => {
    mock = await startMock({ seed: 5 });
    paced = await startMock({ seed: 5, firstTokenMs: 0, tokensPerSecond: 200 });
  });
  after(async () => {
    await mock.close();
    await paced.close();
  });

  describe('OpenAI chat completions', () => {
    const chatTools = { tools: [{ type: 'function' as const, function: LOOKUP }, { type: 'function' as const, function: WRITE_FILE }] };
    const ask = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: PROMPT }], ...chatTools, tool_choice: { type: 'function' as const, function: { name: 'write_file' } } };

    it('answers a named tool_choice with that call, content null and finish_reason tool_calls', async () => {
      const completion = await openai(mock).chat.completions.create(ask);
      const choice = completion.choices[0]!;
      assert.equal(choice.finish_reason, 'tool_calls');
      assert.equal(choice.message.content, null);
      const call = choice.message.tool_calls![0]!;
      assert.equal(call.type, 'function');
      assert.match(call.id, /^call_[A-Za-z0-9]{24}$/);
      assert.ok(call.type === 'function' && call.function.name === 'write_file');
      assertWriteFileArguments(JSON.parse(call.function.arguments) as Record<string, unknown>);
      assert.ok(completion.usage!.completion_tokens > 10);
    });

    it('streams the same call: finalChatCompletion() equals the whole answer, in many fragments', async () => {
      const client = openai(mock);
      const whole = await client.chat.completions.create(ask);
      const stream = client.chat.completions.stream({ ...ask, stream_options: { include_usage: true } });
      let fragments = 0;
      stream.on('chunk', (chunk) => {
        if (chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments) fragments++;
      });
      const streamed = await stream.finalChatCompletion();
      const [wholeCall, streamedCall] = [whole.choices[0]!.message.tool_calls![0]!, streamed.choices[0]!.message.tool_calls![0]!];
      assert.ok(wholeCall.type === 'function' && streamedCall.type === 'function');
      assert.equal(streamedCall.id, wholeCall.id);
      assert.equal(streamedCall.function.name, 'write_file');
      assert.deepEqual(JSON.parse(streamedCall.function.arguments), JSON.parse(wholeCall.function.arguments));
      assert.equal(streamed.choices[0]!.finish_reason, 'tool_calls');
      assert.ok(fragments > 10, `${fragments} argument fragments`);
      assert.equal(streamed.usage?.completion_tokens, whole.usage?.completion_tokens);
    });

    it('"required" calls the first tool; "auto" or no tool_choice answers with text', async () => {
      const client = openai(mock);
      const required = await client.chat.completions.create({ ...ask, tool_choice: 'required' });
      const call = required.choices[0]!.message.tool_calls![0]!;
      assert.ok(call.type === 'function' && call.function.name === 'lookup');
      const auto = await client.chat.completions.create({ ...ask, tool_choice: 'auto' });
      assert.equal(auto.choices[0]!.message.tool_calls, undefined);
      assert.equal(auto.choices[0]!.finish_reason, 'stop');
      assert.ok((auto.choices[0]!.message.content ?? '').length > 0);
    });

    it('a paced call arrives over time; stream_cut cuts it mid-arguments', async () => {
      const started = Date.now();
      let chunks = 0;
      for await (const chunk of await openai(paced).chat.completions.create({ ...ask, stream: true })) if (chunk.choices[0]?.delta.tool_calls) chunks++;
      assert.ok(chunks > 10);
      assert.ok(Date.now() - started >= ((chunks - 2) * 1000) / 200, 'one fragment every 5 ms');

      let args = '';
      let finish: string | null = null;
      const stream = await openai(paced, 'stream_cut').chat.completions.create({ ...ask, stream: true });
      const error = await (async () => {
        for await (const chunk of stream) {
          args += chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments ?? '';
          finish = chunk.choices[0]?.finish_reason ?? finish;
        }
      })().catch((e: unknown) => e);
      assert.ok(error instanceof TypeError && error.message === 'terminated', String(error));
      assert.ok(args.length > 0, 'part of the arguments arrived');
      assert.throws(() => JSON.parse(args), 'but not all of them');
      assert.equal(finish, null);
    });
  });

  describe('OpenAI Responses', () => {
    const tools = [{ type: 'function' as const, name: WRITE_FILE.name, parameters: WRITE_FILE.parameters, strict: false }];

    it('streams a function_call item whose arguments equal the non-streamed ones', async () => {
      const client = openai(mock);
      const ask = { model: 'gpt-4.1', input: PROMPT, tools, tool_choice: 'required' as const };
      const whole = await client.responses.create(ask);
      const stream = client.responses.stream(ask);
      let deltas = '';
      stream.on('response.function_call_arguments.delta', (event) => (deltas += event.delta));
      const final = await stream.finalResponse();
      const item = final.output[0]!;
      assert.equal(item.type, 'function_call');
      assert.ok(item.type === 'function_call');
      assert.equal(item.name, 'write_file');
      assert.equal(item.status, 'completed');
      assert.match(item.call_id, /^call_[A-Za-z0-9]{24}$/);
      assert.match(item.id ?? '', /^fc_[0-9a-f]{50}$/);
      assert.equal(item.arguments, deltas);
      const wholeItem = whole.output[0]!;
      assert.ok(wholeItem.type === 'function_call');
      assert.deepEqual([item.call_id, item.arguments], [wholeItem.call_id, wholeItem.arguments]);
      // Two responses, two items: output item ids never repeat (a conversation finds its items by them)
      assert.notEqual(item.id, wholeItem.id);
      assert.equal(final.tool_choice, 'required');
      assertWriteFileArguments(JSON.parse(item.arguments) as Record<string, unknown>);
    });

    it('names a function with {type: "function", name}', async () => {
      const response = await openai(mock).responses.create({
        model: 'gpt-4.1',
        input: PROMPT,
        tools: [{ type: 'function', name: 'lookup', parameters: LOOKUP.parameters, strict: false }, ...tools],
        tool_choice: { type: 'function', name: 'write_file' },
      });
      assert.equal(response.output[0]?.type === 'function_call' && response.output[0].name, 'write_file');
    });
  });

  describe('Anthropic messages', () => {
    const ask = {
      model: 'claude-sonnet-4-5',
      max_tokens: 1000,
      messages: [{ role: 'user' as const, content: PROMPT }],
      tools: [{ name: WRITE_FILE.name, description: WRITE_FILE.description, input_schema: WRITE_FILE.parameters as Anthropic.Tool.InputSchema }],
      tool_choice: { type: 'any' as const },
    };

    it('finalMessage() holds the tool_use block with its input parsed; stop_reason tool_use', async () => {
      const client = anthropic(mock);
      const whole = await client.messages.create(ask);
      const streamed = await client.messages.stream(ask).finalMessage();
      for (const message of [whole, streamed]) {
        assert.equal(message.stop_reason, 'tool_use');
        const block = message.content[0]!;
        assert.ok(block.type === 'tool_use');
        assert.match(block.id, /^toolu_01[1-9A-HJ-NP-Za-km-z]{22}$/);
        assert.equal(block.name, 'write_file');
        assertWriteFileArguments(block.input as Record<string, unknown>);
      }
      assert.deepEqual(streamed.content, whole.content);
      assert.equal(streamed.usage.output_tokens, whole.usage.output_tokens);
    });

    it('{type: "tool", name} calls that tool', async () => {
      const message = await anthropic(mock).messages.create({
        ...ask,
        tools: [{ name: 'lookup', input_schema: LOOKUP.parameters as Anthropic.Tool.InputSchema }, ...ask.tools],
        tool_choice: { type: 'tool', name: 'write_file' },
      });
      assert.equal(message.content[0]?.type === 'tool_use' && message.content[0].name, 'write_file');
    });

    it('stream_cut cuts the input mid-JSON: finalMessage() rejects', async () => {
      const stream = anthropic(paced, 'stream_cut').messages.stream(ask);
      let partial = '';
      stream.on('inputJson', (delta) => (partial += delta));
      const error = await stream.finalMessage().catch((e: unknown) => e);
      assert.ok(error instanceof Error);
      assert.ok(partial.length > 0, 'part of the input arrived');
      assert.throws(() => JSON.parse(partial));
    });
  });

  describe('Gemini', () => {
    const config = (mode: FunctionCallingConfigMode, allowedFunctionNames?: string[]) => ({
      tools: [{ functionDeclarations: [{ name: LOOKUP.name, parametersJsonSchema: LOOKUP.parameters }, { name: WRITE_FILE.name, parametersJsonSchema: WRITE_FILE.parameters }] }],
      toolConfig: { functionCallingConfig: { mode, ...(allowedFunctionNames ? { allowedFunctionNames } : {}) } },
    });

    it('generateContent and generateContentStream give the same functionCalls', async () => {
      const ai = gemini(mock);
      const ask = { model: 'gemini-2.5-flash', contents: PROMPT, config: config(FunctionCallingConfigMode.ANY, ['write_file']) };
      const whole = await ai.models.generateContent(ask);
      const chunks = [];
      for await (const chunk of await ai.models.generateContentStream(ask)) chunks.push(chunk);
      assert.equal(chunks.length, 1, 'the call comes whole, in one chunk');
      assert.equal(whole.candidates?.[0]?.finishReason, 'STOP');
      assert.equal(whole.functionCalls?.[0]?.name, 'write_file');
      assertWriteFileArguments(whole.functionCalls![0]!.args!);
      assert.deepEqual(chunks[0]!.functionCalls, whole.functionCalls);
      assert.equal(chunks[0]!.usageMetadata?.candidatesTokenCount, whole.usageMetadata?.candidatesTokenCount);
    });

    it('ANY without allowed names calls the first declaration, with OpenAPI-style upper-case types too; AUTO answers with text', async () => {
      const ai = gemini(mock);
      const first = await ai.models.generateContent({
        model: 'gemini-2.5-flash',
        contents: PROMPT,
        config: {
          tools: [{ functionDeclarations: [{ name: 'count', parameters: { type: 'OBJECT' as never, properties: { n: { type: 'INTEGER' as never } } } }] }],
          toolConfig: { functionCallingConfig: { mode: FunctionCallingConfigMode.ANY } },
        },
      });
      assert.equal(first.functionCalls?.[0]?.name, 'count');
      assert.ok(Number.isInteger(first.functionCalls![0]!.args!.n));
      const auto = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: PROMPT, config: config(FunctionCallingConfigMode.AUTO) });
      assert.equal(auto.functionCalls, undefined);
      assert.ok((auto.text ?? '').length > 0);
    });
  });
});
