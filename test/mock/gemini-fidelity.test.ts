import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiError, GoogleGenAI, type GenerateContentResponse, type HttpOptions } from '@google/genai';
import { SCENARIOS, type FailureScenario } from '../../src/core/scenarios.js';
import { startMock, type RunningMock } from '../../src/mock/start-mock.js';
import { classify } from '../../src/providers/classify.js';
import { ALNUM, picker, URL_SAFE } from '../helpers/random-text.js';

/**
 * The official @google/genai SDK against the simulated Gemini API. The SDK builds
 * `{baseUrl}/v1beta/models/{model}:generateContent`, streams with `:streamGenerateContent?alt=sse`,
 * retries only when `httpOptions.retryOptions` is set, and throws `ApiError` whose `message` is the
 * JSON body, or, for SSE requests (whose errors come as `text/event-stream`), a wrapper holding the
 * body as text: `{"error":{"message":"<Google's JSON>","code":N,"status":"<status text>"}}`.
 */

const MODEL = 'gemini-2.5-flash';
const FAILURES = (Object.keys(SCENARIOS) as (keyof typeof SCENARIOS)[]).filter(
  (n): n is FailureScenario => !['ok', 'timeout', 'slow_first_token', 'reset', 'stream_cut', 'stream_stall', 'malformed_chunk', 'no_done'].includes(n),
);

/** HTTP status and google.rpc status of each scenario's default answer. */
const EXPECTED: Record<FailureScenario, [number, string | null]> = {
  key_missing: [403, 'PERMISSION_DENIED'],
  key_invalid: [400, 'INVALID_ARGUMENT'],
  key_revoked: [403, 'PERMISSION_DENIED'],
  key_wrong_provider: [400, 'INVALID_ARGUMENT'],
  permission_denied: [403, 'PERMISSION_DENIED'],
  org_verification_required: [403, 'PERMISSION_DENIED'],
  api_disabled: [403, 'PERMISSION_DENIED'],
  model_not_found: [404, 'NOT_FOUND'],
  billing: [402, 'RESOURCE_EXHAUSTED'],
  quota_exceeded: [429, 'RESOURCE_EXHAUSTED'],
  rate_limited: [429, 'RESOURCE_EXHAUSTED'],
  overloaded: [503, 'UNAVAILABLE'],
  region_blocked: [400, 'FAILED_PRECONDITION'],
  wrong_endpoint: [404, null],
  bad_request: [400, 'INVALID_ARGUMENT'],
  context_length_exceeded: [400, 'INVALID_ARGUMENT'],
  content_blocked: [200, null],
  server_error: [500, 'INTERNAL'],
};

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 402: 'Payment Required', 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable' };

type GoogleError = { code: number; status: string; message: string; details?: { '@type': string; retryDelay?: string }[] };

/** Google's error as the SDK surfaced it: parsed from `message`, unwrapped once more for SSE requests. */
function googleErrorOf(error: ApiError, streamed: boolean): GoogleError {
  const outer = JSON.parse(error.message) as { error: { message: string; code: number; status: string } };
  if (!streamed) return outer.error as unknown as GoogleError;
  assert.equal(outer.error.code, error.status);
  assert.equal(outer.error.status, STATUS_TEXT[error.status], 'the SDK puts the HTTP status text where Google puts its status');
  return (JSON.parse(outer.error.message) as { error: GoogleError }).error;
}

async function thrown(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  return assert.fail('expected the call to throw');
}

