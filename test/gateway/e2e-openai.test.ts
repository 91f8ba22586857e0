import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type OpenAI from 'openai';
import { headerMap, PROMPT } from './support/call-outcome.js';
import { describeFaultScenarios } from './support/fault-matrix.js';
import { describeFinalErrors } from './support/final-errors.js';
import { gatewayConfig, startRig, type Rig } from './support/harness.js';
import { openaiClient, OPENAI_SDK } from './support/openai-calls.js';
import { RecordLog } from './support/record-log.js';

/** The OpenAI SDK against the gateway with only its base URL changed: every endpoint, compared with the mock's own answer. */
describe('openai SDK through the gateway: the formats', () => {
  const ROUTE = 'smart';
  const MODEL = 'gpt-4o-mini';
  let rig: Rig;
  let gateway: OpenAI;
  let direct: OpenAI;
  const log = new RecordLog();
  const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: PROMPT }];

  before(async () => {
    let key = '';
    rig = await startRig(
      (mock) => {
        key = mock.issueKey('openai');
        return gatewayConfig(mock, [{ name: 'openai-main', provider: 'openai', keys: [key] }], [
          { model: ROUTE, targets: [{ upstream: 'openai-main', model: MODEL }] },
          { model: 'embedder', targets: [{ upstream: 'openai-main', model: 'text-embedding-3-small' }] },
          { model: 'screen', targets: [{ upstream: 'openai-main', model: 'omni-moderation-2024-09-26' }] },
        ]);
      },
      { onRecord: log.onRecord },
    );
    gateway = openaiClient(`${rig.gateway.url}/v1`);
    direct = openaiClient(rig.mock.baseUrls.openai, key);
  });

  after(() => rig?.close());

  function checkServed(headers: Headers, model: string): string {
    const served = headerMap(headers);
    assert.match(served['x-llmdoctor-request-id'] ?? '', /^req_[0-9a-f]{32}$/);
    assert.equal(served['x-llmdoctor-attempts'], '1');
    assert.equal(served['x-llmdoctor-upstream'], 'openai-main');
    assert.equal(served['x-llmdoctor-model'], model);
    return served['x-llmdoctor-request-id']!;
  }

  it('chat completion: the mock\'s answer, the served model in x-llmdoctor-model, the usage recorded', async () => {
    const { data, response } = await gateway.chat.completions.create({ model: ROUTE, messages }).withResponse();
    const expected = await direct.chat.completions.create({ model: MODEL, messages });
    assert.equal(data.id, expected.id);
    assert.equal(data.model, expected.model);
    assert.deepEqual(data.choices, expected.choices);
    assert.deepEqual(data.usage, expected.usage);
    const record = await log.waitFor(checkServed(response.headers, MODEL));
    assert.deepEqual(record.usage, { inputTokens: expected.usage!.prompt_tokens, outputTokens: expected.usage!.completion_tokens });
    assert.equal(record.route, ROUTE);
    assert.equal(record.modelServed, MODEL);
  });

  it('chat completion streamed: the same text; usage the client did not ask for stays hidden but is recorded', async () => {
    const { data: stream, response } = await gateway.chat.completions.create({ model: ROUTE, messages, stream: true }).withResponse();
    let text = '';
    let finish: string | null = null;
    let usageChunks = 0;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usageChunks++;
    }
    const expected = await direct.chat.completions.create({ model: MODEL, messages });
    assert.equal(text, expected.choices[0]!.message.content);
    assert.equal(finish, 'stop');
    assert.equal(usageChunks, 0, 'the gateway asked for usage on its own behalf and kept it to itself');
    const record = await log.waitFor(checkServed(response.headers, MODEL));
    assert.deepEqual(record.usage, { inputTokens: expected.usage!.prompt_tokens, outputTokens: expected.usage!.completion_tokens });
  });

  it('chat completion streamed with include_usage: the usage chunk reaches the client', async () => {
    const stream = await gateway.chat.completions.create({ model: ROUTE, messages, stream: true, stream_options: { include_usage: true } });
    const usages: OpenAI.CompletionUsage[] = [];
    for await (const chunk of stream) if (chunk.usage) usages.push(chunk.usage);
    const expected = await direct.chat.completions.create({ model: MODEL, messages });
    assert.deepEqual(usages, [expected.usage]);
  });

  it('responses: the same output text and usage, plain and streamed', async () => {
    const { data, response } = await gateway.responses.create({ model: ROUTE, input: PROMPT }).withResponse();
    const expected = await direct.responses.create({ model: MODEL, input: PROMPT });
    assert.ok(expected.output_text.length > 0);
    assert.equal(data.output_text, expected.output_text);
    assert.deepEqual(data.usage, expected.usage);
    checkServed(response.headers, MODEL);

    const stream = await gateway.responses.create({ model: ROUTE, input: PROMPT, stream: true });
    let text = '';
    let completed: OpenAI.Responses.Response | null = null;
    for await (const event of stream) {
      if (event.type === 'response.output_text.delta') text += event.delta;
      if (event.type === 'response.completed') completed = event.response;
    }
    assert.equal(text, expected.output_text);
    assert.equal(completed?.status, 'completed');
    assert.deepEqual(completed?.usage, expected.usage);
  });

  it('embeddings: the same vectors', async () => {
    const { data, response } = await gateway.embeddings.create({ model: 'embedder', input: ['one text', 'another'] }).withResponse();
    const expected = await direct.embeddings.create({ model: 'text-embedding-3-small', input: ['one text', 'another'] });
    assert.equal(data.data.length, 2);
    assert.deepEqual(data.data, expected.data);
    assert.deepEqual(data.usage, expected.usage);
    checkServed(response.headers, 'text-embedding-3-small');
  });

  it('moderations: the same results, on a route and with no model at all (the upstream\'s default)', async () => {
    const input = ['I will kill the process.', 'Good morning.'];
    const { data, response } = await gateway.moderations.create({ model: 'screen', input }).withResponse();
    const expected = await direct.moderations.create({ model: 'omni-moderation-2024-09-26', input });
    assert.deepEqual(data.results, expected.results);
    assert.equal(data.model, 'omni-moderation-2024-09-26');
    assert.deepEqual(data.results.map((result) => result.flagged), [true, false]);
    checkServed(response.headers, 'omni-moderation-2024-09-26');
    const unnamed = await gateway.moderations.create({ input: 'Good morning.' });
    assert.equal(unnamed.model, 'omni-moderation-latest');
    assert.deepEqual(unnamed.results, (await direct.moderations.create({ input: 'Good morning.' })).results);
  });

  it('models.list: the route names first, then the upstream\'s models', async () => {
    const page = await gateway.models.list();
    const expected = await direct.models.list();
    const ids = page.data.map((model) => model.id);
    assert.deepEqual(ids.slice(0, 3), [ROUTE, 'embedder', 'screen']);
    assert.deepEqual(ids.slice(3), expected.data.map((model) => model.id));
    assert.equal(page.data[0]!.owned_by, 'llmdoctor-route');
  });

  it('models.retrieve: the upstream\'s model', async () => {
    const { data, response } = await gateway.models.retrieve('gpt-4o').withResponse();
    assert.deepEqual(data, await direct.models.retrieve('gpt-4o'));
    checkServed(response.headers, 'gpt-4o');
  });
});

describeFaultScenarios(OPENAI_SDK);
describeFinalErrors(OPENAI_SDK);
