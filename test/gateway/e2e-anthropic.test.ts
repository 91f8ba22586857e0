import type Anthropic from '@anthropic-ai/sdk';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { anthropicClient, ANTHROPIC_SDK, MAX_TOKENS } from './support/anthropic-calls.js';
import { headerMap, PROMPT } from './support/call-outcome.js';
import { describeFaultScenarios } from './support/fault-matrix.js';
import { describeFinalErrors } from './support/final-errors.js';
import { gatewayConfig, startRig, type Rig } from './support/harness.js';
import { RecordLog } from './support/record-log.js';

/** The Anthropic SDK against the gateway with only its base URL changed, compared with the mock's own answers. */
describe('anthropic SDK through the gateway: the formats', () => {
  const ROUTE = 'claude';
  // Not one the SDK warns about as deprecated (it prints to the console on every call)
  const MODEL = 'claude-haiku-4-5';
  let rig: Rig;
  let gateway: Anthropic;
  let direct: Anthropic;
  const log = new RecordLog();
  const request = { max_tokens: MAX_TOKENS, messages: [{ role: 'user' as const, content: PROMPT }] };

  before(async () => {
    let key = '';
    rig = await startRig(
      (mock) => {
        key = mock.issueKey('anthropic');
        return gatewayConfig(mock, [{ name: 'anthropic-main', provider: 'anthropic', keys: [key] }], [{ model: ROUTE, targets: [{ upstream: 'anthropic-main', model: MODEL }] }]);
      },
      { onRecord: log.onRecord },
    );
    gateway = anthropicClient(rig.gateway.url);
    direct = anthropicClient(rig.mock.baseUrls.anthropic, key);
  });

  after(() => rig?.close());

  function checkServed(headers: Headers, model: string): string {
    const served = headerMap(headers);
    assert.match(served['x-llmdoctor-request-id'] ?? '', /^req_[0-9a-f]{32}$/);
    assert.equal(served['x-llmdoctor-attempts'], '1');
    assert.equal(served['x-llmdoctor-upstream'], 'anthropic-main');
    assert.equal(served['x-llmdoctor-model'], model);
    return served['x-llmdoctor-request-id']!;
  }

  function textOf(message: Anthropic.Message): string {
    return message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
  }

  it('messages.create: the mock\'s message, the served model in x-llmdoctor-model, the usage recorded', async () => {
    const { data, response } = await gateway.messages.create({ model: ROUTE, ...request }).withResponse();
    const expected = await direct.messages.create({ model: MODEL, ...request });
    assert.ok(textOf(expected).length > 0);
    assert.equal(data.id, expected.id);
    assert.deepEqual(data.content, expected.content);
    assert.equal(data.stop_reason, expected.stop_reason);
    assert.deepEqual(data.usage, expected.usage);
    const record = await log.waitFor(checkServed(response.headers, MODEL));
    assert.deepEqual(record.usage, { inputTokens: expected.usage.input_tokens, outputTokens: expected.usage.output_tokens });
  });

  it('messages.stream: finalText and finalMessage are the mock\'s answer', async () => {
    const stream = gateway.messages.stream({ model: ROUTE, ...request });
    const { response } = await stream.withResponse();
    const text = await stream.finalText();
    const message = await stream.finalMessage();
    const expected = await direct.messages.create({ model: MODEL, ...request });
    assert.equal(text, textOf(expected));
    assert.equal(message.stop_reason, expected.stop_reason);
    assert.equal(message.usage.output_tokens, expected.usage.output_tokens);
    const record = await log.waitFor(checkServed(response.headers, MODEL));
    assert.deepEqual(record.usage, { inputTokens: expected.usage.input_tokens, outputTokens: expected.usage.output_tokens });
  });

  it('messages.create with stream: true: the events carry the same text, stop reason and usage', async () => {
    const { data: stream, response } = await gateway.messages.create({ model: ROUTE, ...request, stream: true }).withResponse();
    const types: string[] = [];
    let text = '';
    let stop: string | null = null;
    let output = 0;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
      if (event.type === 'message_delta') {
        stop = event.delta.stop_reason;
        output = event.usage.output_tokens;
      }
    }
    const expected = await direct.messages.create({ model: MODEL, ...request });
    assert.equal(text, textOf(expected));
    assert.equal(stop, expected.stop_reason);
    assert.equal(output, expected.usage.output_tokens);
    assert.equal(types[0], 'message_start');
    assert.equal(types[types.length - 1], 'message_stop');
    checkServed(response.headers, MODEL);
  });

  it('messages.countTokens: the mock\'s count', async () => {
    const countRequest = { messages: request.messages };
    const { data, response } = await gateway.messages.countTokens({ model: ROUTE, ...countRequest }).withResponse();
    const expected = await direct.messages.countTokens({ model: MODEL, ...countRequest });
    assert.ok(expected.input_tokens > 0);
    assert.deepEqual(data, expected);
    checkServed(response.headers, MODEL);
  });

  it('models.list: the upstream\'s listing', async () => {
    const page = await gateway.models.list();
    const expected = await direct.models.list();
    assert.ok(expected.data.length > 0);
    assert.deepEqual(page.data.map((model) => model.id), expected.data.map((model) => model.id));
  });
});

describeFaultScenarios(ANTHROPIC_SDK);
describeFinalErrors(ANTHROPIC_SDK);
