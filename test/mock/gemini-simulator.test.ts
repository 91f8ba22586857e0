import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SCENARIOS, type FailureScenario } from '../../src/core/scenarios.js';
import { classify } from '../../src/providers/classify.js';
import { GEMINI_SIMULATOR as sim } from '../../src/providers/gemini/simulator.js';
import { inspectKey } from '../../src/providers/key-formats.js';
import type { Completion, FailureContext, RateState, SimOperation, SimRequest, SimResponse } from '../../src/providers/simulator.js';
import { seededRandom } from '../helpers/random-text.js';

const FAILURES = (Object.keys(SCENARIOS) as (keyof typeof SCENARIOS)[]).filter(
  (n): n is FailureScenario => !['ok', 'timeout', 'slow_first_token', 'reset', 'stream_cut', 'stream_stall', 'malformed_chunk', 'no_done'].includes(n),
);

function request(method: string, pathAndQuery: string, body: string | object = '', headers: Record<string, string> = {}): SimRequest {
  const [path = '', query = ''] = pathAndQuery.split('?');
  return {
    method,
    path,
    query: new URLSearchParams(query),
    headers: { 'content-type': 'application/json', ...headers },
    rawBody: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
  };
}

const generate = (extra: object = {}) => ({ contents: [{ role: 'user', parts: [{ text: 'Hello there, model' }] }], ...extra });

function parsed(req: SimRequest): SimOperation {
  sim.credential(req);
  const result = sim.parse(req);
  if ('error' in result) assert.fail(`expected an operation, got ${result.error.status} ${result.error.body}`);
  return result.op;
}

function rejected(req: SimRequest): SimResponse {
  sim.credential(req);
  const result = sim.parse(req);
  if (!('error' in result)) return assert.fail(`expected an error for ${req.method} ${req.path}`);
  return result.error;
}

const errorOf = (response: SimResponse) => (JSON.parse(response.body) as { error: { code: number; status: string; message: string; details?: Record<string, unknown>[] } }).error;

const rate = (over: Partial<RateState> = {}): RateState => ({
  limitRequests: 15,
  remainingRequests: 0,
  resetRequestsMs: 4000,
  limitTokens: 1_000_000,
  remainingTokens: 999_000,
  resetTokensMs: 60,
  retryAfterMs: 12_134,
  exhausted: 'requests',
  now: Date.UTC(2026, 0, 15, 20, 0, 0),
  ...over,
});

const context = (variant: string | null = null, over: Partial<RateState> = {}): FailureContext => ({ variant, key: null, rate: rate(over), requestId: 'abcdefghijklmnopqrstuvwx' });

function completion(count: number, finishReason: 'stop' | 'length' = 'stop'): Completion {
  const tokens = Array.from({ length: count }, (_, i) => (i === 0 ? 'Word' : ' word'));
  return { text: tokens.join(''), tokens, inputTokens: 5, outputTokens: count, finishReason, id: 'ABCDEFGHIJKLMNOPQRSTUVWXyz', created: 1_700_000_000 };
}

describe('Gemini simulator: keys and credentials', () => {
  it('issues keys in the real AIza format that key inspection recognizes without problems', () => {
    const random = seededRandom(42);
    for (let i = 0; i < 20; i++) {
      const key = sim.newKey(random);
      assert.equal(key.length, 39);
      const inspection = inspectKey(key, { expectedProvider: 'gemini' });
      assert.equal(inspection.provider, 'gemini');
      assert.deepEqual(inspection.problems, []);
    }
  });

  it('reads ?key= first, then x-goog-api-key; an empty key is no key', () => {
    const random = seededRandom(7);
    const [a, b] = [sim.newKey(random), sim.newKey(random)];
    assert.equal(sim.credential(request('POST', `/v1beta/models/gemini-2.5-flash:generateContent?key=${a}`, '', { 'x-goog-api-key': b })), a);
    assert.equal(sim.credential(request('POST', '/v1beta/models/gemini-2.5-flash:generateContent', '', { 'x-goog-api-key': b })), b);
    assert.equal(sim.credential(request('POST', '/v1beta/models/gemini-2.5-flash:generateContent?key=', '', { 'x-goog-api-key': b })), b);
    assert.equal(sim.credential(request('POST', '/v1beta/models/gemini-2.5-flash:generateContent?key=')), null);
    assert.equal(sim.credential(request('POST', '/v1beta/models/gemini-2.5-flash:generateContent', '', { authorization: `Bearer ${a}` })), null);
  });

  it('sends no rate-limit headers (Google puts its hints in 429 bodies)', () => {
    assert.deepEqual(sim.rateLimitHeaders(rate()), {});
    assert.ok(sim.refusedCountries.has('CN') && sim.refusedCountries.has('HK') && !sim.refusedCountries.has('US'));
  });
});

