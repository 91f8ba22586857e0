import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  OpenAIError,
  PermissionDeniedError,
  RateLimitError,
} from 'openai';
import { fingerprint } from '../../src/core/redact.js';
import { SCENARIOS, type FailureScenario } from '../../src/core/scenarios.js';
import { startMock, type RunningMock } from '../../src/mock/start-mock.js';
import { classify } from '../../src/providers/classify.js';
import { URL_SAFE, picker } from '../helpers/random-text.js';

/**
 * The official openai SDK (6.x) against the simulator: it must not be able to tell it from
 * api.openai.com. Success, streams, every failure scenario (error class, status, body, and what
 * classify() makes of the raised error), and the transport faults as the SDK really experiences them.
 */

type ErrorClass = abstract new (...args: never[]) => Error;

const CHAT = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Say hello to the simulator' }] };
const scenario = (name: string) => ({ headers: { 'x-mock-scenario': name } });

async function raised(call: () => Promise<unknown>): Promise<Error> {
  try {
    await call();
  } catch (error) {
    return error as Error;
  }
  assert.fail('expected the SDK to raise');
}

/** Reads a stream to its end, or until `idleMs` pass without an item (then aborts it, as a caller's idle timer would). */
async function drain<T>(stream: AsyncIterable<T> & { controller: AbortController }, idleMs: number): Promise<{ items: T[]; stalled: boolean }> {
  const items: T[] = [];
  let stalled = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = true;
      stream.controller.abort();
    }, idleMs);
  };
  arm();
  try {
    for await (const item of stream) {
      items.push(item);
      arm();
    }
  } finally {
    clearTimeout(timer);
  }
  return { items, stalled };
}

