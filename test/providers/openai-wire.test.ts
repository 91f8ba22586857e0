import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AZURE_OPENAI_DIALECT } from '../../src/providers/azure-openai/dialect.js';
import { OPENAI_COMPATIBLE_DIALECT, OPENAI_DIALECT } from '../../src/providers/openai/dialect.js';
import { OPENAI_WIRE } from '../../src/providers/openai/wire.js';
import type { EndpointMatch } from '../../src/providers/wire.js';

const wire = OPENAI_WIRE;

function matched(method: string, path: string): EndpointMatch {
  const match = wire.match(method, path, {});
  assert.ok(match, `${method} ${path} should match`);
  return match;
}

describe('OPENAI_WIRE.match', () => {
  it('recognises the generating endpoints, with the model in the body', () => {
    for (const [path, operation] of [
      ['/v1/chat/completions', 'chat.completions'],
      ['/v1/responses', 'responses'],
      ['/v1/completions', 'completions'],
    ] as const) {
      assert.deepEqual(matched('POST', path), { family: 'openai', operation, generates: true, modelIn: 'body', pathModel: null, hasBody: true });
    }
  });

  it('embeddings do not generate', () => {
    assert.deepEqual(matched('post', '/v1/embeddings'), { family: 'openai', operation: 'embeddings', generates: false, modelIn: 'body', pathModel: null, hasBody: true });
  });

  it('lists models with no model and no body', () => {
    assert.deepEqual(matched('GET', '/v1/models'), { family: 'openai', operation: 'models.list', generates: false, modelIn: 'none', pathModel: null, hasBody: false });
  });

  it('gets one model: the id from the path, decoded, fine-tuned and org/name ids whole', () => {
    assert.equal(matched('GET', '/v1/models/gpt-4o-mini').pathModel, 'gpt-4o-mini');
    assert.equal(matched('GET', '/v1/models/ft:gpt-4o-mini-2024-07-18:acme::9xYz').pathModel, 'ft:gpt-4o-mini-2024-07-18:acme::9xYz');
    assert.equal(matched('GET', '/v1/models/ft%3Agpt-4o-mini%3Aacme').pathModel, 'ft:gpt-4o-mini:acme');
    assert.equal(matched('GET', '/v1/models/meta-llama/Llama-3.3-70B').pathModel, 'meta-llama/Llama-3.3-70B');
    const get = matched('GET', '/v1/models/gpt-4o');
    assert.equal(get.operation, 'models.get');
    assert.equal(get.modelIn, 'path');
    assert.equal(get.hasBody, false);
  });

  it('a stored response or conversation: the id from the path, no model, the path kept for the upstream', () => {
    for (const [method, path, operation, id, hasBody] of [
      ['GET', '/v1/responses/resp_abc123', 'responses.get', 'resp_abc123', false],
      ['DELETE', '/v1/responses/resp_abc123', 'responses.delete', 'resp_abc123', false],
      ['GET', '/v1/responses/resp_abc123/input_items', 'responses.input_items', 'resp_abc123', false],
      ['POST', '/v1/responses/resp_abc123/cancel', 'responses.cancel', 'resp_abc123', false],
      ['GET', '/v1/conversations/conv_1', 'conversations.get', 'conv_1', false],
      ['POST', '/v1/conversations/conv_1', 'conversations.update', 'conv_1', true],
      ['DELETE', '/v1/conversations/conv_1', 'conversations.delete', 'conv_1', false],
      ['GET', '/v1/conversations/conv_1/items', 'conversations.items.list', 'conv_1', false],
      ['POST', '/v1/conversations/conv_1/items', 'conversations.items.create', 'conv_1', true],
      ['GET', '/v1/conversations/conv_1/items/msg_2', 'conversations.items.get', 'conv_1', false],
      ['DELETE', '/v1/conversations/conv_1/items/msg_2', 'conversations.items.delete', 'conv_1', false],
    ] as const) {
      const objectPath = path.slice('/v1'.length);
      assert.deepEqual(matched(method, path), { family: 'openai', operation, generates: false, modelIn: 'none', pathModel: null, hasBody, answerId: id, objectPath });
    }
    assert.deepEqual(matched('POST', '/v1/conversations'), {
      family: 'openai', operation: 'conversations.create', generates: false, modelIn: 'none', pathModel: null, hasBody: true, objectPath: '/conversations',
    });
  });

  it('names the stored response a request needs: the one in its path, or the one it continues', () => {
    const needed = (method: string, path: string, body: Record<string, unknown> | null) => wire.answerNeeded(matched(method, path), body);
    assert.equal(needed('GET', '/v1/responses/resp_1', null), 'resp_1');
    assert.equal(needed('POST', '/v1/responses', { model: 'm', input: 'x', previous_response_id: 'resp_2' }), 'resp_2');
    assert.equal(needed('POST', '/v1/responses', { model: 'm', input: 'x' }), null);
    assert.equal(needed('POST', '/v1/chat/completions', { model: 'm', previous_response_id: 'resp_2' }), null, 'only the Responses API continues stored responses');
    assert.equal(needed('POST', '/v1/responses', { model: 'm', input: 'x', conversation: 'conv_3' }), 'conv_3');
    assert.equal(needed('POST', '/v1/responses', { model: 'm', input: 'x', conversation: { id: 'conv_4' } }), 'conv_4');
    assert.equal(needed('GET', '/v1/conversations/conv_5/items', null), 'conv_5');
    assert.equal(needed('POST', '/v1/conversations', {}), null, 'a new conversation needs none');
  });

  it('an answer is stored unless the request said store: false; only responses and conversations are', () => {
    assert.equal(wire.storedAnswerId({ id: 'resp_1', object: 'response', store: true }), 'resp_1');
    assert.equal(wire.storedAnswerId({ id: 'resp_1', object: 'response', store: false }), null);
    assert.equal(wire.storedAnswerId({ id: 'chatcmpl-1', object: 'chat.completion' }), null);
    assert.equal(wire.storedAnswerId({ id: 'conv_1', object: 'conversation', created_at: 1, metadata: {} }), 'conv_1');
    assert.equal(wire.storedAnswerId(undefined), null);
  });

  it('matches nothing else', () => {
    for (const [method, path] of [
      ['PUT', '/v1/responses/resp_1'],
      ['POST', '/v1/responses/resp_1'],
      ['GET', '/v1/responses/'],
      ['GET', '/v1/responses/resp_1/other'],
      ['GET', '/v1/responses/..%2Fmodels'],
      ['DELETE', '/v1/responses/resp_1/input_items'],
      ['GET', '/v1/conversations'],
      ['PUT', '/v1/conversations/conv_1'],
      ['GET', '/v1/conversations/conv_1/items/msg_2/more'],
      ['GET', '/v1/conversations/conv%2F1'],
      ['POST', '/v1/messages'],
      ['POST', '/v1/messages/count_tokens'],
      ['GET', '/v1/chat/completions'],
      ['POST', '/v1/models'],
      ['DELETE', '/v1/models/ft:x'],
      ['POST', '/chat/completions'],
      ['POST', '/v1/chat/completions/'],
      ['GET', '/v1/models/'],
      ['GET', '/v1/models/a//b'],
      ['GET', '/v1/models/%E0%A4%A'],
      ['POST', '/v1beta/models/gemini-2.5-flash:generateContent'],
      ['POST', '/v1/toString'],
    ]) {
      assert.equal(wire.match(method as string, path as string, {}), null, `${method} ${path}`);
    }
  });
});