describe('Gemini simulator: routing and bad input', () => {
  it('parses the model methods under v1beta and v1', () => {
    const op = parsed(request('POST', '/v1beta/models/gemini-2.5-flash:generateContent', generate({ generationConfig: { maxOutputTokens: 12 }, systemInstruction: { parts: [{ text: 'Be brief. ' }] } })));
    assert.deepEqual([op.name, op.model, op.stream, op.maxTokens], ['generateContent', 'gemini-2.5-flash', false, 12]);
    assert.equal(op.promptText, 'Be brief. Hello there, model');
    const sse = parsed(request('POST', '/v1/models/gemini-2.0-flash:streamGenerateContent?alt=sse', generate()));
    assert.deepEqual([sse.name, sse.stream, sse.streamStyle], ['streamGenerateContent', true, 'sse']);
    assert.equal(parsed(request('POST', '/v1beta/models/gemini-2.5-flash:streamGenerateContent', generate())).streamStyle, 'json-array');
    assert.equal(parsed(request('POST', '/v1beta/models/gemini-2.5-flash:countTokens', { contents: [] })).name, 'countTokens');
    assert.equal(parsed(request('GET', '/v1beta/models?pageSize=2')).name, 'models.list');
    assert.equal(parsed(request('GET', '/v1beta/models/gemini-2.5-pro')).name, 'models.retrieve');
  });

  it('answers unknown paths and wrong methods with the Google front end 404 page', () => {
    for (const [method, path] of [['POST', '/models/gemini-2.5-flash:generateContent'], ['POST', '/v2/models/x:generateContent'], ['GET', '/v1beta/models/gemini-2.5-flash:generateContent'], ['POST', '/v1beta/models'], ['POST', '/v1beta/openai'], ['POST', '/v1beta/models/gemini-2.5-flash:nope']] as const) {
      const response = rejected(request(method, path, generate()));
      assert.equal(response.status, 404, `${method} ${path}`);
      assert.match(response.headers['content-type'] ?? '', /^text\/html/);
      assert.match(response.body, /<title>Error 404 \(Not Found\)!!1<\/title>/);
      assert.ok(response.body.includes(`<code>${path}</code>`));
    }
    assert.equal(Buffer.byteLength(rejected(request('GET', '/')).body), 1561, 'byte for byte the page Google sends for /');
  });

  it('answers an unknown model with the JSON 404 naming the method and API version', () => {
    const error = errorOf(rejected(request('POST', '/v1beta/models/gemini-pro:generateContent', generate())));
    assert.deepEqual([error.code, error.status], [404, 'NOT_FOUND']);
    assert.equal(error.message, 'models/gemini-pro is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.');
    assert.match(errorOf(rejected(request('POST', '/v1/models/gemini-embedding-001:generateContent', generate()))).message, /^models\/gemini-embedding-001 is not found for API version v1, or is not supported for generateContent/);
    assert.equal(errorOf(rejected(request('GET', '/v1beta/models/gemini-9'))).message, 'Model is not found: models/gemini-9 for api version v1beta');
  });

  it('rejects malformed JSON with the excerpt and caret Google prints', () => {
    assert.equal(errorOf(rejected(request('POST', '/v1beta/models/gemini-2.5-flash:generateContent', 'not json'))).message, 'Invalid JSON payload received. Unexpected token.\nnot json\n^');
    const nan = errorOf(rejected(request('POST', '/v1beta/models/gemini-2.5-flash:generateContent', '{"contents": [], "association_score": NaN, "trial_weight": 1}')));
    assert.equal(nan.message, 'Invalid JSON payload received. Unexpected token.\nassociation_score": NaN, "trial_weight":\n                    ^');
    assert.equal(errorOf(rejected(request('POST', '/v1beta/models/gemini-2.5-flash:generateContent', '{"contents":'))).message, 'Invalid JSON payload received. Unexpected end of string. Expected a value.\n\n^');
    assert.equal(errorOf(rejected(request('POST', '/v1beta/models/gemini-2.5-flash:generateContent', '[1]'))).message, 'Invalid JSON payload received. Unknown name "": Root element must be a message.');
    // Nesting deep enough to exhaust the scanner's stack is still answered, not thrown
    assert.match(errorOf(rejected(request('POST', '/v1beta/models/gemini-2.5-flash:generateContent', '['.repeat(200_000)))).message, /^Invalid JSON payload received\. /);
  });

  it('rejects unknown fields, form-encoded bodies and unknown query parameters with field violations', () => {
    const top = errorOf(rejected(request('POST', '/v1beta/models/gemini-2.5-flash:generateContent', generate({ max_tokens: 5 }))));
    assert.equal(top.message, 'Invalid JSON payload received. Unknown name "max_tokens": Cannot find field.');
    assert.deepEqual(top.details, [{ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ description: top.message }] }]);
    const nested = errorOf(rejected(request('POST', '/v1beta/models/gemini-2.5-flash:generateContent', generate({ generationConfig: { max_tokens: 5 } }))));
    assert.equal(nested.message, `Invalid JSON payload received. Unknown name "max_tokens" at 'generation_config': Cannot find field.`);
    const form = errorOf(rejected(request('POST', '/v1beta/models/gemini-2.5-flash:generateContent', JSON.stringify(generate()), { 'content-type': 'application/x-www-form-urlencoded' })));
    assert.match(form.message, /^Invalid JSON payload received\. Unknown name "\{\\"contents\\".*": Cannot bind query parameter\. Field '.*' could not be found in request message\.$/);
    const query = errorOf(rejected(request('POST', '/v1beta/models/gemini-2.5-flash:generateContent?foo=1', generate())));
    assert.equal(query.message, `Invalid JSON payload received. Unknown name "foo": Cannot bind query parameter. Field 'foo' could not be found in request message.`);
    assert.match(errorOf(rejected(request('GET', '/v1beta/models?pageSize=abc'))).message, /^Invalid value at 'page_size' \(TYPE_INT32\), "abc"$/);
  });

  it('checks contents as the model service does', () => {
    const check = (body: unknown) => errorOf(rejected(request('POST', '/v1beta/models/gemini-2.5-flash:generateContent', body as object))).message;
    assert.equal(check({}), '* GenerateContentRequest.contents: contents is not specified\n');
    assert.equal(check({ contents: [{ role: 'user', parts: [{ text: 'a' }] }, { role: 'model', parts: [] }] }), '* GenerateContentRequest.contents[1].parts: contents.parts must not be empty.\n');
    assert.equal(check({ contents: [{ parts: [{}] }] }), "* GenerateContentRequest.contents[0].parts[0].data: required oneof field 'data' must have one initialized field\n");
    assert.equal(check({ contents: [{ role: 'assistant', parts: [{ text: 'a' }] }] }), 'Please use a valid role: user, model.');
    assert.equal(check({ contents: 'hello' }), `Invalid value at 'contents' (type.googleapis.com/google.ai.generativelanguage.v1beta.Content), "hello"`);
    assert.equal(check({ contents: [{ role: 'user', content: 'hi' }] }), `Invalid JSON payload received. Unknown name "content" at 'contents[0]': Cannot find field.`);
  });

  it('refuses a prompt over the model window and a body over 20 MB', () => {
    const long = 'x'.repeat(1_048_576 * 4 + 8);
    const overflow = errorOf(rejected(request('POST', '/v1beta/models/gemini-2.5-flash:generateContent', { contents: [{ parts: [{ text: long }] }] })));
    assert.equal(overflow.message, 'The input token count (1048578) exceeds the maximum number of tokens allowed (1048576).');
    const huge = rejected(request('POST', '/v1beta/models/gemini-2.5-flash:generateContent', { contents: [{ parts: [{ text: 'y'.repeat(21 * 1024 * 1024) }] }] }));
    assert.equal(errorOf(huge).message, 'Request payload size exceeds the limit: 20971520 bytes.');
  });

  it('frames errors as the request asked: JSON, SSE content type, or the streamed array', () => {
    const sse = rejected(request('POST', '/v1beta/models/nope:streamGenerateContent?alt=sse', generate()));
    assert.equal(sse.headers['content-type'], 'text/event-stream');
    assert.ok(sse.body.startsWith('{\n  "error": {\n    "code": 404,') && sse.body.endsWith('}\n'));
    const array = rejected(request('POST', '/v1beta/models/nope:streamGenerateContent', generate()));
    assert.equal(array.headers['content-type'], 'application/json; charset=UTF-8');
    assert.ok(array.body.startsWith('[{\n  "error": {') && array.body.endsWith('}\n]'), array.body);
  });
});

