import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SCENARIOS, type FailureScenario } from '../../src/core/scenarios.js';
import { parseDuration } from '../../src/core/duration.js';
import { classify } from '../../src/providers/classify.js';
import { foreignKeyOwner } from '../../src/providers/foreign-keys.js';
import { inspectKey } from '../../src/providers/key-formats.js';
import { maskedEcho, wrongProviderEcho } from '../../src/providers/openai/simulated-auth.js';
import { goDuration } from '../../src/providers/openai/simulated-headers.js';
import { OPENAI_SIMULATOR as sim } from '../../src/providers/openai/simulator.js';
import type { Completion, FailureContext, RateState, SimOperation, SimRequest, SimResponse } from '../../src/providers/simulator.js';
import { ALNUM, picker, seededRandom, URL_SAFE } from '../helpers/random-text.js';

const pick = picker(41);
const key = sim.newKey(seededRandom(7));

function request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): SimRequest {
  const raw = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  return {
    method,
    path,
    query: new URLSearchParams(),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers },
    rawBody: Buffer.from(raw),
  };
}

function parsed(req: SimRequest): SimOperation {
  const result = sim.parse(req);
  if ('error' in result) assert.fail(`expected an operation, got ${result.error.status} ${result.error.body}`);
  return result.op;
}

function refused(req: SimRequest): SimResponse {
  const result = sim.parse(req);
  if ('op' in result) assert.fail(`expected an error for ${req.method} ${req.path}`);
  return result.error;
}

const errorOf = (response: SimResponse) => (JSON.parse(response.body) as { error: Record<string, unknown> }).error;

const rate = (over: Partial<RateState> = {}): RateState => ({
  limitRequests: 500,
  remainingRequests: 499,
  resetRequestsMs: 120,
  limitTokens: 200_000,
  remainingTokens: 199_982,
  resetTokensMs: 5,
  retryAfterMs: 0,
  exhausted: null,
  now: 1_750_000_000_000,
  ...over,
});

const context = (variant: string | null = null, over: Partial<FailureContext> = {}): FailureContext => ({
  variant,
  key,
  rate: rate(),
  requestId: 'k3j4h5g6f7d8s9a0p1o2i3u4',
  ...over,
});

const completion = (over: Partial<Completion> = {}): Completion => ({
  text: 'Hello there.',
  tokens: ['Hello', ' there', '.'],
  inputTokens: 3,
  outputTokens: 3,
  finishReason: 'stop',
  id: 'A1b2C3d4E5f6G7h8I9j0K1l2',
  created: 1_750_000_000,
  ...over,
});

const chatOp = (extra: Record<string, unknown> = {}) =>
  parsed(request('POST', '/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello' }], ...extra }));

