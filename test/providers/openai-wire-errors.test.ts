import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import type { Category } from '../../src/core/categories.js';
import type { Diagnosis } from '../../src/core/diagnosis.js';
import { OPENAI_WIRE } from '../../src/providers/openai/wire.js';
import type { GatewayError } from '../../src/providers/wire.js';

/**
 * Our error answers against the official `openai` SDK: a local server replies with what
 * errorResponse / streamError produce, and the SDK must raise the class, status and message it
 * raises for api.openai.com, with our diagnosis readable on the error.
 */

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

let server: Server;
let baseURL: string;
let next: Reply = { status: 500, headers: {}, body: '' };

before(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(next.status, next.headers);
      res.end(next.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

const client = () => new OpenAI({ baseURL, apiKey: 'x', maxRetries: 0 });
const ask = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Hi' }] };

function diagnosis(category: Category): Diagnosis {
  return {
    category,
    provider: 'openai',
    retryable: false,
    retryAfterMs: null,
    title: `title of ${category}`,
    cause: `cause of ${category}`,
    fixes: [`fix ${category}`],
    evidence: [],
  };
}

function gatewayError(status: number, category: Category | null, fields: Partial<GatewayError> = {}): GatewayError {
  return { status, message: `our message for ${status}`, diagnosis: category ? diagnosis(category) : null, requestId: 'req_gw_123', upstreamBody: null, ...fields };
}

async function raised(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof OpenAI.APIError, `not an APIError: ${String(error)}`);
    return error;
  }
  assert.fail('the call succeeded');
}

interface OurError {
  message: string;
  type: string;
  param: unknown;
  code: string | null;
  details?: Record<string, unknown>;
  llmdoctor: { category: string | null; title: string | null; cause: string | null; fixes: string[]; request_id: string };
}

describe('OPENAI_WIRE.errorResponse with the openai SDK', () => {
  /** Error classes are told apart by `instanceof` and named in test titles. */
  type ErrorClass = abstract new (...args: never[]) => InstanceType<typeof OpenAI.APIError>;
  const cases: [number, Category, ErrorClass, string, string | null][] = [
    [400, 'bad_request', OpenAI.BadRequestError, 'invalid_request_error', null],
    [400, 'context_length_exceeded', OpenAI.BadRequestError, 'invalid_request_error', 'context_length_exceeded'],
    [401, 'key_invalid', OpenAI.AuthenticationError, 'invalid_request_error', 'invalid_api_key'],
    [401, 'key_missing', OpenAI.AuthenticationError, 'invalid_request_error', null],
    [403, 'region_blocked', OpenAI.PermissionDeniedError, 'request_forbidden', 'unsupported_country_region_territory'],
    [403, 'permission_denied', OpenAI.PermissionDeniedError, 'invalid_request_error', null],
    [404, 'model_not_found', OpenAI.NotFoundError, 'invalid_request_error', 'model_not_found'],
    [404, 'wrong_endpoint', OpenAI.NotFoundError, 'invalid_request_error', null],
    [429, 'rate_limited', OpenAI.RateLimitError, 'requests', 'rate_limit_exceeded'],
    [429, 'billing', OpenAI.RateLimitError, 'insufficient_quota', 'insufficient_quota'],
    [500, 'server_error', OpenAI.InternalServerError, 'server_error', null],
    [502, 'network_reset', OpenAI.InternalServerError, 'server_error', null],
    [503, 'overloaded', OpenAI.InternalServerError, 'service_unavailable_error', 'server_is_overloaded'],
  ];

  for (const [status, category, ErrorClass, type, code] of cases) {
    it(`${status} ${category}: ${ErrorClass.name}, type ${type}, code ${code}`, async () => {
      next = OPENAI_WIRE.errorResponse(gatewayError(status, category));
      assert.equal(next.headers['content-type'], 'application/json');
      const error = await raised(client().chat.completions.create(ask));
      assert.ok(error instanceof ErrorClass, `${error.constructor.name} is not ${ErrorClass.name}`);
      assert.equal(error.status, status);
      assert.equal(error.message, `${status} our message for ${status}`);
      assert.equal(error.type, type);
      assert.equal(error.code, code);
      assert.equal(error.param, null);
      assert.equal(error.requestID, 'req_gw_123');
      const body = error.error as OurError;
      assert.deepEqual(body.llmdoctor, { category, title: `title of ${category}`, cause: `cause of ${category}`, fixes: [`fix ${category}`], request_id: 'req_gw_123' });
    });
  }

  it('413 (no SDK subclass) is still an APIError with our message', async () => {
    next = OPENAI_WIRE.errorResponse(gatewayError(413, 'bad_request', { details: { limit: 'body', maxBytes: 1024 } }));
    const error = await raised(client().chat.completions.create(ask));
    assert.equal(error.status, 413);
    assert.equal(error.message, '413 our message for 413');
    assert.deepEqual((error.error as OurError).details, { limit: 'body', maxBytes: 1024 });
  });

  it("keeps the upstream's OpenAI envelope and adds our diagnosis", async () => {
    const upstream = `${JSON.stringify(
      {
        error: {
          message: 'You exceeded your current quota, please check your plan and billing details.',
          type: 'insufficient_quota',
          param: null,
          code: 'insufficient_quota',
        },
      },
      null,
      4,
    )}\n`;
    next = OPENAI_WIRE.errorResponse(gatewayError(429, 'billing', { upstreamBody: upstream, message: 'ours, not shown' }));
    const error = await raised(client().chat.completions.create(ask));
    assert.ok(error instanceof OpenAI.RateLimitError);
    assert.equal(error.message, '429 You exceeded your current quota, please check your plan and billing details.');
    assert.equal(error.code, 'insufficient_quota');
    assert.equal((error.error as OurError).llmdoctor.category, 'billing');
  });

  it("details go in the body, or with the diagnosis when the upstream's error has its own", () => {
    const details = { limit: 'tokens_per_minute', resets_in_ms: 1200 };
    const own = JSON.parse(OPENAI_WIRE.errorResponse(gatewayError(429, 'rate_limited', { details })).body) as { error: OurError };
    assert.deepEqual(own.error.details, details);
    const upstream = JSON.stringify({ error: { message: 'Slow down', type: 'requests', param: null, code: 'rate_limit_exceeded', details: 'theirs' } });
    const kept = JSON.parse(OPENAI_WIRE.errorResponse(gatewayError(429, 'rate_limited', { details, upstreamBody: upstream })).body) as {
      error: OurError & { llmdoctor: { details?: unknown } };
    };
    assert.equal(kept.error.details, 'theirs');
    assert.deepEqual(kept.error.llmdoctor.details, details);
  });

  it("completes Azure's envelope (string code, no type) without changing what it has", async () => {
    const upstream = JSON.stringify({ error: { code: 'DeploymentNotFound', message: 'The API deployment for this resource does not exist.' } });
    next = OPENAI_WIRE.errorResponse(gatewayError(404, 'model_not_found', { upstreamBody: upstream }));
    const error = await raised(client().chat.completions.create(ask));
    assert.ok(error instanceof OpenAI.NotFoundError);
    assert.equal(error.code, 'DeploymentNotFound');
    assert.equal(error.type, 'invalid_request_error');
    assert.equal(error.message, '404 The API deployment for this resource does not exist.');
  });

  it('an upstream body that is not an OpenAI envelope is replaced by ours', async () => {
    for (const upstream of [
      '<html><body>502 Bad Gateway</body></html>',
      JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }),
      JSON.stringify({ error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' } }),
      JSON.stringify({ error: 'You have insufficient permissions for this operation.' }),
    ]) {
      next = OPENAI_WIRE.errorResponse(gatewayError(503, 'overloaded', { upstreamBody: upstream }));
      const error = await raised(client().chat.completions.create(ask));
      assert.equal(error.message, '503 our message for 503', upstream);
      assert.equal(error.code, 'server_is_overloaded');
    }
  });

  it('without a diagnosis the llmdoctor block still carries the request id', () => {
    const body = JSON.parse(OPENAI_WIRE.errorResponse(gatewayError(500, null)).body) as { error: OurError };
    assert.deepEqual(body.error.llmdoctor, { category: null, title: null, cause: null, fixes: [], request_id: 'req_gw_123' });
    assert.equal(body.error.type, 'server_error');
  });
});