describe('Gemini simulator: answers and streams', () => {
  it('answers generateContent with candidates, usage, model version and a 23-character response id', () => {
    const op = parsed(request('POST', '/v1beta/models/gemini-2.5-flash:generateContent', generate()));
    const response = sim.answer(op, completion(10));
    assert.equal(response.status, 200);
    assert.equal(response.headers['content-type'], 'application/json; charset=UTF-8');
    assert.equal(response.headers.server, 'scaffolding on HTTPServer2');
    assert.match(response.headers['server-timing'] ?? '', /^gfet4t7; dur=\d+$/);
    assert.ok(response.body.startsWith('{\n  "candidates": [\n    {\n      "content": {\n        "parts": [') && response.body.endsWith('}\n'));
    const body = JSON.parse(response.body);
    assert.deepEqual(body.candidates[0], { content: { parts: [{ text: completion(10).text }], role: 'model' }, finishReason: 'STOP', index: 0 });
    assert.deepEqual(body.usageMetadata, { promptTokenCount: 5, candidatesTokenCount: 10, totalTokenCount: 15, promptTokensDetails: [{ modality: 'TEXT', tokenCount: 5 }] });
    assert.equal(body.modelVersion, 'gemini-2.5-flash');
    assert.equal(body.responseId, 'ABCDEFGHIJKLMNOPQRSTUVW');
    assert.equal(JSON.parse(sim.answer(op, completion(4, 'length')).body).candidates[0].finishReason, 'MAX_TOKENS');
  });

  it('streams SSE frames in Google\'s compact form with CRLF pairs, the finishReason chunk ending it', () => {
    const op = parsed(request('POST', '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse', generate()));
    const plan = sim.stream(op, completion(20));
    assert.equal(plan.headers['content-type'], 'text/event-stream');
    assert.equal(plan.headers['content-disposition'], 'attachment');
    assert.equal(plan.frames.length, 4, 'one token, then eight at a time');
    assert.equal(plan.frames[0]!.data, 'data: {"candidates": [{"content": {"parts": [{"text": "Word"}],"role": "model"},"index": 0}],"usageMetadata": {"promptTokenCount": 5,"candidatesTokenCount": 1,"totalTokenCount": 6,"promptTokensDetails": [{"modality": "TEXT","tokenCount": 5}]},"modelVersion": "gemini-2.5-flash","responseId": "ABCDEFGHIJKLMNOPQRSTUVW"}\r\n\r\n');
    assert.ok(plan.frames.every((f) => f.delta && f.data.endsWith('\r\n\r\n')));
    const last = plan.frames.at(-1)!;
    assert.equal(last.terminator, true);
    assert.match(last.data, /"finishReason": "STOP","index": 0\}\],"usageMetadata": \{"promptTokenCount": 5,"candidatesTokenCount": 20,"totalTokenCount": 25/);
    const text = plan.frames.map((f) => JSON.parse(f.data.slice(6)).candidates[0].content.parts[0].text).join('');
    assert.equal(text, completion(20).text);
  });

  it('streams the JSON-array form without alt=sse', () => {
    const op = parsed(request('POST', '/v1beta/models/gemini-2.5-flash:streamGenerateContent', generate()));
    const plan = sim.stream(op, completion(10));
    assert.equal(plan.headers['content-type'], 'application/json; charset=UTF-8');
    const whole = plan.frames.map((f) => f.data).join('');
    assert.ok(whole.startsWith('[{\n  "candidates"') && whole.includes('}\n,\r\n{\n') && whole.endsWith('}\n]'));
    assert.equal((JSON.parse(whole) as unknown[]).length, 3);
    assert.deepEqual(plan.frames.at(-1), { data: '\n]', terminator: true });
  });

  it('counts tokens and lists models page by page', () => {
    const count = JSON.parse(sim.answer(parsed(request('POST', '/v1beta/models/gemini-2.5-flash:countTokens', generate())), completion(3)).body);
    assert.deepEqual(count, { totalTokens: 5, promptTokensDetails: [{ modality: 'TEXT', tokenCount: 5 }] });
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = JSON.parse(sim.answer(parsed(request('GET', `/v1beta/models?pageSize=4${token ? `&pageToken=${encodeURIComponent(token)}` : ''}`)), completion(1)).body);
      assert.ok(page.models.length <= 4);
      names.push(...page.models.map((m: { name: string }) => m.name));
      token = page.nextPageToken;
    } while (token);
    assert.ok(names.includes('models/gemini-2.5-flash') && new Set(names).size === names.length);
    const model = JSON.parse(sim.answer(parsed(request('GET', '/v1beta/models/gemini-2.5-flash')), completion(1)).body);
    assert.deepEqual([model.name, model.inputTokenLimit, model.outputTokenLimit, model.thinking], ['models/gemini-2.5-flash', 1_048_576, 65_536, true]);
    assert.equal(errorOf(rejected(request('GET', '/v1beta/models?pageToken=bogus'))).code, 400);
  });
});