describe('OpenAI simulator through the official SDK', () => {
  let mock: RunningMock;
  let key: string;
  let client: OpenAI;
  const clientWith = (options: ConstructorParameters<typeof OpenAI>[0] = {}) =>
    new OpenAI({ apiKey: key, baseURL: mock.baseUrls.openai, maxRetries: 0, logLevel: 'off', ...options });

  before(async () => {
    mock = await startMock({ seed: 11, slowFirstTokenMs: 400 });
    key = mock.issueKey('openai');
    client = clientWith();
  });
  after(() => mock.close());

  describe('answers', () => {
    it('completes a chat: text, usage, ids, finish reason, headers', async () => {
      const { data, response } = await client.chat.completions.create(CHAT).withResponse();
      assert.match(data.id, /^chatcmpl-[A-Za-z0-9]{29}$/);
      assert.equal(data.object, 'chat.completion');
      assert.equal(data.model, 'gpt-4o-mini-2024-07-18');
      const [choice] = data.choices;
      assert.equal(choice?.finish_reason, 'stop');
      assert.ok((choice?.message.content ?? '').length > 0);
      assert.equal(data.usage?.total_tokens, (data.usage?.prompt_tokens ?? 0) + (data.usage?.completion_tokens ?? 0));
      assert.match(response.headers.get('x-request-id') ?? '', /^req_[0-9a-f]{32}$/);
      for (const name of ['limit-requests', 'limit-tokens', 'remaining-requests', 'remaining-tokens', 'reset-requests', 'reset-tokens']) {
        assert.ok(response.headers.get(`x-ratelimit-${name}`), `x-ratelimit-${name}`);
      }
      const again = await client.chat.completions.create(CHAT);
      assert.equal(again.choices[0]?.message.content, choice?.message.content, 'the same prompt gives the same answer');
      assert.match(again._request_id ?? '', /^req_[0-9a-f]{32}$/);
    });

    it('stops at max_completion_tokens with finish_reason length', async () => {
      const data = await client.chat.completions.create({ ...CHAT, max_completion_tokens: 3 });
      assert.equal(data.choices[0]?.finish_reason, 'length');
      assert.equal(data.usage?.completion_tokens, 3);
    });

    it('streams a chat with the usage chunk when asked', async () => {
      const whole = await client.chat.completions.create(CHAT);
      const stream = await client.chat.completions.create({ ...CHAT, stream: true, stream_options: { include_usage: true } });
      let text = '';
      let finish: string | null = null;
      let usage: OpenAI.CompletionUsage | null | undefined;
      for await (const chunk of stream) {
        assert.equal(chunk.object, 'chat.completion.chunk');
        assert.equal(chunk.id.startsWith('chatcmpl-'), true);
        text += chunk.choices[0]?.delta.content ?? '';
        finish = chunk.choices[0]?.finish_reason ?? finish;
        if (chunk.usage) usage = chunk.usage;
      }
      assert.equal(text, whole.choices[0]?.message.content);
      assert.equal(finish, 'stop');
      assert.deepEqual(usage, whole.usage);
    });

    it('answers the Responses API, plain and streamed', async () => {
      const response = await client.responses.create({ model: 'gpt-4.1', instructions: 'Be brief.', input: 'Hello' });
      assert.match(response.id, /^resp_[0-9a-f]{50}$/);
      assert.equal(response.status, 'completed');
      assert.ok(response.output_text.length > 0);
      assert.equal(response.usage?.total_tokens, (response.usage?.input_tokens ?? 0) + (response.usage?.output_tokens ?? 0));

      const stream = client.responses.stream({ model: 'gpt-4.1', instructions: 'Be brief.', input: 'Hello' });
      const types: string[] = [];
      let deltas = '';
      for await (const event of stream) {
        types.push(event.type);
        if (event.type === 'response.output_text.delta') deltas += event.delta;
      }
      const final = await stream.finalResponse();
      assert.equal(final.output_text, response.output_text);
      assert.equal(deltas, response.output_text);
      assert.deepEqual([...new Set(types)], [
        'response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added',
        'response.output_text.delta', 'response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.completed',
      ]);
    });

    it('reports a Responses answer cut by max_output_tokens as incomplete', async () => {
      const response = await client.responses.create({ model: 'gpt-4.1', input: 'Hello', max_output_tokens: 16 });
      assert.ok(['completed', 'incomplete'].includes(response.status ?? ''));
      if (response.status === 'incomplete') assert.deepEqual(response.incomplete_details, { reason: 'max_output_tokens' });
    });

    it('embeds: base64 by default (decoded by the SDK) and floats on request, the same vector', async () => {
      const decoded = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'the simulator' });
      const floats = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'the simulator', encoding_format: 'float' });
      const a = decoded.data[0]!.embedding;
      const b = floats.data[0]!.embedding;
      assert.equal(a.length, 1536);
      assert.ok(Math.abs(Math.hypot(...a) - 1) < 1e-5);
      assert.deepEqual(a.map((v) => Math.fround(v)), b.map((v) => Math.fround(v)));
      assert.equal(decoded.usage.prompt_tokens, decoded.usage.total_tokens);
      const short = await client.embeddings.create({ model: 'text-embedding-3-large', input: ['a', 'b'], dimensions: 64 });
      assert.deepEqual(short.data.map((d) => [d.index, d.embedding.length]), [[0, 64], [1, 64]]);
    });

    it('moderates: omni-moderation-latest when no model is named, a result per input, image parts scored as images', async () => {
      const plain = await client.moderations.create({ input: 'Good morning.' });
      assert.match(plain.id, /^modr-[0-9a-f]{32}$/);
      assert.equal(plain.model, 'omni-moderation-latest');
      assert.equal(plain.results.length, 1);
      const [harmless] = plain.results;
      assert.equal(harmless!.flagged, false);
      assert.equal(Object.keys(harmless!.categories).length, 13);
      assert.ok(Object.values(harmless!.category_scores).every((score) => score < 0.01));
      const several = await client.moderations.create({ model: 'omni-moderation-2024-09-26', input: ['You idiot.', 'Good morning.'] });
      assert.deepEqual(several.results.map((result) => [result.flagged, result.categories.harassment]), [[true, true], [false, false]]);
      const mixed = await client.moderations.create({ input: [{ type: 'text', text: 'A photo.' }, { type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] });
      assert.deepEqual(mixed.results[0]!.category_applied_input_types.violence, ['text', 'image']);
      assert.deepEqual(mixed.results[0]!.category_applied_input_types.hate, ['text']);
      assert.deepEqual((await client.moderations.create({ input: 'Good morning.' })).results, plain.results, 'the same text, the same scores');
    });

    it('refuses a moderation model other than an omni one, and a missing input', async () => {
      const old = await raised(() => client.moderations.create({ model: 'text-moderation-latest', input: 'x' }));
      assert.ok(old instanceof BadRequestError);
      assert.equal(old.message, '400 please request omni-moderation-latest');
      assert.equal(old.param, 'model');
      const missing = await raised(() => client.moderations.create({} as OpenAI.ModerationCreateParams));
      assert.ok(missing instanceof BadRequestError);
      assert.equal(missing.param, 'input');
    });

    it('lists and retrieves models, and refuses an unknown one', async () => {
      const ids = [];
      for await (const model of client.models.list()) ids.push(model.id);
      assert.ok(ids.includes('gpt-4o-mini') && ids.includes('text-embedding-3-small'));
      const model = await client.models.retrieve('gpt-4o');
      assert.deepEqual({ ...model }, { id: 'gpt-4o', object: 'model', created: 1715367049, owned_by: 'system' });
      const error = await raised(() => client.models.retrieve('gpt-9'));
      assert.ok(error instanceof NotFoundError);
      assert.equal(error.code, 'model_not_found');
    });
  });

  describe('failure scenarios', () => {
    const expectations: Array<[scenario: FailureScenario, variant: string | null, ErrorClass, status: number, code: string | null | undefined]> = [
      ['key_missing', null, AuthenticationError, 401, null],
      ['key_missing', 'legacy', AuthenticationError, 401, null],
      ['key_invalid', null, AuthenticationError, 401, 'invalid_api_key'],
      ['key_revoked', null, AuthenticationError, 401, 'invalid_api_key'],
      ['key_wrong_provider', null, AuthenticationError, 401, 'invalid_api_key'],
      ['key_wrong_provider', 'gemini', AuthenticationError, 401, 'invalid_api_key'],
      ['permission_denied', null, AuthenticationError, 401, null],
      ['permission_denied', 'no_organization', AuthenticationError, 401, 'no_organization'],
      ['permission_denied', 'bare', AuthenticationError, 401, undefined],
      ['org_verification_required', null, BadRequestError, 400, 'unsupported_value'],
      ['api_disabled', null, AuthenticationError, 401, null],
      ['model_not_found', null, NotFoundError, 404, 'model_not_found'],
      ['model_not_found', 'project', PermissionDeniedError, 403, 'model_not_found'],
      ['billing', null, RateLimitError, 429, 'insufficient_quota'],
      ['billing', 'inactive', RateLimitError, 429, 'billing_not_active'],
      ['billing', 'hard_limit', BadRequestError, 400, 'billing_hard_limit_reached'],
      ['quota_exceeded', null, RateLimitError, 429, 'rate_limit_exceeded'],
      ['rate_limited', null, RateLimitError, 429, 'rate_limit_exceeded'],
      ['rate_limited', 'requests', RateLimitError, 429, 'rate_limit_exceeded'],
      ['overloaded', null, InternalServerError, 503, null],
      ['region_blocked', null, PermissionDeniedError, 403, 'unsupported_country_region_territory'],
      ['region_blocked', 'html', PermissionDeniedError, 403, undefined],
      ['wrong_endpoint', null, NotFoundError, 404, null],
      ['bad_request', null, BadRequestError, 400, 'unsupported_parameter'],
      ['bad_request', 'invalid_json', BadRequestError, 400, null],
      ['bad_request', 'too_large', APIError, 413, undefined],
      ['context_length_exceeded', null, BadRequestError, 400, 'context_length_exceeded'],
      ['context_length_exceeded', 'tpm', RateLimitError, 429, 'rate_limit_exceeded'],
      ['content_blocked', null, BadRequestError, 400, 'invalid_prompt'],
      ['content_blocked', 'safety_system', BadRequestError, 400, 'content_policy_violation'],
      ['server_error', null, InternalServerError, 500, null],
      ['server_error', 'request_id', InternalServerError, 500, 'server_error'],
    ];

    for (const [name, variant, ErrorType, status, code] of expectations) {
      const header = variant ? `${name}:${variant}` : name;
      it(`${header}: ${ErrorType.name} ${status}, classified ${SCENARIOS[name]}`, async () => {
        for (const call of [() => client.chat.completions.create(CHAT, scenario(header)), () => client.responses.create({ model: 'gpt-4.1', input: 'Hello' }, scenario(header))]) {
          const error = await raised(call);
          assert.ok(error instanceof ErrorType, `${error.constructor.name}: ${error.message}`);
          assert.ok(error instanceof APIError);
          assert.equal(error.status, status);
          assert.equal(error.code, code);
          if (error.headers.get('x-request-id')) assert.equal(error.requestID, error.headers.get('x-request-id'));
          const diagnosis = classify({ error });
          assert.equal(diagnosis.category, SCENARIOS[name], `${error.message.slice(0, 200)} | ${diagnosis.evidence.join(' | ')}`);
        }
      });
    }

    it('covers every failure scenario', () => {
      const covered = new Set(expectations.map(([name]) => name));
      const failures = Object.entries(SCENARIOS).filter(([name, category]) => category !== null && !['timeout', 'reset', 'stream_cut', 'stream_stall'].includes(name));
      assert.deepEqual(failures.map(([name]) => name).filter((name) => !covered.has(name as FailureScenario)), []);
    });

    it('puts the real message in the SDK error, as openai-node builds it', async () => {
      const error = await raised(() => client.chat.completions.create(CHAT, scenario('billing')));
      assert.equal(error.message, '429 You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.');
      const page = await raised(() => client.chat.completions.create(CHAT, scenario('region_blocked:html')));
      assert.match(page.message, /^403 <!DOCTYPE html>/);
      assert.match(page.message, /You are unable to access<\/span> api\.openai\.com/);
    });

    it('gives a rate-limited 429 retry-after and rate headers that agree with the message', async () => {
      const error = await raised(() => client.chat.completions.create(CHAT, scenario('rate_limited')));
      assert.ok(error instanceof RateLimitError);
      assert.equal(error.headers.get('x-ratelimit-remaining-tokens'), '0');
      assert.match(error.headers.get('retry-after') ?? '', /^\d+$/);
      assert.ok(error.message.includes(`Please try again in ${error.headers.get('x-ratelimit-reset-tokens')}.`));
      assert.ok((classify({ error }).retryAfterMs ?? 0) > 0);
    });
  });

  describe('retries', () => {
    it('the SDK waits the retry-after a rate-limited 429 gives, then tries again', async () => {
      const limitedKey = mock.issueKey('openai', 'rate_limited');
      const retrying = clientWith({ apiKey: limitedKey, maxRetries: 1 });
      const error = await raised(() => retrying.chat.completions.create(CHAT));
      assert.ok(error instanceof RateLimitError);
      const tries = mock.attempts().filter((a) => a.keyFingerprint === fingerprint(limitedKey));
      assert.deepEqual(tries.map((a) => a.outcome), [429, 429]);
      assert.equal(error.headers.get('retry-after'), '1');
      assert.ok(tries[1]!.time - tries[0]!.time >= 900, `retried after ${tries[1]!.time - tries[0]!.time} ms`);
    });
  });

  describe('failures that happen without a scenario', () => {
    const pick = picker(5);

    it('no Authorization header: key_missing', async () => {
      const error = await raised(() => clientWith({ defaultHeaders: { Authorization: null } }).chat.completions.create(CHAT));
      assert.ok(error instanceof AuthenticationError);
      assert.equal(error.message, '401 Missing bearer or basic authentication in header');
      assert.equal(classify({ error }).category, 'key_missing');
    });

    it('Basic auth with the key as the password is accepted, as the API accepts it', async () => {
      const basic = `Basic ${Buffer.from(`:${key}`).toString('base64')}`;
      const data = await clientWith({ defaultHeaders: { Authorization: basic } }).chat.completions.create(CHAT);
      assert.equal(data.object, 'chat.completion');
    });

    it('a well-formed key the API never issued: key_invalid, echoed masked', async () => {
      const stranger = `sk-proj-${pick(URL_SAFE, 74)}${Buffer.from('OpenAI').toString('base64')}${pick(URL_SAFE, 74)}`;
      const error = await raised(() => clientWith({ apiKey: stranger }).chat.completions.create(CHAT));
      assert.ok(error instanceof AuthenticationError);
      assert.equal(error.message, `401 Incorrect API key provided: sk-proj-${'*'.repeat(152)}${stranger.slice(-4)}. You can find your API key at https://platform.openai.com/account/api-keys.`);
      assert.equal(classify({ error }).category, 'key_invalid');
    });

    it('another provider\'s key: the echo shows its prefix, key_wrong_provider', async () => {
      const anthropic = `${'sk-ant-'}api03-${pick(URL_SAFE, 93)}AA`;
      const error = await raised(() => clientWith({ apiKey: anthropic }).chat.completions.create(CHAT));
      assert.ok(error instanceof AuthenticationError);
      assert.match(error.message, /Incorrect API key provided: sk-ant-a\*{96}/);
      assert.equal(classify({ error }).category, 'key_wrong_provider');
    });

    it('a typo in the model name: model_not_found', async () => {
      const error = await raised(() => client.chat.completions.create({ ...CHAT, model: 'gpt-4o-mnii' }));
      assert.ok(error instanceof NotFoundError);
      assert.equal(classify({ error }).category, 'model_not_found');
    });

    it('a doubled base URL: wrong_endpoint', async () => {
      const error = await raised(() => clientWith({ baseURL: `${mock.baseUrls.openai}/chat/completions` }).chat.completions.create(CHAT));
      assert.ok(error instanceof NotFoundError);
      assert.equal(error.message, '404 Invalid URL (POST /v1/chat/completions/chat/completions)');
      assert.equal(classify({ error }).category, 'wrong_endpoint');
    });

    it('a bad parameter: bad_request', async () => {
      const error = await raised(() => client.chat.completions.create({ ...CHAT, model: 'o3-mini', max_tokens: 50 }));
      assert.ok(error instanceof BadRequestError);
      assert.equal(error.param, 'max_tokens');
      assert.equal(classify({ error }).category, 'bad_request');
    });

    it('a prompt over the window: context_length_exceeded', async () => {
      const error = await raised(() => client.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'many words '.repeat(4000) }] }));
      assert.ok(error instanceof BadRequestError);
      assert.equal(classify({ error }).category, 'context_length_exceeded');
    });

    it('a caller in a refused country, an exhausted bucket, a body over the limit', async () => {
      const other = await startMock({ seed: 2, region: 'CN' });
      try {
        const refusedClient = new OpenAI({ apiKey: other.issueKey('openai'), baseURL: other.baseUrls.openai, maxRetries: 0, logLevel: 'off' });
        const error = await raised(() => refusedClient.chat.completions.create(CHAT));
        assert.ok(error instanceof PermissionDeniedError);
        assert.equal(classify({ error }).category, 'region_blocked');
      } finally {
        await other.close();
      }

      const small = await startMock({ seed: 2, requestsPerMinute: 1, maxBodyBytes: 4096 });
      try {
        const limited = new OpenAI({ apiKey: small.issueKey('openai'), baseURL: small.baseUrls.openai, maxRetries: 0, logLevel: 'off' });
        await limited.chat.completions.create(CHAT);
        const error = await raised(() => limited.chat.completions.create(CHAT));
        assert.ok(error instanceof RateLimitError);
        assert.equal(error.headers.get('x-ratelimit-remaining-requests'), '0');
        assert.match(error.message, /on requests per min \(RPM\): Limit 1, Used 1, Requested 1\./);
        const diagnosis = classify({ error });
        assert.equal(diagnosis.category, 'rate_limited');
        assert.ok((diagnosis.retryAfterMs ?? 0) > 0);

        const big = new OpenAI({ apiKey: small.issueKey('openai'), baseURL: small.baseUrls.openai, maxRetries: 0, logLevel: 'off' });
        const tooLarge = await raised(() => big.chat.completions.create({ ...CHAT, messages: [{ role: 'user', content: 'x'.repeat(10_000) }] }));
        assert.ok(tooLarge instanceof APIError);
        assert.equal(tooLarge.status, 413);
        assert.match(tooLarge.message, /^413 <html>/);
        assert.equal(classify({ error: tooLarge }).category, 'bad_request');
      } finally {
        await small.close();
      }
    });
  });

  describe('transport scenarios, as the SDK experiences them', () => {
    it('timeout: the request is accepted and never answered; a short client timeout raises APIConnectionTimeoutError', async () => {
      const error = await raised(() => clientWith({ timeout: 300 }).chat.completions.create(CHAT, scenario('timeout')));
      assert.ok(error instanceof APIConnectionTimeoutError);
      assert.equal(error.message, 'Request timed out.');
      assert.equal(classify({ error }).category, SCENARIOS.timeout);
    });

    it('reset: the connection dies before headers; APIConnectionError "Connection error."', async () => {
      for (const call of [() => client.chat.completions.create(CHAT, scenario('reset')), () => client.chat.completions.create({ ...CHAT, stream: true }, scenario('reset'))]) {
        const error = await raised(call);
        assert.ok(error instanceof APIConnectionError && !(error instanceof APIConnectionTimeoutError));
        assert.equal(error.message, 'Connection error.');
        assert.equal(classify({ error }).category, SCENARIOS.reset);
      }
    });

    it('stream_cut: the stream dies mid-answer; undici\'s "terminated" (ECONNRESET) escapes the SDK', async () => {
      const stream = await client.chat.completions.create({ ...CHAT, stream: true }, scenario('stream_cut'));
      const chunks: unknown[] = [];
      const error = await raised(async () => {
        for await (const chunk of stream) chunks.push(chunk);
      });
      assert.ok(chunks.length > 0, 'some chunks arrived first');
      assert.ok(error instanceof TypeError);
      assert.equal(error.message, 'terminated');
      assert.equal((error.cause as NodeJS.ErrnoException | undefined)?.code, 'ECONNRESET');
      assert.equal(classify({ error }).category, SCENARIOS.stream_cut);

      const responses = await raised(async () => {
        const events = client.responses.stream({ model: 'gpt-4.1', input: 'Hello' }, scenario('stream_cut'));
        for await (const _event of events) void _event;
      });
      assert.ok(responses instanceof OpenAIError);
      assert.equal(classify({ error: responses }).category, SCENARIOS.stream_cut);
    });

    it('stream_stall: chunks stop and the SDK waits forever (its timeout ends at the headers); an idle timer is the only way out', async () => {
      const stream = await clientWith({ timeout: 300 }).chat.completions.create({ ...CHAT, stream: true }, scenario('stream_stall'));
      const started = Date.now();
      const { items, stalled } = await drain(stream, 700);
      assert.ok(stalled, 'the stream never ended by itself');
      assert.ok(Date.now() - started >= 700);
      assert.ok(items.length > 0 && items.every((chunk) => chunk.choices[0]?.finish_reason !== 'stop'), 'cut before the finish reason');

      // SCENARIOS names no category: the SDK raises nothing. A caller's deadline (AbortSignal.timeout)
      // ends the stalled call, and its TimeoutError is what there is to classify.
      assert.equal(SCENARIOS.stream_stall, null);
      const deadline = AbortSignal.timeout(500);
      const error = await raised(() => client.chat.completions.create(CHAT, { ...scenario('stream_stall'), signal: deadline }));
      assert.ok(error instanceof Error);
      assert.equal((deadline.reason as Error).name, 'TimeoutError');
      assert.equal(classify({ error: deadline.reason }).category, 'timeout');
      const aborted = await raised(async () => {
        const events = client.responses.stream({ model: 'gpt-4.1', input: 'Hello' }, { ...scenario('stream_stall'), signal: AbortSignal.timeout(500) });
        for await (const _event of events) void _event;
      });
      assert.ok(aborted instanceof APIUserAbortError);
    });

    it('malformed_chunk: a frame cut in half makes the SDK throw the JSON SyntaxError', async () => {
      const stream = await client.chat.completions.create({ ...CHAT, stream: true }, scenario('malformed_chunk'));
      const error = await raised(async () => {
        for await (const _chunk of stream) void _chunk;
      });
      assert.ok(error instanceof SyntaxError);
      const plain = await raised(() => client.chat.completions.create(CHAT, scenario('malformed_chunk')));
      assert.ok(plain instanceof SyntaxError);
    });

    it('no_done: a chat stream without [DONE] ends quietly with the whole answer; a Responses stream without response.completed leaves the final response in progress', async () => {
      const whole = await client.chat.completions.create(CHAT);
      const stream = await client.chat.completions.create({ ...CHAT, stream: true }, scenario('no_done'));
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      assert.equal(text, whole.choices[0]?.message.content);

      const events = client.responses.stream({ model: 'gpt-4.1', input: 'Hello' }, scenario('no_done'));
      const types: string[] = [];
      for await (const event of events) types.push(event.type);
      assert.ok(!types.includes('response.completed'));
      assert.equal(types.at(-1), 'response.output_item.done');
      assert.equal((await events.finalResponse()).status, 'in_progress');
    });

    it('slow_first_token: a plain call outlives a short timeout; a stream gets its headers at once and its first token late', async () => {
      const error = await raised(() => clientWith({ timeout: 200 }).chat.completions.create(CHAT, scenario('slow_first_token')));
      assert.ok(error instanceof APIConnectionTimeoutError);

      const started = Date.now();
      const stream = await clientWith({ timeout: 200 }).chat.completions.create({ ...CHAT, stream: true }, scenario('slow_first_token'));
      let firstTokenAt = 0;
      let text = '';
      for await (const chunk of stream) {
        const piece = chunk.choices[0]?.delta.content ?? '';
        if (piece && !firstTokenAt) firstTokenAt = Date.now() - started;
        text += piece;
      }
      assert.ok(firstTokenAt >= 350, `first token after ${firstTokenAt} ms`);
      assert.equal(text, (await client.chat.completions.create(CHAT)).choices[0]?.message.content);
    });
  });
});
