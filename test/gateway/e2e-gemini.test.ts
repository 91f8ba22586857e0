import type { GoogleGenAI } from '@google/genai';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { headerMap, PROMPT } from './support/call-outcome.js';
import { describeFaultScenarios } from './support/fault-matrix.js';
import { describeFinalErrors } from './support/final-errors.js';
import { geminiClient, geminiRefusal, GEMINI_SDK } from './support/gemini-calls.js';
import { gatewayConfig, startRig, type Rig } from './support/harness.js';
import { RecordLog } from './support/record-log.js';

/** The Gemini SDK against the gateway with only its base URL changed, compared with the mock's own answers. */
describe('gemini SDK through the gateway: the formats', () => {
  const ROUTE = 'gemini-smart';
  const MODEL = 'gemini-2.5-flash';
  const EMBEDDING_MODEL = 'gemini-embedding-001';
  let rig: Rig;
  let gateway: GoogleGenAI;
  let direct: GoogleGenAI;
  const log = new RecordLog();

  before(async () => {
    let key = '';
    rig = await startRig(
      (mock) => {
        key = mock.issueKey('gemini');
        return gatewayConfig(mock, [{ name: 'gemini-main', provider: 'gemini', keys: [key] }], [{ model: ROUTE, targets: [{ upstream: 'gemini-main', model: MODEL }] }]);
      },
      { onRecord: log.onRecord },
    );
    gateway = geminiClient(rig.gateway.url).client;
    direct = geminiClient(rig.mock.baseUrls.gemini, key).client;
  });

  after(() => rig?.close());

  function checkServed(headers: Record<string, string> | undefined, model: string): string {
    const served = headerMap(headers);
    assert.match(served['x-llmdoctor-request-id'] ?? '', /^req_[0-9a-f]{32}$/);
    assert.equal(served['x-llmdoctor-attempts'], '1');
    assert.equal(served['x-llmdoctor-upstream'], 'gemini-main');
    assert.equal(served['x-llmdoctor-model'], model);
    return served['x-llmdoctor-request-id']!;
  }

  it('generateContent: the mock\'s answer, the served model in x-llmdoctor-model, the usage recorded', async () => {
    const answer = await gateway.models.generateContent({ model: ROUTE, contents: PROMPT });
    const expected = await direct.models.generateContent({ model: MODEL, contents: PROMPT });
    assert.ok((expected.text ?? '').length > 0);
    assert.equal(answer.text, expected.text);
    assert.deepEqual(answer.candidates, expected.candidates);
    assert.deepEqual(answer.usageMetadata, expected.usageMetadata);
    assert.equal(answer.responseId, expected.responseId);
    const record = await log.waitFor(checkServed(answer.sdkHttpResponse?.headers, MODEL));
    assert.deepEqual(record.usage, { inputTokens: expected.usageMetadata!.promptTokenCount, outputTokens: expected.usageMetadata!.candidatesTokenCount });
  });

  it('generateContentStream: the same text in chunks, finished, with its usage', async () => {
    let text = '';
    let finish: string | undefined;
    let headers: Record<string, string> | undefined;
    let chunks = 0;
    for await (const chunk of await gateway.models.generateContentStream({ model: ROUTE, contents: PROMPT })) {
      chunks++;
      text += chunk.text ?? '';
      finish = chunk.candidates?.[0]?.finishReason ?? finish;
      headers = chunk.sdkHttpResponse?.headers;
    }
    const expected = await direct.models.generateContent({ model: MODEL, contents: PROMPT });
    assert.ok(chunks > 1, 'streamed in several chunks');
    assert.equal(text, expected.text);
    assert.equal(finish, 'STOP');
    const record = await log.waitFor(checkServed(headers, MODEL));
    assert.deepEqual(record.usage, { inputTokens: expected.usageMetadata!.promptTokenCount, outputTokens: expected.usageMetadata!.candidatesTokenCount });
  });

  it('countTokens: the mock\'s count', async () => {
    const counted = await gateway.models.countTokens({ model: ROUTE, contents: PROMPT });
    const expected = await direct.models.countTokens({ model: MODEL, contents: PROMPT });
    assert.ok((expected.totalTokens ?? 0) > 0);
    assert.equal(counted.totalTokens, expected.totalTokens);
    checkServed(counted.sdkHttpResponse?.headers, MODEL);
  });

  it('embedContent: what the mock itself answers (the mock has no Gemini embeddings yet: its 404 comes back as it is)', async () => {
    const contents = ['one text', 'another'];
    const settle = (client: GoogleGenAI) =>
      client.models.embedContent({ model: EMBEDDING_MODEL, contents }).then(
        (answer) => ({ embeddings: answer.embeddings }),
        (error: unknown) => {
          const refusal = geminiRefusal(error, {});
          return refusal.ok ? refusal : { status: refusal.status, message: refusal.message };
        },
      );
    const expected = await settle(direct);
    assert.deepEqual(await settle(gateway), expected);
  });

  it('models.list: the upstream\'s listing', async () => {
    const names = async (client: GoogleGenAI) => {
      const found: string[] = [];
      for await (const model of await client.models.list()) found.push(model.name ?? '');
      return found;
    };
    const expected = await names(direct);
    assert.ok(expected.includes(`models/${MODEL}`));
    assert.deepEqual(await names(gateway), expected);
  });
});

describeFaultScenarios(GEMINI_SDK);
describeFinalErrors(GEMINI_SDK);