describe('OPENAI_WIRE.streamError with the openai SDK', () => {
  const sse = { 'content-type': 'text/event-stream; charset=utf-8' };
  const failure = gatewayError(502, 'network_reset', { message: 'The upstream connection dropped mid-answer.' });

  it('is never an end marker', () => {
    const frame = OPENAI_WIRE.streamError(failure);
    assert.ok(!frame.includes('[DONE]'));
    assert.ok(!frame.includes('response.completed'));
    assert.ok(frame.endsWith('\n\n'));
    const events = OPENAI_WIRE.streamReader({ hideUsage: false }).push(frame);
    assert.equal(events.length, 1);
    assert.equal(events[0]?.terminates, false);
    assert.ok(events[0]?.error, 'our own reader sees it as an error');
  });

  it('a chat stream raises an APIError after the content that came first', async () => {
    const chunk = (delta: string) => `data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":${delta},"finish_reason":null}]}\n\n`;
    next = { status: 200, headers: sse, body: chunk('{"role":"assistant","content":""}') + chunk('{"content":"Hello"}') + OPENAI_WIRE.streamError(failure) };
    const stream = await client().chat.completions.create({ ...ask, stream: true });
    let text = '';
    const error = await raised(
      (async () => {
        for await (const part of stream) text += part.choices[0]?.delta.content ?? '';
      })(),
    );
    assert.equal(text, 'Hello');
    assert.equal(error.message, 'The upstream connection dropped mid-answer.');
    assert.equal(error.status, undefined);
    assert.equal((error.error as OurError).llmdoctor.category, 'network_reset');
  });

  it('a Responses stream raises an APIError after the content that came first', async () => {
    const event = (type: string, fields: Record<string, unknown>, n: number) => `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: n, ...fields })}\n\n`;
    next = {
      status: 200,
      headers: sse,
      body:
        event('response.created', { response: { id: 'resp_1', object: 'response', status: 'in_progress', output: [] } }, 0) +
        event('response.output_text.delta', { item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'Hello' }, 1) +
        OPENAI_WIRE.streamError(failure),
    };
    const stream = await client().responses.create({ model: 'gpt-4o-mini', input: 'Hi', stream: true });
    let text = '';
    const error = await raised(
      (async () => {
        for await (const e of stream) if (e.type === 'response.output_text.delta') text += e.delta;
      })(),
    );
    assert.equal(text, 'Hello');
    assert.equal(error.message, 'The upstream connection dropped mid-answer.');
    assert.equal((error.error as OurError).llmdoctor.request_id, 'req_gw_123');
  });

  it('the chat stream helper and the Responses stream helper raise as well', async () => {
    next = { status: 200, headers: sse, body: OPENAI_WIRE.streamError(failure) };
    const chat = client().chat.completions.stream(ask);
    await raised(chat.finalChatCompletion());
    const responses = client().responses.stream({ model: 'gpt-4o-mini', input: 'Hi' });
    await raised(responses.finalResponse());
  });
});