async function drain(stream: AsyncGenerator<GenerateContentResponse>): Promise<GenerateContentResponse[]> {
  const chunks: GenerateContentResponse[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

const random = picker(20260115);

describe('Gemini fidelity: @google/genai 2.32 against the mock', () => {
  let mock: RunningMock;
  let paced: RunningMock;
  const client = (key: string, options: HttpOptions = {}, on: () => RunningMock = () => mock) =>
    new GoogleGenAI({ apiKey: key, httpOptions: { baseUrl: on().baseUrls.gemini, ...options } });

  before(async () => {
    mock = await startMock({ seed: 11 });
    // Frames paced 5 ms apart, so stream faults land mid-stream after the headers went out
    paced = await startMock({ seed: 11, tokensPerSecond: 200, slowFirstTokenMs: 300 });
  });
  after(async () => {
    await mock.close();
    await paced.close();
  });

  describe('success', () => {
    it('generateContent: text, usage, finish reason, model version and response id', async () => {
      const ai = client(mock.issueKey('gemini'));
      const response = await ai.models.generateContent({ model: MODEL, contents: 'Say hello to the simulator.' });
      assert.ok(response.text && response.text.length > 0);
      const usage = response.usageMetadata!;
      assert.equal(usage.promptTokenCount, Math.ceil('Say hello to the simulator.'.length / 4));
      assert.ok(usage.candidatesTokenCount! > 0);
      assert.equal(usage.totalTokenCount, usage.promptTokenCount! + usage.candidatesTokenCount!);
      assert.equal(response.candidates?.[0]?.finishReason, 'STOP');
      assert.equal(response.modelVersion, MODEL);
      assert.match(response.responseId ?? '', /^[A-Za-z0-9]{23}$/);
      const headers = response.sdkHttpResponse?.headers ?? {};
      assert.equal(headers['content-type'], 'application/json; charset=UTF-8');
      assert.equal(headers.server, 'scaffolding on HTTPServer2');
      assert.ok(!Object.keys(headers).some((h) => h.startsWith('x-ratelimit') || h === 'retry-after'), 'Google sends no rate-limit headers');
      const again = await ai.models.generateContent({ model: MODEL, contents: 'Say hello to the simulator.' });
      assert.equal(again.text, response.text, 'deterministic per seed and prompt');
    });

    it('maxOutputTokens caps the answer with finishReason MAX_TOKENS', async () => {
      const response = await client(mock.issueKey('gemini')).models.generateContent({ model: MODEL, contents: 'Write a long story.', config: { maxOutputTokens: 3 } });
      assert.equal(response.candidates?.[0]?.finishReason, 'MAX_TOKENS');
      assert.equal(response.usageMetadata?.candidatesTokenCount, 3);
    });

    it('generateContentStream: SSE chunks that add up to the same answer, usage growing, STOP at the end', async () => {
      const ai = client(mock.issueKey('gemini'));
      const whole = await ai.models.generateContent({ model: MODEL, contents: 'Stream me something.' });
      const chunks = await drain(await ai.models.generateContentStream({ model: MODEL, contents: 'Stream me something.' }));
      assert.ok(chunks.length >= 2);
      assert.equal(chunks.map((c) => c.text).join(''), whole.text);
      const counts = chunks.map((c) => c.usageMetadata?.candidatesTokenCount ?? 0);
      assert.deepEqual(counts, [...counts].sort((a, b) => a - b));
      assert.equal(counts.at(-1), whole.usageMetadata?.candidatesTokenCount);
      assert.deepEqual(chunks.map((c) => c.candidates?.[0]?.finishReason ?? null), [...Array<null>(chunks.length - 1).fill(null), 'STOP']);
      assert.equal(chunks[0]!.sdkHttpResponse?.headers?.['content-type'], 'text/event-stream');
      assert.equal(chunks[0]!.responseId, whole.responseId);
    });

    it('countTokens, models.list (paged) and models.get', async () => {
      const ai = client(mock.issueKey('gemini'));
      assert.equal((await ai.models.countTokens({ model: MODEL, contents: 'Count these tokens please.' })).totalTokens, 7);
      const names: string[] = [];
      for await (const model of await ai.models.list({ config: { pageSize: 3 } })) names.push(model.name ?? '');
      assert.ok(names.length > 3 && names.includes(`models/${MODEL}`), names.join());
      const model = await ai.models.get({ model: 'gemini-2.5-pro' });
      assert.deepEqual([model.name, model.displayName, model.inputTokenLimit], ['models/gemini-2.5-pro', 'Gemini 2.5 Pro', 1_048_576]);
    });
  });

  describe('every failure scenario: the SDK raises ApiError with the real status and body, and classify() agrees', () => {
    for (const name of FAILURES) {
      const [status, rpcStatus] = EXPECTED[name];
      const classifiable = name !== 'key_wrong_provider';
      it(name, async () => {
        const ai = client(mock.issueKey('gemini', name));
        if (name === 'content_blocked') {
          // Google answers a blocked prompt with HTTP 200; the SDK raises nothing and the user holds the response
          for (const response of [await ai.models.generateContent({ model: MODEL, contents: 'hi' }), ...(await drain(await ai.models.generateContentStream({ model: MODEL, contents: 'hi' })))]) {
            assert.equal(response.promptFeedback?.blockReason, 'SAFETY');
            assert.equal(response.text, undefined);
            assert.equal(classify({ status: 200, body: response }).category, SCENARIOS.content_blocked);
          }
          return;
        }
        for (const streamed of [false, true]) {
          const error = await thrown(() =>
            streamed ? ai.models.generateContentStream({ model: MODEL, contents: 'hi' }).then(drain) : ai.models.generateContent({ model: MODEL, contents: 'hi' }),
          );
          assert.ok(error instanceof ApiError, `${name}: ${String(error)}`);
          assert.equal(error.status, status);
          if (rpcStatus === null) {
            assert.match(error.message, /<title>Error 404 \(Not Found\)!!1<\/title>/);
            assert.equal(JSON.parse(error.message).error.status, 'Not Found');
          } else {
            const google = googleErrorOf(error, streamed);
            assert.deepEqual([google.code, google.status], [status, rpcStatus]);
          }
          if (classifiable) assert.equal(classify({ error }).category, SCENARIOS[name], `${name}${streamed ? ' (stream)' : ''}`);
        }
      });
    }

    it('an OpenAI key sent to Gemini: Google says only API_KEY_INVALID; the key that was sent tells key_wrong_provider', async () => {
      const key = 'sk-' + 'proj-' + random(ALNUM, 48);
      const error = await thrown(() => client(key).models.generateContent({ model: MODEL, contents: 'hi' }));
      assert.equal(classify({ error }).category, 'key_invalid');
      const diagnosis = classify({ error, apiKey: key });
      assert.equal(diagnosis.category, 'key_wrong_provider');
      assert.ok(!JSON.stringify(diagnosis).includes(key));
    });
  });

  describe('variants: the other real answers to the same failure', () => {
    const variants: [string, number, string][] = [
      ['key_invalid:not_found', 400, 'key_invalid'],
      ['key_revoked:expired', 400, 'key_invalid'],
      ['permission_denied:referrer', 403, 'permission_denied'],
      ['permission_denied:suspended', 403, 'permission_denied'],
      ['billing:prepay_429', 429, 'billing'],
      ['billing:free_tier', 429, 'billing'],
      ['billing:country', 400, 'billing'],
      ['overloaded:high_demand', 503, 'overloaded'],
      ['server_error:internal', 500, 'server_error'],
      ['bad_request:too_large', 400, 'bad_request'],
      ['bad_request:empty_parts', 400, 'bad_request'],
      ['bad_request:unknown_field', 400, 'bad_request'],
      // an empty-bodied 404 says too little to name a cause, as in googleapis/js-genai#930 (gm-067)
      ['wrong_endpoint:empty', 404, 'unknown'],
    ];
    for (const [scenario, status, category] of variants) {
      it(scenario, async () => {
        const error = await thrown(() => client(mock.issueKey('gemini', scenario as `${FailureScenario}:${string}`)).models.generateContent({ model: MODEL, contents: 'hi' }));
        assert.ok(error instanceof ApiError);
        assert.equal(error.status, status);
        assert.equal(classify({ error }).category, category);
      });
    }

    it('content_blocked:prohibited and :candidate', async () => {
      const prohibited = await client(mock.issueKey('gemini', 'content_blocked:prohibited')).models.generateContent({ model: MODEL, contents: 'hi' });
      assert.equal(prohibited.promptFeedback?.blockReason, 'PROHIBITED_CONTENT');
      assert.equal(classify({ status: 200, body: prohibited }).category, 'content_blocked');
      const candidate = await client(mock.issueKey('gemini', 'content_blocked:candidate')).models.generateContent({ model: MODEL, contents: 'hi' });
      assert.equal(candidate.candidates?.[0]?.finishReason, 'SAFETY');
      assert.equal(candidate.text, undefined);
    });

    it('content_blocked:candidate classifies as content_blocked', async () => {
      const candidate = await client(mock.issueKey('gemini', 'content_blocked:candidate')).models.generateContent({ model: MODEL, contents: 'hi' });
      assert.equal(classify({ status: 200, body: candidate }).category, 'content_blocked');
    });
  });

  describe('failures the mock reaches on its own', () => {
    it('no key: 403 PERMISSION_DENIED, unregistered callers', async (t) => {
      t.mock.method(console, 'warn', () => undefined); // the SDK warns that no key is set
      const error = await thrown(() => client('').models.generateContent({ model: MODEL, contents: 'hi' }));
      assert.ok(error instanceof ApiError && error.status === 403);
      assert.equal(classify({ error }).category, 'key_missing');
    });

    it('an unknown key in the Google format, and a key of another provider: 400 API_KEY_INVALID', async () => {
      for (const key of ['AIza' + 'Sy' + random(URL_SAFE, 33), 'sk-' + 'proj-' + random(ALNUM, 48)]) {
        const error = await thrown(() => client(key).models.generateContent({ model: MODEL, contents: 'hi' }));
        assert.ok(error instanceof ApiError && error.status === 400);
        assert.match(googleErrorOf(error, false).message, /^API key not valid\. Please pass a valid API key\.$/);
        assert.equal(classify({ error }).category, 'key_invalid');
      }
    });

    it('an unknown model: 404 naming the method and API version', async () => {
      const error = await thrown(() => client(mock.issueKey('gemini')).models.generateContent({ model: 'gemini-pro', contents: 'hi' }));
      assert.ok(error instanceof ApiError && error.status === 404);
      assert.match(googleErrorOf(error, false).message, /^models\/gemini-pro is not found for API version v1beta, or is not supported for generateContent\./);
      assert.equal(classify({ error }).category, 'model_not_found');
    });

    it('invalid contents and an over-long prompt', async () => {
      const ai = client(mock.issueKey('gemini'));
      const empty = await thrown(() => ai.models.generateContent({ model: MODEL, contents: [{ role: 'user', parts: [] }] }));
      assert.ok(empty instanceof ApiError && empty.status === 400);
      assert.equal(classify({ error: empty }).category, 'bad_request');
      const long = await thrown(() => ai.models.generateContent({ model: MODEL, contents: 'x'.repeat(4_200_000) }));
      assert.ok(long instanceof ApiError && long.status === 400);
      assert.equal(googleErrorOf(long, false).message, 'The input token count (1050000) exceeds the maximum number of tokens allowed (1048576).');
      assert.equal(classify({ error: long }).category, 'context_length_exceeded');
    });

    it('the key\'s bucket runs out: 429 with the per-minute quota and RetryInfo from the bucket', async () => {
      const small = await startMock({ requestsPerMinute: 2 });
      try {
        const ai = client(small.issueKey('gemini'), {}, () => small);
        await ai.models.generateContent({ model: MODEL, contents: 'one' });
        await ai.models.generateContent({ model: MODEL, contents: 'two' });
        const error = await thrown(() => ai.models.generateContent({ model: MODEL, contents: 'three' }));
        assert.ok(error instanceof ApiError && error.status === 429);
        const google = googleErrorOf(error, false);
        assert.match(google.message, /limit: 2, model: gemini-2\.5-flash\nPlease retry in [\d.]+s\.$/);
        const retryDelay = google.details?.find((d) => d['@type'].endsWith('RetryInfo'))?.retryDelay ?? '';
        assert.match(retryDelay, /^\d+s$/);
        const diagnosis = classify({ error });
        assert.equal(diagnosis.category, 'rate_limited');
        assert.equal(diagnosis.retryAfterMs, Number(retryDelay.slice(0, -1)) * 1000);
      } finally {
        await small.close();
      }
    });

    it('a caller from a refused country: 400 FAILED_PRECONDITION, user location', async () => {
      const china = await startMock({ region: 'CN' });
      try {
        const error = await thrown(() => client(china.issueKey('gemini'), {}, () => china).models.generateContent({ model: MODEL, contents: 'hi' }));
        assert.ok(error instanceof ApiError && error.status === 400);
        assert.equal(googleErrorOf(error, false).message, 'User location is not supported for the API use.');
        assert.equal(classify({ error }).category, 'region_blocked');
      } finally {
        await china.close();
      }
    });
  });

  describe('on the wire (plain fetch)', () => {
    const post = (path: string, body: string, headers: Record<string, string> = {}, on: RunningMock = mock) =>
      fetch(`${on.baseUrls.gemini}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-goog-api-key': on.issueKey('gemini'), ...headers }, body });
    const contents = JSON.stringify({ contents: [{ parts: [{ text: 'hi' }] }] });
    const messageOf = async (response: Response) => ((await response.json()) as { error: { message: string } }).error.message;

    it('a base URL that already ends in /v1beta: the Google 404 page, classified wrong_endpoint', async () => {
      const error = await thrown(() => new GoogleGenAI({ apiKey: mock.issueKey('gemini'), httpOptions: { baseUrl: `${mock.baseUrls.gemini}/v1beta` } }).models.generateContent({ model: MODEL, contents: 'hi' }));
      assert.ok(error instanceof ApiError && error.status === 404);
      assert.match(error.message, /The requested URL <code>\/v1beta\/v1beta\/models\/gemini-2\.5-flash:generateContent<\/code> was not found on this server\./);
      assert.equal(classify({ error }).category, 'wrong_endpoint');
    });

    it('streams the JSON array without alt=sse, and SSE with CRLF pairs with it', async () => {
      const array = await post(`/v1beta/models/${MODEL}:streamGenerateContent`, contents);
      assert.equal(array.headers.get('content-type'), 'application/json; charset=UTF-8');
      const text = await array.text();
      assert.ok(text.startsWith('[{\n  "candidates": [') && text.endsWith('}\n]'));
      assert.ok((JSON.parse(text) as unknown[]).length >= 2);
      const sse = await post(`/v1beta/models/${MODEL}:streamGenerateContent?alt=sse`, contents);
      assert.equal(sse.headers.get('content-type'), 'text/event-stream');
      const events = (await sse.text()).split('\r\n\r\n');
      assert.equal(events.pop(), '', 'every event ends with CRLF CRLF');
      assert.ok(events.every((e) => e.startsWith('data: {"candidates": [{"content": {"parts": [{"text": ')));
    });

    it('bad input gets Google\'s 400s, never a crash', async () => {
      const malformed = await post(`/v1beta/models/${MODEL}:generateContent`, '{"contents": [');
      assert.equal(malformed.status, 400);
      assert.match(await messageOf(malformed), /^Invalid JSON payload received\. Unexpected end of string\./);
      const form = await post(`/v1beta/models/${MODEL}:generateContent`, contents, { 'content-type': 'application/x-www-form-urlencoded' });
      assert.equal(form.status, 400);
      assert.match(await messageOf(form), /Cannot bind query parameter/);
      const wrongMethod = await fetch(`${mock.baseUrls.gemini}/v1beta/models/${MODEL}:generateContent?key=${mock.issueKey('gemini')}`);
      assert.equal(wrongMethod.status, 404);
      assert.match(wrongMethod.headers.get('content-type') ?? '', /^text\/html/);
      const small = await startMock({ maxBodyBytes: 1024 });
      try {
        const huge = await post(`/v1beta/models/${MODEL}:generateContent`, JSON.stringify({ contents: [{ parts: [{ text: 'x'.repeat(4096) }] }] }), {}, small);
        assert.equal(huge.status, 400);
        assert.equal(await messageOf(huge), 'Request payload size exceeds the limit: 20971520 bytes.');
      } finally {
        await small.close();
      }
    });
  });

  describe('retries', () => {
    it('the SDK does not retry by default; with retryOptions it retries a 503 and never a 400', async () => {
      const attemptsOf = (scenario: string) => mock.attempts().filter((a) => a.scenario === scenario).length;
      mock.reset();
      await thrown(() => client(mock.issueKey('gemini', 'overloaded')).models.generateContent({ model: MODEL, contents: 'hi' }));
      assert.equal(attemptsOf('overloaded'), 1);
      const retrying = { retryOptions: { attempts: 3, initialDelay: 0.01, maxDelay: 0.02 } };
      await thrown(() => client(mock.issueKey('gemini', 'overloaded'), retrying).models.generateContent({ model: MODEL, contents: 'hi' }));
      assert.equal(attemptsOf('overloaded'), 4);
      await thrown(() => client(mock.issueKey('gemini', 'bad_request'), retrying).models.generateContent({ model: MODEL, contents: 'hi' }));
      assert.equal(attemptsOf('bad_request'), 1);
    });
  });

  describe('transport scenarios: what the SDK really raises', () => {
    const call = (scenario: string, streamed: boolean, timeout = 300) => {
      const ai = client(paced.issueKey('gemini', scenario as FailureScenario), { timeout }, () => paced);
      return streamed ? ai.models.generateContentStream({ model: MODEL, contents: 'hi' }).then(drain) : ai.models.generateContent({ model: MODEL, contents: 'hi' });
    };

    it('reset: fetch failed, caused by ECONNRESET', async () => {
      for (const streamed of [false, true]) {
        const error = (await thrown(() => call('reset', streamed))) as TypeError & { cause?: { code?: string } };
        assert.equal(error.message, 'fetch failed');
        assert.equal(error.cause?.code, 'ECONNRESET');
        assert.equal(classify({ error }).category, SCENARIOS.reset);
      }
    });

    it('stream_cut: the stream dies mid-answer with "terminated" (ECONNRESET)', async () => {
      const ai = client(paced.issueKey('gemini', 'stream_cut'), {}, () => paced);
      const received: GenerateContentResponse[] = [];
      const error = (await thrown(async () => {
        for await (const chunk of await ai.models.generateContentStream({ model: MODEL, contents: 'hi' })) received.push(chunk);
      })) as TypeError & { cause?: { code?: string } };
      assert.ok(received.length > 0, 'some chunks arrived before the cut');
      assert.equal(error.message, 'terminated');
      assert.equal(error.cause?.code, 'ECONNRESET');
      assert.equal(classify({ error }).category, SCENARIOS.stream_cut);
    });

    it('timeout and stream_stall: the SDK aborts at httpOptions.timeout with a bare AbortError', async () => {
      for (const [scenario, streamed] of [['timeout', false], ['timeout', true], ['stream_stall', true], ['stream_stall', false]] as const) {
        const started = Date.now();
        const error = (await thrown(() => call(scenario, streamed))) as Error;
        assert.equal(error.name, 'AbortError', `${scenario}${streamed ? ' (stream)' : ''}`);
        assert.equal(error.message, 'This operation was aborted');
        assert.ok(Date.now() - started >= 290);
      }
    });

    it('timeout: @google/genai aborts its own timer with a bare AbortError, the same as a user abort (gm-065), so classify() says unknown', async () => {
      // Other SDKs raise a timeout error of their own (APIConnectionTimeoutError); this one cannot be told from a user abort
      assert.equal(classify({ error: await thrown(() => call('timeout', false)) }).category, 'unknown');
      assert.equal(classify({ error: await thrown(() => call('stream_stall', true)) }).category, 'unknown');
    });

    it('malformed_chunk: the SDK fails to parse the chunk with a SyntaxError', async () => {
      for (const streamed of [false, true]) {
        const error = (await thrown(() => call('malformed_chunk', streamed))) as Error;
        assert.ok(error instanceof SyntaxError, String(error));
        assert.match(error.message, /JSON/);
      }
    });

    it('no_done: the stream ends without its finishReason chunk, and the SDK does not notice', async () => {
      const chunks = (await call('no_done', true)) as GenerateContentResponse[];
      assert.ok(chunks.length > 0);
      assert.ok(chunks.every((c) => c.candidates?.[0]?.finishReason === undefined));
    });

    it('slow_first_token: the answer comes, late', async () => {
      for (const streamed of [false, true]) {
        const started = Date.now();
        const result = await call('slow_first_token', streamed, 5000);
        assert.ok(Date.now() - started >= 280);
        assert.ok(streamed ? (result as GenerateContentResponse[]).length > 0 : (result as GenerateContentResponse).text);
      }
    });
  });
});
