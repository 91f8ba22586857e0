import { GoogleGenAI } from '@google/genai';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { fingerprint } from '../../src/core/redact.js';
import { gatewayConfig, startRig, type Rig } from './support/harness.js';
import { RecordLog } from './support/record-log.js';

/**
 * Streams that carry several answers at once: OpenAI `n`, Gemini `candidateCount`. The answers stream side by
 * side and finish one after another, so the first answer's finish is not the stream's. A prefill continues one
 * answer, so a cut stream cannot be resumed: the others would start over inside the client's accumulated
 * choices. Either way a cut must reach the client as an error, never as a finished answer.
 */

const LIMIT = { timeout: 30_000 };
const OPENAI_MODEL = 'gpt-4o-mini';
const GEMINI_MODEL = 'gemini-2.5-flash';

/** A chat chunk of choice `index` (an OpenAI-compatible server's, as vLLM and others write them). */
const chunk = (index: number, delta: Record<string, unknown>, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'local', choices: [{ index, delta, finish_reason: finish }] })}\n\n`;

/**
 * Two choices: the first finishes, the second has begun. Then the server ends the response cleanly, as a
 * server that failed inside its generation loop can, with no error and no [DONE].
 */
const SECOND_CHOICE_UNFINISHED = [
  chunk(0, { role: 'assistant', content: '' }),
  chunk(1, { role: 'assistant', content: '' }),
  chunk(0, { content: 'Short.' }),
  chunk(1, { content: 'A longer' }),
  chunk(0, {}, 'stop'),
  chunk(1, { content: ' answer' }),
];
/** Both choices finish; only the end marker is missing. */
const BOTH_FINISHED = [...SECOND_CHOICE_UNFINISHED, chunk(1, {}, 'stop')];

/** An OpenAI-compatible upstream that streams `script` for every chat request and ends the response. */
async function scriptedUpstream(script: () => string[]): Promise<{ server: Server; baseUrl: string }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(script().join(''));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1` };
}