describe('Gemini simulator: failures', () => {
  const op = () => parsed(request('POST', '/v1beta/models/gemini-2.5-flash:generateContent', generate()));

  it('answers every failure scenario with a body that classifies as the scenario says', () => {
    for (const name of FAILURES) {
      const response = sim.failure(name, op(), context());
      const input = name === 'content_blocked' ? { status: response.status, body: JSON.parse(response.body) } : { status: response.status, body: response.body };
      const expected = name === 'key_wrong_provider' ? 'key_invalid' : SCENARIOS[name];
      assert.equal(classify(input).category, expected, `${name}: ${response.body.slice(0, 200)}`);
    }
  });

  it('copies the real bodies and statuses', () => {
    const missing = sim.failure('key_missing', null, context());
    assert.equal(missing.status, 403);
    assert.equal(missing.body, '{\n  "error": {\n    "code": 403,\n    "message": "Method doesn\'t allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",\n    "status": "PERMISSION_DENIED"\n  }\n}\n');
    const invalid = errorOf(sim.failure('key_invalid', null, context()));
    assert.deepEqual(invalid.details, [
      { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } },
      { '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message: 'API key not valid. Please pass a valid API key.' },
    ]);
    assert.deepEqual(errorOf(sim.failure('key_wrong_provider', null, context())), invalid);
    assert.equal(sim.failure('server_error', op(), context('internal')).body.length, 109, 'gm-b019: Content-Length 109');
    assert.match(sim.failure('permission_denied', op(), context('referrer')).body, /"message": "Requests from referer \\u003cempty\\u003e are blocked\."/);
    assert.equal(errorOf(sim.failure('region_blocked', null, context())).status, 'FAILED_PRECONDITION');
    const disabled = errorOf(sim.failure('api_disabled', op(), context()));
    assert.match(disabled.message, /^Generative Language API has not been used in project \d{12} before or it is disabled\./);
    assert.equal(disabled.details?.[0]?.reason, 'SERVICE_DISABLED');
  });

  it('builds 429 bodies from the rate state: per-minute quota, limit and RetryInfo', () => {
    const limited = errorOf(sim.failure('rate_limited', op(), context()));
    assert.equal(limited.code, 429);
    assert.equal(
      limited.message,
      'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits. To monitor your current usage, head to: https://ai.dev/rate-limit. \n* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 15, model: gemini-2.5-flash\nPlease retry in 12.134s.',
    );
    assert.deepEqual(limited.details?.map((d) => d['@type']), ['type.googleapis.com/google.rpc.Help', 'type.googleapis.com/google.rpc.QuotaFailure', 'type.googleapis.com/google.rpc.RetryInfo']);
    assert.deepEqual(limited.details?.[2], { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '12s' });
    assert.equal(classify({ status: 429, body: JSON.stringify({ error: limited }) }).retryAfterMs, 12_000);
    const tokens = errorOf(sim.failure('rate_limited', op(), context(null, { exhausted: 'tokens', retryAfterMs: 900 })));
    assert.match(JSON.stringify(tokens.details), /GenerateContentInputTokensPerModelPerMinute-FreeTier.*"quotaValue":"1000000"/);
    const daily = errorOf(sim.failure('quota_exceeded', op(), context()));
    assert.match(JSON.stringify(daily.details), /GenerateRequestsPerDayPerProjectPerModel-FreeTier/);
    assert.match(daily.message, /Please retry in 43200s\.$/, 'at 20:00 UTC in January it is noon in California: twelve hours to the daily reset');
    const free = errorOf(sim.failure('billing', op(), context('free_tier')));
    assert.match(free.message, /limit: 0, model: gemini-2.5-flash/);
    assert.ok(!JSON.stringify(free.details).includes('quotaValue'), 'proto3 JSON leaves out a zero limit');
  });

  it('plays content_blocked as an HTTP 200, in the framing of the request', () => {
    const blocked = sim.failure('content_blocked', op(), context());
    assert.equal(blocked.status, 200);
    assert.equal(JSON.parse(blocked.body).promptFeedback.blockReason, 'SAFETY');
    const sseOp = parsed(request('POST', '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse', generate()));
    const sse = sim.failure('content_blocked', sseOp, context('prohibited'));
    assert.match(sse.body, /^data: \{"promptFeedback": \{"blockReason": "PROHIBITED_CONTENT"\},"usageMetadata": /);
    assert.ok(sse.body.endsWith('\r\n\r\n'));
    assert.equal(JSON.parse(sim.failure('content_blocked', op(), context('candidate')).body).candidates[0].finishReason, 'SAFETY');
  });

  it('frames a pre-parse failure after the request being answered', () => {
    const about = (method: string, path: string) => ({ ...context(), request: request(method, path) });
    assert.equal(sim.failure('key_invalid', null, about('POST', '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse')).headers['content-type'], 'text/event-stream');
    assert.ok(sim.failure('key_invalid', null, about('POST', '/v1beta/models/gemini-2.5-flash:streamGenerateContent')).body.startsWith('[{'));
    assert.equal(sim.failure('key_invalid', null, about('POST', '/v1beta/models/gemini-2.5-flash:generateContent')).headers['content-type'], 'application/json; charset=UTF-8');
    assert.ok(sim.failure('wrong_endpoint', null, about('POST', '/v1beta/wrong')).body.includes('<code>/v1beta/wrong</code>'));
  });
});