describe('OpenAI simulator: keys and auth', () => {
  it('issues project keys that inspectKey takes for real OpenAI keys', () => {
    const random = seededRandom(99);
    const keys = [sim.newKey(random), sim.newKey(random), sim.newKey(random)];
    for (const issued of keys) {
      const inspection = inspectKey(issued, { expectedProvider: 'openai' });
      assert.equal(inspection.provider, 'openai');
      assert.equal(inspection.formatId, 'openai-project');
      assert.deepEqual(inspection.problems, []);
      assert.equal(issued.length, 164);
    }
    assert.equal(new Set(keys).size, 3);
  });

  it('reads Bearer, and Basic with the key as the password, as the API does', () => {
    const cred = (authorization?: string) => sim.credential({ ...request('GET', '/v1/models'), headers: authorization === undefined ? {} : { authorization } });
    assert.equal(cred(`Bearer ${key}`), key);
    assert.equal(cred(`bearer ${key}`), key);
    assert.equal(cred(`Basic ${Buffer.from(`:${key}`).toString('base64')}`), key);
    assert.equal(cred(`Basic ${Buffer.from(`${key}:`).toString('base64')}`), null, 'a key in the username field is not read');
    assert.equal(cred(), null);
    assert.equal(cred('Bearer'), null);
    assert.equal(cred('Bearer '), null);
    assert.equal(cred(key), null, 'a bare key without a scheme is no credential');
  });

  it('masks echoed keys like the corpus echoes: 8 first, 4 last, one star per hidden character', () => {
    const long = `sk-proj-${pick(URL_SAFE, 160)}MxYA`;
    assert.equal(maskedEcho(long), `sk-proj-${'*'.repeat(160)}MxYA`); // oa-010
    const gemini = `AIzaSyCh${pick(ALNUM, 27)}s3hY`;
    assert.equal(maskedEcho(gemini), `AIzaSyCh${'*'.repeat(27)}s3hY`); // oa-085
    assert.equal(maskedEcho('CHANGE_ME'), 'CHANGE_ME'); // oa-088
    assert.equal(maskedEcho('None'), 'None'); // oa-087
  });

  it('echoes a foreign prefix for key_wrong_provider, whatever key was sent', () => {
    assert.equal(foreignKeyOwner(wrongProviderEcho(key, null), 'openai'), 'Anthropic');
    assert.equal(foreignKeyOwner(wrongProviderEcho(key, 'gemini'), 'openai'), 'Google Gemini');
    assert.match(wrongProviderEcho(key, 'openrouter'), /^sk-or-v1\*{61}[0-9a-f]{4}$/); // oa-b016's length
    const anthropicKey = `${'sk-ant-'}api03-${pick(URL_SAFE, 93)}AA`;
    assert.equal(wrongProviderEcho(anthropicKey, null), maskedEcho(anthropicKey));
  });
});

describe('OpenAI simulator: headers', () => {
  it('writes durations as Go does (x-ratelimit-reset-*, "try again in")', () => {
    const cases: Array<[number, string]> = [
      [0, '0s'], [5, '5ms'], [120, '120ms'], [1000, '1s'], [9816, '9.816s'], [46_152, '46.152s'],
      [86_400, '1m26.4s'], [86_652, '1m26.652s'], [360_000, '6m0s'], [432_000, '7m12s'], [7_200_000, '2h0m0s'],
    ];
    for (const [ms, text] of cases) {
      assert.equal(goDuration(ms), text);
      assert.equal(parseDuration(text), ms);
    }
  });

  it('sends the six rate-limit headers from the bucket', () => {
    assert.deepEqual(sim.rateLimitHeaders(rate({ resetRequestsMs: 46_152 })), {
      'x-ratelimit-limit-requests': '500',
      'x-ratelimit-limit-tokens': '200000',
      'x-ratelimit-remaining-requests': '499',
      'x-ratelimit-remaining-tokens': '199982',
      'x-ratelimit-reset-requests': '46.152s',
      'x-ratelimit-reset-tokens': '5ms',
    });
  });

  it('answers with the API layer headers and a req_ request id', () => {
    const answer = sim.answer(chatOp(), completion());
    assert.equal(answer.headers['content-type'], 'application/json');
    assert.match(answer.headers['x-request-id'] ?? '', /^req_[0-9a-f]{32}$/);
    assert.equal(answer.headers['openai-version'], '2020-10-01');
    assert.match(answer.headers['openai-processing-ms'] ?? '', /^\d+$/);
    assert.match(answer.headers['openai-project'] ?? '', /^proj_[A-Za-z0-9]{24}$/);
    assert.match(answer.headers['cf-ray'] ?? '', /^[0-9a-f]{16}-[A-Z]{3}$/);
  });

  it('refuses the countries missing from the supported list', () => {
    for (const country of ['CN', 'HK', 'RU', 'IR', 'KP']) assert.ok(sim.refusedCountries.has(country), country);
    for (const country of ['US', 'DE', 'JP', 'BR', 'IN']) assert.ok(!sim.refusedCountries.has(country), country);
  });
});

