import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI, FunctionCallingConfigMode } from '@google/genai';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { fingerprint } from '../../src/core/redact.js';
import { gatewayConfig, startRig, type RouteSpec, type UpstreamSpec, type Rig } from './support/harness.js';
import { RecordLog } from './support/record-log.js';
import { WRITE_FILE } from '../helpers/tools.js';

/**
 * Streams whose answer is not text, or not text first: a forced tool call, Anthropic's thinking. Agents live on
 * these, and a long tool call (a whole file as arguments) or a long thinking phase is an answer that flows, not
 * a slow first token. The mock paces every fragment, so each answer streams for longer than the route's
 * first-token limit; a cut comes in the middle of the arguments.
 */

/** Fragments every 25 ms: the tool calls below take far longer than FIRST_TOKEN_MS to stream. */
const TOKENS_PER_SECOND = 40;
const FIRST_TOKEN_MS = 150;
const LIMIT = { timeout: 20_000 };
const PROMPT = 'Write the notes to a file.';

type Provider = 'openai' | 'anthropic' | 'gemini';
const MODELS: Record<Provider, string> = { openai: 'gpt-4o-mini', anthropic: 'claude-sonnet-4-5', gemini: 'gemini-2.5-flash' };

describe('e2e: streamed tool calls and thinking', () => {
  let rig: Rig;
  const log = new RecordLog();
  const keys = {} as Record<Provider, { ok: string; cut: string }>;
  let openai: OpenAI;
  let anthropic: Anthropic;

  before(async () => {
    rig = await startRig(
      (mock) => {
        const upstreams: UpstreamSpec[] = [];
        const routes: RouteSpec[] = [];
        for (const provider of Object.keys(MODELS) as Provider[]) {
          keys[provider] = { ok: mock.issueKey(provider), cut: mock.issueKey(provider, 'stream_cut') };
          upstreams.push({ name: `${provider}-ok`, provider, keys: [keys[provider].ok] }, { name: `${provider}-cut`, provider, keys: [keys[provider].cut] });
          const policies = { attemptsPerTarget: 1, timeouts: { firstTokenMs: FIRST_TOKEN_MS } };
          routes.push(
            { model: `${provider}-tools`, targets: [{ upstream: `${provider}-ok`, model: MODELS[provider] }], policies },
            { model: `${provider}-tools-cut`, targets: [{ upstream: `${provider}-cut`, model: MODELS[provider] }, { upstream: `${provider}-ok`, model: MODELS[provider] }], policies },
          );
        }
        return gatewayConfig(mock, upstreams, routes, { breaker: { failureThreshold: 1_000 } });
      },
      { onRecord: log.onRecord },
      { firstTokenMs: 0, tokensPerSecond: TOKENS_PER_SECOND },
    );
    openai = new OpenAI({ baseURL: `${rig.gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    anthropic = new Anthropic({ baseURL: rig.gateway.url, apiKey: 'unused', maxRetries: 0 });
  });
  after(() => rig?.close());

  /** The mock's attempts from now on, as [key fingerprint, outcome]. */
  function attemptsSince() {
    const from = rig.mock.attempts().length;
    return () => rig.mock.attempts().slice(from).map((a) => [a.keyFingerprint, a.outcome]);
  }

  const chatTools = { tools: [{ type: 'function' as const, function: WRITE_FILE }], tool_choice: 'required' as const };

  it('openai: a tool call that streams for longer than the first-token limit is served whole, as it streams, in one attempt', LIMIT, async () => {
    const attempts = attemptsSince();
    const started = Date.now();
    const { data: stream, response } = await openai.chat.completions
      .create({ model: 'openai-tools', messages: [{ role: 'user', content: PROMPT }], ...chatTools, stream: true })
      .withResponse();
    let name = '';
    let args = '';
    let finish: string | null = null;
    let firstFragmentAt = 0;
    for await (const chunk of stream) {
      const call = chunk.choices[0]?.delta.tool_calls?.[0];
      name += call?.function?.name ?? '';
      if (call?.function?.arguments) {
        firstFragmentAt ||= Date.now();
        args += call.function.arguments;
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    const ended = Date.now();
    assert.equal(name, 'write_file');
    assert.equal(finish, 'tool_calls');
    const parsed = JSON.parse(args) as Record<string, unknown>;
    assert.equal(typeof parsed.path, 'string');
    assert.equal(typeof parsed.content, 'string');
    assert.ok(ended - started > 2 * FIRST_TOKEN_MS, `the call streamed for ${ended - started} ms, past the first-token limit`);
    assert.ok(ended - firstFragmentAt > FIRST_TOKEN_MS, 'the client read the arguments as they came, not all at the end');
    assert.equal(response.headers.get('x-llmdoctor-attempts'), '1');
    assert.deepEqual(attempts(), [[fingerprint(keys.openai.ok), 200]]);
  });

  it('openai: a streamed tool call equals the same call answered whole', LIMIT, async () => {
    const ask = { model: 'openai-tools', messages: [{ role: 'user' as const, content: PROMPT }], ...chatTools };
    const whole = await openai.chat.completions.create(ask);
    const streamed = await openai.chat.completions.stream(ask).finalChatCompletion();
    const wholeCall = whole.choices[0]!.message.tool_calls![0]!;
    const streamedCall = streamed.choices[0]!.message.tool_calls![0]!;
    assert.equal(wholeCall.type, 'function');
    assert.equal(streamedCall.type, 'function');
    assert.deepEqual(JSON.parse(streamedCall.function.arguments), JSON.parse(wholeCall.function.arguments));
    assert.equal(streamed.choices[0]!.finish_reason, 'tool_calls');
  });

  it('openai Responses: a streamed function call is served whole in one attempt', LIMIT, async () => {
    const attempts = attemptsSince();
    const stream = await openai.responses.create({
      model: 'openai-tools',
      input: PROMPT,
      tools: [{ type: 'function', name: WRITE_FILE.name, parameters: WRITE_FILE.parameters, strict: false }],
      tool_choice: 'required',
      stream: true,
    });
    let args = '';
    let completed: OpenAI.Responses.Response | null = null;
    for await (const event of stream) {
      if (event.type === 'response.function_call_arguments.delta') args += event.delta;
      if (event.type === 'response.completed') completed = event.response;
    }
    assert.ok(completed, 'the stream completed');
    const item = completed.output[0];
    assert.equal(item?.type, 'function_call');
    assert.equal(item.arguments, args);
    assert.equal(typeof (JSON.parse(args) as { path: unknown }).path, 'string');
    assert.deepEqual(attempts(), [[fingerprint(keys.openai.ok), 200]]);
  });

  it('anthropic: a streamed tool_use block is served whole in one attempt', LIMIT, async () => {
    const attempts = attemptsSince();
    const started = Date.now();
    const message = await anthropic.messages
      .stream({
        model: 'anthropic-tools',
        max_tokens: 1_000,
        messages: [{ role: 'user', content: PROMPT }],
        tools: [{ name: WRITE_FILE.name, description: WRITE_FILE.description, input_schema: WRITE_FILE.parameters as Anthropic.Tool.InputSchema }],
        tool_choice: { type: 'any' },
      })
      .finalMessage();
    assert.ok(Date.now() - started > 2 * FIRST_TOKEN_MS);
    assert.equal(message.stop_reason, 'tool_use');
    const block = message.content[0];
    assert.equal(block?.type, 'tool_use');
    assert.equal(block.name, 'write_file');
    assert.equal(typeof (block.input as { content: unknown }).content, 'string');
    assert.deepEqual(attempts(), [[fingerprint(keys.anthropic.ok), 200]]);
  });

  it('anthropic: a thinking phase longer than the first-token limit is served with the answer after it', LIMIT, async () => {
    const attempts = attemptsSince();
    const started = Date.now();
    const message = await anthropic.messages
      .stream({ model: 'anthropic-tools', max_tokens: 2_000, thinking: { type: 'enabled', budget_tokens: 1_024 }, messages: [{ role: 'user', content: PROMPT }] })
      .finalMessage();
    assert.ok(Date.now() - started > 2 * FIRST_TOKEN_MS);
    assert.deepEqual(message.content.map((b) => b.type), ['thinking', 'text']);
    const thinking = message.content[0]!;
    assert.ok(thinking.type === 'thinking' && thinking.thinking.length > 0);
    assert.deepEqual(attempts(), [[fingerprint(keys.anthropic.ok), 200]]);
  });

  it('gemini: a function call comes through a stream', LIMIT, async () => {
    const ai = new GoogleGenAI({ apiKey: 'unused', httpOptions: { baseUrl: rig.gateway.url } });
    const stream = await ai.models.generateContentStream({
      model: 'gemini-tools',
      contents: PROMPT,
      config: {
        tools: [{ functionDeclarations: [{ name: WRITE_FILE.name, description: WRITE_FILE.description, parametersJsonSchema: WRITE_FILE.parameters }] }],
        toolConfig: { functionCallingConfig: { mode: FunctionCallingConfigMode.ANY } },
      },
    });
    const calls = [];
    for await (const chunk of stream) calls.push(...(chunk.functionCalls ?? []));
    assert.equal(calls.length, 1);
    assert.equal(calls[0]!.name, 'write_file');
    assert.equal(typeof calls[0]!.args?.path, 'string');
  });

  it('openai: a tool call cut mid-arguments ends with an error; no fallback is asked to continue what no prefill carries', LIMIT, async () => {
    const attempts = attemptsSince();
    const { data: stream, response } = await openai.chat.completions
      .create({ model: 'openai-tools-cut', messages: [{ role: 'user', content: PROMPT }], ...chatTools, stream: true })
      .withResponse();
    let args = '';
    let finish: string | null = null;
    const error = await (async () => {
      for await (const chunk of stream) {
        args += chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments ?? '';
        finish = chunk.choices[0]?.finish_reason ?? finish;
      }
    })().catch((e: unknown) => e);
    assert.ok(error instanceof OpenAI.APIError, String(error));
    assert.match(error.message, /cut after it started/);
    assert.ok(args.length > 0, 'part of the arguments had reached the client');
    assert.throws(() => JSON.parse(args), 'and they are not a whole call');
    assert.equal(finish, null, 'never presented as finished');
    assert.deepEqual(attempts(), [[fingerprint(keys.openai.cut), 'stream_cut']]);
    const record = await log.waitFor(response.headers.get('x-llmdoctor-request-id'));
    assert.equal(record.resumed, false);
    assert.deepEqual(record.categories, ['network_reset']);
  });

  it('anthropic: a tool_use cut mid-input rejects finalMessage() with the cause', LIMIT, async () => {
    const attempts = attemptsSince();
    const error = await anthropic.messages
      .stream({
        model: 'anthropic-tools-cut',
        max_tokens: 1_000,
        messages: [{ role: 'user', content: PROMPT }],
        tools: [{ name: WRITE_FILE.name, input_schema: WRITE_FILE.parameters as Anthropic.Tool.InputSchema }],
        tool_choice: { type: 'any' },
      })
      .finalMessage()
      .catch((e: unknown) => e);
    assert.ok(error instanceof Anthropic.APIError, String(error));
    assert.match(error.message, /cut after it started/);
    assert.deepEqual(attempts(), [[fingerprint(keys.anthropic.cut), 'stream_cut']]);
  });
});
