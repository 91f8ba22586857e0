import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Anthropic, { BadRequestError } from '@anthropic-ai/sdk';
import { startMock, type RunningMock } from '../../src/mock/start-mock.js';

/** Extended thinking through @anthropic-ai/sdk: the thinking block, signed, before the text, streamed or not; and the API's refusals. */

const ASK = {
  model: 'claude-sonnet-4-5',
  max_tokens: 2000,
  thinking: { type: 'enabled' as const, budget_tokens: 1024 },
  messages: [{ role: 'user' as const, content: 'Think, then answer.' }],
};

describe('Anthropic extended thinking through the official SDK', () => {
  let mock: RunningMock;
  let client: Anthropic;
  before(async () => {
    mock = await startMock({ seed: 9 });
    client = new Anthropic({ apiKey: mock.issueKey('anthropic'), baseURL: mock.baseUrls.anthropic, maxRetries: 0 });
  });
  after(() => mock.close());

  it('answers with a signed thinking block, then the text; streamed equals whole', async () => {
    const whole = await client.messages.create(ASK);
    const stream = client.messages.stream(ASK);
    let thinkingDeltas = 0;
    let signature = '';
    stream.on('thinking', () => thinkingDeltas++);
    stream.on('signature', (s) => (signature = s));
    const streamed = await stream.finalMessage();
    assert.deepEqual(streamed.content.map((b) => b.type), ['thinking', 'text']);
    assert.deepEqual(streamed.content, whole.content);
    const thinking = streamed.content[0]!;
    assert.ok(thinking.type === 'thinking' && thinking.thinking.split(' ').length >= 10);
    assert.match(thinking.signature, /^[A-Za-z0-9+/]{200,}={0,2}$/);
    assert.equal(signature, thinking.signature);
    assert.ok(thinkingDeltas > 10);
    assert.equal(streamed.stop_reason, 'end_turn');
    assert.equal(streamed.usage.output_tokens, whole.usage.output_tokens);
    const text = streamed.content[1]!;
    assert.ok(text.type === 'text' && text.text.length > 0);
  });

  it('refuses what the API refuses: a budget under 1024, max_tokens not above it, thinking with a forced tool', async () => {
    const refusal = async (body: Anthropic.MessageCreateParamsNonStreaming) => {
      const error = await client.messages.create(body).catch((e: unknown) => e);
      assert.ok(error instanceof BadRequestError, String(error));
      return (error.error as { error: { message: string } }).error.message;
    };
    assert.equal(await refusal({ ...ASK, thinking: { type: 'enabled', budget_tokens: 512 } }), 'thinking.enabled.budget_tokens: Input should be greater than or equal to 1024');
    assert.equal(await refusal({ ...ASK, max_tokens: 1024 }), '`max_tokens` must be greater than `thinking.budget_tokens`.');
    const tools = [{ name: 'lookup', input_schema: { type: 'object' as const, properties: { word: { type: 'string' } } } }];
    assert.equal(await refusal({ ...ASK, tools, tool_choice: { type: 'any' } }), 'Thinking may not be enabled when tool_choice forces tool use.');
  });

  it('thinking off (absent or disabled) answers with text only', async () => {
    const message = await client.messages.create({ ...ASK, thinking: { type: 'disabled' } });
    assert.deepEqual(message.content.map((b) => b.type), ['text']);
  });
});