describe('OpenAI simulator: requests', () => {
  it('routes the served operations', () => {
    assert.equal(chatOp().name, 'chat.completions');
    assert.equal(parsed(request('POST', '/v1/responses', { model: 'gpt-4.1', input: 'hi' })).name, 'responses');
    assert.equal(parsed(request('POST', '/v1/embeddings', { model: 'text-embedding-3-small', input: ['a', 'b'] })).name, 'embeddings');
    assert.equal(parsed(request('GET', '/v1/models')).name, 'models.list');
    const retrieve = parsed(request('GET', '/v1/models/gpt-4o-mini'));
    assert.equal(retrieve.name, 'models.retrieve');
    assert.equal(retrieve.model, 'gpt-4o-mini');
  });

  it('collects prompt text, caps and stream options', () => {
    const op = chatOp({ messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: [{ type: 'text', text: 'Hi' }] }], max_completion_tokens: 7, stream: true, stream_options: { include_usage: true } });
    assert.equal(op.promptText, 'Be brief.\nHi');
    assert.equal(op.maxTokens, 7);
    assert.equal(op.stream, true);
    assert.equal(op.includeUsage, true);
    assert.equal(chatOp({ stream_options: { include_usage: true } }).includeUsage, false, 'usage chunks exist only in streams');
    const responses = parsed(request('POST', '/v1/responses', { model: 'gpt-4.1', instructions: 'Be brief.', input: [{ role: 'user', content: 'Hi' }], max_output_tokens: 20 }));
    assert.equal(responses.promptText, 'Be brief.\nHi');
    assert.equal(responses.maxTokens, 20);
  });

  const badInput: Array<[string, SimRequest, number, string | null, RegExp]> = [
    ['malformed JSON', request('POST', '/v1/chat/completions', '{"model": "gpt-4o",'), 400, null, /^We could not parse the JSON body of your request\./],
    ['JSON that is not an object', request('POST', '/v1/chat/completions', '[1,2]'), 400, null, /could not parse the JSON body/],
    ['empty body', request('POST', '/v1/chat/completions', ''), 400, null, /could not parse the JSON body/],
    ['no JSON content type', request('POST', '/v1/chat/completions', { model: 'gpt-4o' }, { 'content-type': 'application/x-www-form-urlencoded' }), 400, null, /^you must provide a model parameter$/],
    ['no model', request('POST', '/v1/chat/completions', { messages: [] }), 400, null, /^you must provide a model parameter$/],
    ['no messages', request('POST', '/v1/chat/completions', { model: 'gpt-4o-mini' }), 400, 'missing_required_parameter', /^Missing required parameter: 'messages'\.$/],
    ['empty messages', request('POST', '/v1/chat/completions', { model: 'gpt-4o-mini', messages: [] }), 400, 'empty_array', /^Invalid 'messages': empty array\./],
    ['messages not an array', request('POST', '/v1/chat/completions', { model: 'gpt-4o-mini', messages: 'hi' }), 400, 'invalid_type', /expected an array, but got a string instead/],
    ['unknown role', request('POST', '/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'bot', content: 'x' }] }), 400, 'invalid_value', /^Invalid value: 'bot'\. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'\.$/],
    ['stream not a boolean', request('POST', '/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }], stream: 'yes' }), 400, 'invalid_type', /'stream': expected a boolean/],
    ['max_tokens 0', request('POST', '/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }], max_tokens: 0 }), 400, 'integer_below_min_value', /^Invalid 'max_tokens': integer below minimum value\. Expected a value >= 1, but got 0 instead\.$/],
    ['temperature 3', request('POST', '/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }], temperature: 3 }), 400, 'decimal_above_max_value', /Expected a value <= 2/],
    ['max_tokens on a reasoning model', request('POST', '/v1/chat/completions', { model: 'o3-mini', messages: [{ role: 'user', content: 'x' }], max_tokens: 10 }), 400, 'unsupported_parameter', /Use 'max_completion_tokens' instead/],
    ['a typo in the model', request('POST', '/v1/chat/completions', { model: 'gpt-4.1-nano-wrong', messages: [{ role: 'user', content: 'x' }] }), 404, 'model_not_found', /^The model `gpt-4\.1-nano-wrong` does not exist or you do not have access to it\.$/],
    ['an embedding model on chat', request('POST', '/v1/chat/completions', { model: 'text-embedding-3-small', messages: [{ role: 'user', content: 'x' }] }), 404, null, /^This is not a chat model/],
    ['a prompt over the window', request('POST', '/v1/chat/completions', { model: 'gpt-4', messages: [{ role: 'user', content: 'word '.repeat(8000) }] }), 400, 'context_length_exceeded', /^This model's maximum context length is 8192 tokens\. However, your messages resulted in \d+ tokens\./],
    ['a string over 10 MiB', request('POST', '/v1/chat/completions', { model: 'gpt-4.1', messages: [{ role: 'user', content: 'x'.repeat(10_485_761) }] }), 400, 'string_above_max_length', /string too long/],
    ['responses without model', request('POST', '/v1/responses', { input: 'hi' }), 400, 'missing_required_parameter', /'model'/],
    ['responses max_output_tokens under 16', request('POST', '/v1/responses', { model: 'gpt-4.1', input: 'hi', max_output_tokens: 5 }), 400, 'integer_below_min_value', /Expected a value >= 16, but got 5/],
    ['embeddings without input', request('POST', '/v1/embeddings', { model: 'text-embedding-3-small' }), 400, 'missing_required_parameter', /'input'/],
    ['embeddings with an empty string', request('POST', '/v1/embeddings', { model: 'text-embedding-3-small', input: '' }), 400, null, /'\$\.input' is invalid/],
    ['embeddings with a bad encoding', request('POST', '/v1/embeddings', { model: 'text-embedding-3-small', input: 'x', encoding_format: 'hex' }), 400, 'invalid_value', /Supported values are: 'float' and 'base64'\./],
    ['embeddings dimensions on ada-002', request('POST', '/v1/embeddings', { model: 'text-embedding-ada-002', input: 'x', dimensions: 256 }), 400, null, /does not support specifying dimensions/],
    ['an unknown model id', request('GET', '/v1/models/gpt-9'), 404, 'model_not_found', /^The model 'gpt-9' does not exist$/],
    ['a doubled path', request('POST', '/v1/chat/completions/chat/completions', {}), 404, null, /^Invalid URL \(POST \/v1\/chat\/completions\/chat\/completions\)$/],
    ['a path without /v1', request('POST', '/chat/completions', {}), 404, null, /^Invalid URL \(POST \/chat\/completions\)$/],
    ['a wrong method', request('DELETE', '/v1/models'), 404, null, /^Invalid URL \(DELETE \/v1\/models\)$/],
  ];
  for (const [name, req, status, code, message] of badInput) {
    it(`answers ${name} with the API's error`, () => {
      const response = refused(req);
      assert.equal(response.status, status);
      const error = errorOf(response);
      assert.equal(error.code, code);
      assert.equal(error.type, 'invalid_request_error');
      assert.match(String(error.message), message);
      assert.match(response.headers['x-request-id'] ?? '', /^req_[0-9a-f]{32}$/);
      const diagnosis = classify({ status: response.status, body: response.body, headers: response.headers });
      assert.notEqual(diagnosis.category, 'unknown', diagnosis.evidence.join(' | '));
    });
  }

  it('lays bodies out byte for byte as recorded responses', () => {
    assert.equal(refused(request('POST', '/v1/chat/completions', { model: 'gpt-4o-mini' })).body.length, 181); // cassette chat-no-messages
    assert.equal(refused(request('POST', '/v1/chat/completions', '{')).body.length, 443); // llm-answer-engine#58
    const notFound = refused(request('POST', '/v1/chat/completions', { model: 'invalid-model-xyz', messages: [{ role: 'user', content: 'x' }] }));
    assert.equal(
      notFound.body,
      '{\n    "error": {\n        "message": "The model `invalid-model-xyz` does not exist or you do not have access to it.",\n        "type": "invalid_request_error",\n        "param": null,\n        "code": "model_not_found"\n    }\n}\n',
    );
    assert.equal(notFound.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(notFound.headers.vary, 'Origin');
  });
});

describe('OpenAI simulator: failures', () => {
  const ops: Record<string, SimOperation> = {
    chat: chatOp(),
    responses: parsed(request('POST', '/v1/responses', { model: 'gpt-4.1', input: 'hi' })),
    embeddings: parsed(request('POST', '/v1/embeddings', { model: 'text-embedding-3-small', input: 'hi' })),
  };
  const variants: Partial<Record<FailureScenario, Array<string | null>>> = {
    key_missing: [null, 'legacy'],
    key_wrong_provider: [null, 'gemini', 'openrouter'],
    permission_denied: [null, 'no_organization', 'bare'],
    model_not_found: [null, 'project'],
    billing: [null, 'inactive', 'hard_limit'],
    rate_limited: [null, 'requests'],
    region_blocked: [null, 'html'],
    bad_request: [null, 'too_large', 'invalid_json'],
    context_length_exceeded: [null, 'tpm'],
    content_blocked: [null, 'safety_system'],
    server_error: [null, 'request_id'],
  };
  const scenarios = Object.keys(SCENARIOS).filter((name): name is FailureScenario => SCENARIOS[name as keyof typeof SCENARIOS] !== null && !['timeout', 'reset', 'stream_cut', 'stream_stall'].includes(name));

  for (const scenario of scenarios) {
    for (const variant of variants[scenario] ?? [null]) {
      for (const [opName, op] of Object.entries(ops)) {
        it(`${scenario}${variant ? `:${variant}` : ''} on ${opName} classifies as ${SCENARIOS[scenario]}`, () => {
          const response = sim.failure(scenario, op, context(variant));
          assert.ok(response.status >= 400, `status ${response.status}`);
          const diagnosis = classify({ status: response.status, body: response.body, headers: response.headers });
          assert.equal(diagnosis.category, SCENARIOS[scenario], `${response.status} ${response.body.slice(0, 300)} | ${diagnosis.evidence.join(' | ')}`);
        });
      }
    }
  }

  it('covers every failure scenario of the contract', () => {
    const all: FailureScenario[] = ['key_missing', 'key_invalid', 'key_revoked', 'key_wrong_provider', 'permission_denied', 'org_verification_required', 'api_disabled', 'model_not_found', 'billing', 'quota_exceeded', 'rate_limited', 'overloaded', 'region_blocked', 'wrong_endpoint', 'bad_request', 'context_length_exceeded', 'content_blocked', 'server_error'];
    assert.deepEqual([...scenarios].sort(), [...all].sort());
    for (const scenario of all) assert.doesNotThrow(() => sim.failure(scenario, null, context()));
  });

  it('echoes the key actually sent, masked', () => {
    const message = String(errorOf(sim.failure('key_invalid', null, context())).message);
    assert.equal(message, `Incorrect API key provided: sk-proj-${'*'.repeat(152)}${key.slice(-4)}. You can find your API key at https://platform.openai.com/account/api-keys.`);
    assert.ok(!message.includes(key.slice(8, 20)));
  });

  it('reproduces billing_not_active byte for byte (oa-060)', () => {
    const response = sim.failure('billing', null, context('inactive'));
    assert.equal(response.status, 429);
    assert.equal(Buffer.byteLength(response.body), 223);
    assert.equal(response.headers['retry-after'], undefined);
  });

  it('makes the 429 headers, retry-after and message agree, forced or from the bucket', () => {
    const forced = sim.failure('rate_limited', ops.chat!, context());
    assert.equal(forced.headers['x-ratelimit-remaining-tokens'], '0');
    const wait = String(errorOf(forced).message).match(/Please try again in (\S+)\. /)?.[1];
    assert.equal(wait, forced.headers['x-ratelimit-reset-tokens']);
    assert.equal(forced.headers['retry-after'], '1');
    assert.match(String(errorOf(forced).message), /^Rate limit reached for gpt-4o-mini in organization org-\w{24} on tokens per min \(TPM\): Limit 200000, Used 200000, Requested \d+\./);

    const bucket = rate({ remainingRequests: 0, resetRequestsMs: 8_500, retryAfterMs: 8_500, exhausted: 'requests' });
    const real = sim.failure('rate_limited', ops.chat!, context(null, { rate: bucket }));
    assert.equal(real.headers['retry-after'], '9');
    assert.equal(real.headers['x-ratelimit-remaining-requests'], '0');
    assert.equal(real.headers['x-ratelimit-reset-requests'], '8.5s');
    assert.match(String(errorOf(real).message), /on requests per min \(RPM\): Limit 500, Used 500, Requested 1\. Please try again in 8\.5s\./);
    assert.equal(errorOf(real).type, 'requests');
    assert.equal(classify({ status: 429, body: real.body, headers: real.headers }).retryAfterMs, 9_000);
  });

  it('serves the edge pages without OpenAI headers', () => {
    const html = sim.failure('region_blocked', null, context('html'));
    assert.equal(html.status, 403);
    assert.match(html.headers['content-type'] ?? '', /^text\/html/);
    assert.equal(html.headers['x-request-id'], undefined);
    assert.match(html.body, /You are unable to access<\/span> api\.openai\.com/);
    assert.ok(html.body.includes((html.headers['cf-ray'] ?? '').split('-')[0]!));
    const json = sim.failure('region_blocked', null, context());
    assert.equal(json.body, '{"error":{"code":"unsupported_country_region_territory","message":"Country, region, or territory not supported","param":null,"type":"request_forbidden"}}');
    assert.equal(json.headers['x-ratelimit-limit-requests'], undefined, 'the edge refuses before any limit is counted');
    const tooLarge = sim.failure('bad_request', null, context('too_large'));
    assert.equal(tooLarge.status, 413);
    assert.match(tooLarge.body, /<title>413 Request Entity Too Large<\/title>/);
  });

  it('refuses the URL the caller actually used for wrong_endpoint', () => {
    const req = request('POST', '/v1/responses', { model: 'gpt-4.1', input: 'hi' });
    const response = sim.failure('wrong_endpoint', ops.responses!, context(null, { request: req }));
    assert.equal(errorOf(response).message, 'Invalid URL (POST /v1/responses)');
    assert.equal(errorOf(sim.failure('wrong_endpoint', ops.embeddings!, context())).message, 'Invalid URL (POST /v1/embeddings)');
  });

  it('reshapes the mock\'s request id into OpenAI\'s', () => {
    const response = sim.failure('server_error', null, context(null, { requestId: 'abc123' }));
    assert.match(response.headers['x-request-id'] ?? '', /^req_[0-9a-f]{32}$/);
    const overloaded = sim.failure('overloaded', null, context());
    assert.ok(String(errorOf(overloaded).message).includes(overloaded.headers['x-request-id']!));
  });
});

describe('OpenAI simulator: answers and streams', () => {
  it('answers a chat completion like the recorded one', () => {
    const body = JSON.parse(sim.answer(chatOp(), completion()).body);
    assert.match(body.id, /^chatcmpl-[A-Za-z0-9]{29}$/);
    assert.equal(body.object, 'chat.completion');
    assert.equal(body.model, 'gpt-4o-mini-2024-07-18');
    assert.deepEqual(body.choices, [{ index: 0, message: { role: 'assistant', content: 'Hello there.', refusal: null, annotations: [] }, logprobs: null, finish_reason: 'stop' }]);
    assert.deepEqual(Object.keys(body), ['id', 'object', 'created', 'model', 'choices', 'usage', 'service_tier', 'system_fingerprint']);
    assert.equal(body.usage.total_tokens, 6);
  });

  it('streams chat chunks, the usage chunk when asked, and [DONE]', () => {
    const plan = sim.stream(chatOp({ stream: true, stream_options: { include_usage: true } }), completion());
    assert.equal(plan.headers['content-type'], 'text/event-stream; charset=utf-8');
    const datas = plan.frames.map((f) => f.data);
    assert.ok(datas.every((d) => d.startsWith('data: ') && d.endsWith('\n\n')));
    assert.equal(plan.frames.filter((f) => f.delta).length, 3);
    assert.deepEqual(plan.frames.at(-1), { data: 'data: [DONE]\n\n', terminator: true });
    const chunks = datas.slice(0, -1).map((d) => JSON.parse(d.slice(6)));
    assert.deepEqual(chunks[0].choices[0].delta, { role: 'assistant', content: '', refusal: null });
    assert.equal(chunks.slice(1, 4).map((c) => c.choices[0].delta.content).join(''), 'Hello there.');
    assert.equal(chunks[4].choices[0].finish_reason, 'stop');
    assert.deepEqual(chunks[5].choices, []);
    assert.equal(chunks[5].usage.completion_tokens, 3);
    assert.ok(chunks.slice(0, 5).every((c) => c.usage === null));
    const without = sim.stream(chatOp({ stream: true }), completion()).frames.map((f) => f.data);
    assert.ok(without.every((d) => !d.includes('"usage"')));
  });

  it('streams the Responses event sequence, ending in response.completed', () => {
    const op = parsed(request('POST', '/v1/responses', { model: 'gpt-4.1', input: 'hi', stream: true }));
    const plan = sim.stream(op, completion());
    const events = plan.frames.map((f) => {
      const [eventLine, dataLine] = f.data.split('\n');
      const data = JSON.parse(dataLine!.slice(6));
      assert.equal(eventLine, `event: ${data.type}`);
      return data;
    });
    assert.deepEqual(events.map((e) => e.type), [
      'response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added',
      'response.output_text.delta', 'response.output_text.delta', 'response.output_text.delta',
      'response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.completed',
    ]);
    assert.deepEqual(events.map((e) => e.sequence_number), events.map((_, i) => i));
    assert.equal(events[0].response.status, 'in_progress');
    assert.equal(events.at(-1).response.status, 'completed');
    assert.equal(events.at(-1).response.output[0].content[0].text, 'Hello there.');
    assert.equal(plan.frames.at(-1)!.terminator, true);
    const cut = sim.stream(op, completion({ finishReason: 'length' })).frames.at(-1)!.data;
    assert.match(cut, /^event: response\.incomplete\n/);
  });

  it('embeds deterministically: unit vectors, float32 text, base64 of the same floats', () => {
    const op = parsed(request('POST', '/v1/embeddings', { model: 'text-embedding-3-small', input: ['alpha', 'beta'] }));
    const body = JSON.parse(sim.answer(op, completion()).body);
    assert.equal(body.data.length, 2);
    const vector: number[] = body.data[0].embedding;
    assert.equal(vector.length, 1536);
    assert.ok(Math.abs(Math.hypot(...vector) - 1) < 1e-5);
    assert.ok(vector.every((v) => Math.fround(v) === Math.fround(Number(String(v))) && String(v).replace(/^-?0\./, '').length <= 12));
    assert.deepEqual(JSON.parse(sim.answer(op, completion()).body).data[0].embedding, vector);
    const base64Op = parsed(request('POST', '/v1/embeddings', { model: 'text-embedding-3-small', input: ['alpha'], encoding_format: 'base64', dimensions: 256 }));
    const encoded: string = JSON.parse(sim.answer(base64Op, completion()).body).data[0].embedding;
    const bytes = Buffer.from(encoded, 'base64');
    const floats = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
    assert.equal(floats.length, 256);
    assert.ok(Math.abs(Math.hypot(...floats) - 1) < 1e-5);
  });

  it('lists and retrieves models', () => {
    const list = JSON.parse(sim.answer(parsed(request('GET', '/v1/models')), completion()).body);
    assert.equal(list.object, 'list');
    assert.ok(list.data.some((m: { id: string }) => m.id === 'gpt-4o-mini'));
    const one = JSON.parse(sim.answer(parsed(request('GET', '/v1/models/gpt-4o-mini')), completion()).body);
    assert.deepEqual(one, { id: 'gpt-4o-mini', object: 'model', created: 1721172741, owned_by: 'system' });
  });
});