describe('e2e: streams with several answers', () => {
  let rig: Rig;
  const log = new RecordLog();
  let keys: { openaiOk: string; openaiCut: string; geminiOk: string; geminiCut: string };
  let openai: OpenAI;
  let gemini: GoogleGenAI;
  let scripted: { server: Server; baseUrl: string };
  let script = SECOND_CHOICE_UNFINISHED;

  before(async () => {
    scripted = await scriptedUpstream(() => script);
    rig = await startRig(
      (mock) => {
        keys = {
          openaiOk: mock.issueKey('openai'),
          openaiCut: mock.issueKey('openai', 'stream_cut'),
          geminiOk: mock.issueKey('gemini'),
          geminiCut: mock.issueKey('gemini', 'stream_cut'),
        };
        const policies = { attemptsPerTarget: 1 };
        return gatewayConfig(
          mock,
          [
            { name: 'openai-ok', provider: 'openai', keys: [keys.openaiOk] },
            { name: 'openai-cut', provider: 'openai', keys: [keys.openaiCut] },
            { name: 'gemini-ok', provider: 'gemini', keys: [keys.geminiOk] },
            { name: 'gemini-cut', provider: 'gemini', keys: [keys.geminiCut] },
            { name: 'scripted', provider: 'openai-compatible', keys: ['local-key'], baseUrl: scripted.baseUrl },
          ],
          [
            { model: 'many', targets: [{ upstream: 'openai-ok', model: OPENAI_MODEL }], policies },
            // A fallback that could take a continuation, if one were (wrongly) asked of it
            { model: 'many-cut', targets: [{ upstream: 'openai-cut', model: OPENAI_MODEL }, { upstream: 'openai-ok', model: OPENAI_MODEL }], policies },
            { model: 'scripted', targets: [{ upstream: 'scripted', model: 'local' }], policies },
            { model: 'gemini-many', targets: [{ upstream: 'gemini-ok', model: GEMINI_MODEL }], policies },
            { model: 'gemini-many-cut', targets: [{ upstream: 'gemini-cut', model: GEMINI_MODEL }, { upstream: 'gemini-ok', model: GEMINI_MODEL }], policies },
          ],
          { breaker: { failureThreshold: 1_000 } },
        );
      },
      { onRecord: log.onRecord },
    );
    openai = new OpenAI({ baseURL: `${rig.gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    gemini = new GoogleGenAI({ apiKey: 'unused', httpOptions: { baseUrl: rig.gateway.url } });
  });
  after(async () => {
    await rig?.close();
    scripted?.server.close();
  });

  function attemptsSince() {
    const from = rig.mock.attempts().length;
    return () => rig.mock.attempts().slice(from).map((a) => [a.keyFingerprint, a.outcome]);
  }

  /** The same request answered whole by the mock: the texts each choice must have, and the output tokens of all. */
  async function wholeChoices(prompt: string, n: number): Promise<{ texts: string[]; outputTokens: number }> {
    const direct = new OpenAI({ baseURL: `${rig.mock.url}/openai/v1`, apiKey: keys.openaiOk, maxRetries: 0 });
    const answer = await direct.chat.completions.create({ model: OPENAI_MODEL, n, messages: [{ role: 'user', content: prompt }] });
    return { texts: answer.choices.map((choice) => choice.message.content ?? ''), outputTokens: answer.usage!.completion_tokens };
  }

  it('openai n=3: every choice streams through whole, with the usage of all three', LIMIT, async () => {
    const prompt = 'Give me three openings.';
    const expected = await wholeChoices(prompt, 3);
    const { data: stream, response } = await openai.chat.completions
      .create({ model: 'many', n: 3, stream: true, messages: [{ role: 'user', content: prompt }] })
      .withResponse();
    const texts = ['', '', ''];
    const finishes: (string | null)[] = [null, null, null];
    for await (const chunk of stream) {
      for (const choice of chunk.choices) {
        texts[choice.index] += choice.delta.content ?? '';
        finishes[choice.index] = choice.finish_reason ?? finishes[choice.index]!;
      }
    }
    assert.deepEqual(texts, expected.texts);
    assert.deepEqual(finishes, ['stop', 'stop', 'stop']);
    const record = await log.waitFor(response.headers.get('x-llmdoctor-request-id'));
    assert.equal(record.attempts.length, 1);
    assert.equal(record.usage!.outputTokens, expected.outputTokens, 'the usage counts every choice');
  });

  it('openai n=2: a cut stream ends in an error whether or not the first choice had finished, and no fallback is asked to continue it', LIMIT, async () => {
    // The mock cuts at the middle delta; the choices take turns and differ in length, so over these prompts
    // the cut comes both before and after the first choice's finish
    const seen = { beforeFirstFinished: 0, afterFirstFinished: 0 };
    for (let i = 0; i < 12; i++) {
      const attempts = attemptsSince();
      const { data: stream, response } = await openai.chat.completions
        .create({ model: 'many-cut', n: 2, stream: true, messages: [{ role: 'user', content: `Two takes on subject ${i}.` }] })
        .withResponse();
      const finishes: (string | null)[] = [null, null];
      let done = false;
      const error = await (async () => {
        for await (const chunk of stream) {
          for (const choice of chunk.choices) finishes[choice.index] = choice.finish_reason ?? finishes[choice.index]!;
        }
        done = true;
      })().catch((e: unknown) => e);
      assert.equal(done, false, `prompt ${i}: a cut stream never ends as a finished answer`);
      assert.ok(error instanceof OpenAI.APIError, String(error));
      assert.match(error.message, /cut after it started/);
      assert.equal(finishes[1], null, `prompt ${i}: the second choice never finished`);
      seen[finishes[0] === null ? 'beforeFirstFinished' : 'afterFirstFinished']++;
      assert.deepEqual(attempts(), [[fingerprint(keys.openaiCut), 'stream_cut']], `prompt ${i}: no continuation was asked of the fallback`);
      const record = await log.waitFor(response.headers.get('x-llmdoctor-request-id'));
      assert.equal(record.resumed, false);
    }
    assert.ok(seen.beforeFirstFinished > 0 && seen.afterFirstFinished > 0, `both cases met: ${JSON.stringify(seen)}`);
  });

  /** The choices' texts and finishes as the SDK hands them over, and the error the stream ended with, if any. */
  async function readChoices(stream: AsyncIterable<OpenAI.ChatCompletionChunk>) {
    const texts = ['', ''];
    const finishes: (string | null)[] = [null, null];
    const error = await (async () => {
      for await (const part of stream) {
        for (const choice of part.choices) {
          texts[choice.index] += choice.delta.content ?? '';
          finishes[choice.index] = choice.finish_reason ?? finishes[choice.index]!;
        }
      }
    })().then(
      () => null,
      (e: unknown) => e,
    );
    return { texts, finishes, error };
  }

  it('openai n=2: an upstream that ends cleanly after the first choice finished is an error, not a finished answer', LIMIT, async () => {
    script = SECOND_CHOICE_UNFINISHED;
    const stream = await openai.chat.completions.create({ model: 'scripted', n: 2, stream: true, messages: [{ role: 'user', content: 'Two answers.' }] });
    const { texts, finishes, error } = await readChoices(stream);
    assert.ok(error instanceof OpenAI.APIError, `the client must see an error, got ${String(error)} with ${JSON.stringify({ texts, finishes })}`);
    assert.match(error.message, /cut after it started/);
    assert.deepEqual(finishes, ['stop', null]);
  });

  it('openai n=2: with both choices finished, a missing [DONE] is supplied and the answer is whole', LIMIT, async () => {
    script = BOTH_FINISHED;
    const stream = await openai.chat.completions.create({ model: 'scripted', n: 2, stream: true, messages: [{ role: 'user', content: 'Two answers.' }] });
    const { texts, finishes, error } = await readChoices(stream);
    assert.equal(error, null);
    assert.deepEqual(texts, ['Short.', 'A longer answer']);
    assert.deepEqual(finishes, ['stop', 'stop']);
  });

  it('gemini candidateCount=2: both candidates stream through whole, though the first finishes chunks before the second', LIMIT, async () => {
    const ai = new GoogleGenAI({ apiKey: keys.geminiOk, httpOptions: { baseUrl: `${rig.mock.url}/gemini` } });
    const request = { model: GEMINI_MODEL, contents: 'Two haiku, please.', config: { candidateCount: 2 } };
    const whole = await ai.models.generateContent(request);
    const texts = ['', ''];
    const finishes: (string | undefined)[] = [undefined, undefined];
    const finishedAtChunk = [-1, -1];
    let chunks = 0;
    for await (const chunk of await gemini.models.generateContentStream({ ...request, model: 'gemini-many' })) {
      for (const candidate of chunk.candidates ?? []) {
        const index = candidate.index ?? 0;
        texts[index] += candidate.content?.parts?.map((part) => part.text ?? '').join('') ?? '';
        if (candidate.finishReason && finishes[index] === undefined) [finishes[index], finishedAtChunk[index]] = [candidate.finishReason, chunks];
      }
      chunks++;
    }
    assert.ok(finishedAtChunk[0]! < finishedAtChunk[1]!, `the first candidate finishes first in this answer: ${finishedAtChunk.join(', ')}`);
    assert.deepEqual(texts, whole.candidates!.map((candidate) => candidate.content!.parts![0]!.text));
    assert.deepEqual(finishes, ['STOP', 'STOP']);
  });

  it('gemini candidateCount=2: a cut stream ends in an error, not continued', LIMIT, async () => {
    const attempts = attemptsSince();
    const seenCandidates = new Set<number>();
    let done = false;
    const error = await (async () => {
      const stream = await gemini.models.generateContentStream({ model: 'gemini-many-cut', contents: 'Two haiku, please.', config: { candidateCount: 2 } });
      for await (const chunk of stream) for (const candidate of chunk.candidates ?? []) seenCandidates.add(candidate.index ?? 0);
      done = true;
    })().catch((e: unknown) => e);
    assert.equal(done, false, 'a cut stream never ends as a finished answer');
    assert.ok(error instanceof Error, String(error));
    assert.match(error.message, /cut after it started/);
    assert.deepEqual([...seenCandidates].sort(), [0, 1], 'both candidates had started');
    assert.deepEqual(attempts(), [[fingerprint(keys.geminiCut), 'stream_cut']]);
  });
});