describe('OPENAI_WIRE request bodies', () => {
  it('streaming is body.stream === true', () => {
    const match = matched('POST', '/v1/chat/completions');
    assert.equal(wire.streaming(match, { stream: true }, new URLSearchParams()), true);
    assert.equal(wire.streaming(match, { stream: 'true' }, new URLSearchParams()), false);
    assert.equal(wire.streaming(match, {}, new URLSearchParams('stream=true')), false);
    assert.equal(wire.streaming(match, null, new URLSearchParams()), false);
  });

  it('withModel replaces the model in a copy', () => {
    const body = { model: 'fast', messages: [] };
    const out = wire.withModel(body, 'gpt-4o-mini');
    assert.deepEqual(out, { model: 'gpt-4o-mini', messages: [] });
    assert.equal(body.model, 'fast');
  });

  it('withStreamUsage asks a chat stream for usage and hides it', () => {
    const body = { model: 'm', stream: true, messages: [{ role: 'user', content: 'hi' }], stream_options: { include_obfuscation: false } };
    const { body: out, hideUsage } = wire.withStreamUsage(body);
    assert.equal(hideUsage, true);
    assert.deepEqual(out.stream_options, { include_obfuscation: false, include_usage: true });
    assert.deepEqual(body.stream_options, { include_obfuscation: false }, 'the caller body is not changed');
    // include_usage: false is still a caller who did not ask
    assert.equal(wire.withStreamUsage({ ...body, stream_options: { include_usage: false } }).hideUsage, true);
    // legacy completions stream usage the same way
    assert.equal(wire.withStreamUsage({ model: 'm', stream: true, prompt: 'Say' }).hideUsage, true);
  });

  it('withStreamUsage leaves alone callers who asked, non-streams and Responses', () => {
    const asked = { model: 'm', stream: true, messages: [], stream_options: { include_usage: true } };
    assert.deepEqual(wire.withStreamUsage(asked), { body: asked, hideUsage: false });
    const whole = { model: 'm', messages: [] };
    assert.deepEqual(wire.withStreamUsage(whole), { body: whole, hideUsage: false });
    const responses = { model: 'm', stream: true, input: 'hi' };
    assert.deepEqual(wire.withStreamUsage(responses), { body: responses, hideUsage: false });
  });

  it('estimateTokens: JSON length of the input / 4 plus the output cap', () => {
    const messages = [{ role: 'user', content: 'x'.repeat(400) }];
    const inputTokens = Math.ceil(JSON.stringify(messages).length / 4);
    assert.equal(wire.estimateTokens({ model: 'm', messages }), inputTokens);
    assert.equal(wire.estimateTokens({ model: 'm', messages, max_tokens: 100 }), inputTokens + 100);
    assert.equal(wire.estimateTokens({ model: 'm', messages, max_completion_tokens: 50 }), inputTokens + 50);
    assert.equal(wire.estimateTokens({ model: 'm', input: 'y'.repeat(80), instructions: 'z'.repeat(20), max_output_tokens: 16 }), 25 + 16);
    assert.equal(wire.estimateTokens({ model: 'm', prompt: 'abcdefgh' }), 2);
    assert.equal(wire.estimateTokens({ model: 'm', input: ['a'.repeat(38)] }), Math.ceil(JSON.stringify(['a'.repeat(38)]).length / 4));
    assert.equal(wire.estimateTokens(null), 0);
    assert.equal(wire.estimateTokens({ model: 'm' }), 0);
  });

  it('usageOf reads chat, Responses and embeddings usage', () => {
    assert.deepEqual(wire.usageOf({ object: 'chat.completion', usage: { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 } }), { inputTokens: 12, outputTokens: 7 });
    assert.deepEqual(wire.usageOf({ object: 'response', usage: { input_tokens: 30, output_tokens: 5, total_tokens: 35 } }), { inputTokens: 30, outputTokens: 5 });
    assert.deepEqual(wire.usageOf({ object: 'list', usage: { prompt_tokens: 8, total_tokens: 8 } }), { inputTokens: 8, outputTokens: 0 });
    assert.equal(wire.usageOf({ object: 'list', data: [] }), null);
    assert.equal(wire.usageOf({ usage: null }), null);
    assert.equal(wire.usageOf('text'), null);
  });
});

describe('OPENAI_WIRE.continuation', () => {
  const chat = matched('POST', '/v1/chat/completions');

  it('adds the partial answer as an assistant prefill', () => {
    const body = { model: 'm', stream: true, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Count to five.' }] };
    const next = wire.continuation(chat, body, 'One, two,');
    assert.deepEqual(next, { ...body, messages: [...body.messages, { role: 'assistant', content: 'One, two,' }] });
    assert.equal(body.messages.length, 2, 'the original request is not changed');
  });

  it("continues the caller's own prefill instead of adding a second assistant message", () => {
    const body = { model: 'm', messages: [{ role: 'user', content: 'Count.' }, { role: 'assistant', content: 'One,' }] };
    const next = wire.continuation(chat, body, ' two,');
    assert.deepEqual(next?.messages, [{ role: 'user', content: 'Count.' }, { role: 'assistant', content: 'One, two,' }]);
    assert.equal(body.messages[1]?.content, 'One,');
    const parts = { model: 'm', messages: [{ role: 'user', content: 'Count.' }, { role: 'assistant', content: [{ type: 'text', text: 'One,' }] }] };
    assert.deepEqual((wire.continuation(chat, parts, ' two') as { messages: unknown[] }).messages[1], {
      role: 'assistant',
      content: [{ type: 'text', text: 'One,' }, { type: 'text', text: ' two' }],
    });
  });

  it('cannot continue Responses, embeddings or completions', () => {
    assert.equal(wire.continuation(matched('POST', '/v1/responses'), { model: 'm', input: 'hi' }, 'Hel'), null);
    assert.equal(wire.continuation(matched('POST', '/v1/embeddings'), { model: 'm', input: 'hi' }, 'x'), null);
    assert.equal(wire.continuation(matched('POST', '/v1/completions'), { model: 'm', prompt: 'hi' }, 'x'), null);
  });
});

describe('OpenAI-format dialects', () => {
  const chat = matched('POST', '/v1/chat/completions');
  const query = new URLSearchParams('key=AIzaSecret&api-version=preview&API_KEY=x&Api-Key=y&trace=1');

  it('OpenAI: the operation under the base, the query without credentials', () => {
    assert.equal(OPENAI_DIALECT.provider, 'openai');
    assert.equal(OPENAI_DIALECT.family, 'openai');
    assert.equal(OPENAI_DIALECT.defaultBaseUrl, 'https://api.openai.com/v1');
    const base = OPENAI_DIALECT.normaliseBaseUrl(' https://api.openai.com/v1/ ');
    assert.equal(base, 'https://api.openai.com/v1');
    assert.equal(OPENAI_DIALECT.url(base, chat, 'gpt-4o', query), 'https://api.openai.com/v1/chat/completions?api-version=preview&trace=1');
    assert.equal(OPENAI_DIALECT.url(base, matched('POST', '/v1/responses'), 'gpt-4o', new URLSearchParams()), 'https://api.openai.com/v1/responses');
    assert.equal(OPENAI_DIALECT.url(base, matched('POST', '/v1/embeddings'), 'x', new URLSearchParams()), 'https://api.openai.com/v1/embeddings');
    assert.equal(OPENAI_DIALECT.url(base, matched('POST', '/v1/completions'), 'x', new URLSearchParams()), 'https://api.openai.com/v1/completions');
    assert.equal(OPENAI_DIALECT.url(base, matched('GET', '/v1/models'), null, new URLSearchParams()), 'https://api.openai.com/v1/models');
    assert.equal(OPENAI_DIALECT.probePath(base), 'https://api.openai.com/v1/models');
  });

  it('a stored response\'s operations put its id in the path', () => {
    const base = 'https://api.openai.com/v1';
    assert.equal(OPENAI_DIALECT.url(base, matched('GET', '/v1/responses/resp_9'), null, new URLSearchParams('include[]=x')), `${base}/responses/resp_9?include%5B%5D=x`);
    assert.equal(OPENAI_DIALECT.url(base, matched('DELETE', '/v1/responses/resp_9'), null, new URLSearchParams()), `${base}/responses/resp_9`);
    assert.equal(OPENAI_DIALECT.url(base, matched('GET', '/v1/responses/resp_9/input_items'), null, new URLSearchParams()), `${base}/responses/resp_9/input_items`);
    assert.equal(OPENAI_DIALECT.url(base, matched('POST', '/v1/responses/resp_9/cancel'), null, new URLSearchParams()), `${base}/responses/resp_9/cancel`);
    assert.equal(OPENAI_DIALECT.url(base, matched('GET', '/v1/conversations/conv_9/items/msg_1'), null, new URLSearchParams('order=asc')), `${base}/conversations/conv_9/items/msg_1?order=asc`);
    assert.equal(OPENAI_DIALECT.url(base, matched('POST', '/v1/conversations'), null, new URLSearchParams()), `${base}/conversations`);
  });

  it('models.get puts the target model (or the path model) in the path, `:` readable', () => {
    const get = matched('GET', '/v1/models/ft:gpt-4o-mini:acme::abc');
    assert.equal(OPENAI_DIALECT.url('https://api.openai.com/v1', get, null, new URLSearchParams()), 'https://api.openai.com/v1/models/ft:gpt-4o-mini:acme::abc');
    assert.equal(OPENAI_DIALECT.url('https://api.openai.com/v1', get, 'gpt 4o', new URLSearchParams()), 'https://api.openai.com/v1/models/gpt%204o');
    assert.equal(OPENAI_COMPATIBLE_DIALECT.url('http://127.0.0.1:8000/v1', get, 'meta-llama/Llama-3.3-70B', new URLSearchParams()), 'http://127.0.0.1:8000/v1/models/meta-llama/Llama-3.3-70B');
  });

  it('keeps a base path as written, and a base query next to the caller one', () => {
    assert.equal(OPENAI_COMPATIBLE_DIALECT.normaliseBaseUrl('http://localhost:11434/'), 'http://localhost:11434');
    assert.equal(OPENAI_COMPATIBLE_DIALECT.url('https://relay.example/api', chat, 'm', new URLSearchParams()), 'https://relay.example/api/chat/completions');
    assert.equal(OPENAI_COMPATIBLE_DIALECT.url('https://relay.example/v1?tenant=a', chat, 'm', new URLSearchParams('key=k&x=1')), 'https://relay.example/v1/chat/completions?tenant=a&x=1');
  });

  it('OpenAI-compatible: same format, no default base', () => {
    assert.equal(OPENAI_COMPATIBLE_DIALECT.provider, 'openai-compatible');
    assert.equal(OPENAI_COMPATIBLE_DIALECT.defaultBaseUrl, '');
    assert.deepEqual(OPENAI_COMPATIBLE_DIALECT.authHeaders('sk-test'), { authorization: 'Bearer sk-test' });
  });

  it('Bearer auth for OpenAI, api-key for Azure', () => {
    assert.deepEqual(OPENAI_DIALECT.authHeaders('sk-abc'), { authorization: 'Bearer sk-abc' });
    assert.deepEqual(AZURE_OPENAI_DIALECT.authHeaders('0123abcd'), { 'api-key': '0123abcd' });
  });

  it('Azure: the v1 path is completed from a bare resource URL', () => {
    const d = AZURE_OPENAI_DIALECT;
    assert.equal(d.provider, 'azure-openai');
    assert.equal(d.family, 'openai');
    assert.equal(d.defaultBaseUrl, '');
    assert.equal(d.normaliseBaseUrl('https://acme.openai.azure.com'), 'https://acme.openai.azure.com/openai/v1');
    assert.equal(d.normaliseBaseUrl('https://acme.openai.azure.com/'), 'https://acme.openai.azure.com/openai/v1');
    assert.equal(d.normaliseBaseUrl('https://acme.openai.azure.com/openai'), 'https://acme.openai.azure.com/openai/v1');
    assert.equal(d.normaliseBaseUrl('https://acme.openai.azure.com/openai/v1/'), 'https://acme.openai.azure.com/openai/v1');
    assert.equal(d.normaliseBaseUrl('https://acme.cognitiveservices.azure.com'), 'https://acme.cognitiveservices.azure.com/openai/v1');
    assert.equal(d.normaliseBaseUrl('https://acme.openai.azure.com/openai/v1?api-version=preview'), 'https://acme.openai.azure.com/openai/v1?api-version=preview');
    const base = d.normaliseBaseUrl('https://acme.openai.azure.com');
    assert.equal(d.url(base, chat, 'my-gpt4o-deployment', query), 'https://acme.openai.azure.com/openai/v1/chat/completions?api-version=preview&trace=1');
    assert.equal(d.probePath(base), 'https://acme.openai.azure.com/openai/v1/models');
  });

  it('forwards a small allowlist that never holds credentials', () => {
    for (const dialect of [OPENAI_DIALECT, OPENAI_COMPATIBLE_DIALECT, AZURE_OPENAI_DIALECT]) {
      assert.ok(dialect.forwardedHeaders.includes('content-type'));
      assert.ok(dialect.forwardedHeaders.includes('openai-beta'));
      for (const secret of ['authorization', 'api-key', 'cookie', 'x-api-key', 'x-goog-api-key', 'proxy-authorization']) {
        assert.ok(!dialect.forwardedHeaders.includes(secret), `${dialect.provider} forwards ${secret}`);
      }
      for (const name of dialect.forwardedHeaders) assert.equal(name, name.toLowerCase());
    }
  });
});
