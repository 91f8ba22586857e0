import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { startMock, type RunningMock } from '../../src/mock/start-mock.js';

/**
 * Several answers to one request (OpenAI `n`, Gemini `candidateCount`) through the official SDKs: each answer is
 * drawn on its own, streamed or not the same, and the usage counts them all.
 */

const PROMPT = 'Suggest a name for a cat.';

describe('several answers through the official SDKs', () => {
  let mock: RunningMock;
  let openai: OpenAI;
  let gemini: GoogleGenAI;

  before(async () => {
    mock = await startMock({ seed: 11 });
    openai = new OpenAI({ apiKey: mock.issueKey('openai'), baseURL: mock.baseUrls.openai, maxRetries: 0, logLevel: 'off' });
    gemini = new GoogleGenAI({ apiKey: mock.issueKey('gemini'), httpOptions: { baseUrl: mock.baseUrls.gemini } });
  });
  after(() => mock.close());

  const chat = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: PROMPT }] };

  describe('OpenAI n', () => {
    it('n=3 gives three choices, indexed, each its own text; the first is the answer n=1 gives', async () => {
      const three = await openai.chat.completions.create({ ...chat, n: 3 });
      const one = await openai.chat.completions.create(chat);
      assert.deepEqual(three.choices.map((c) => c.index), [0, 1, 2]);
      const texts = three.choices.map((c) => c.message.content);
      assert.equal(new Set(texts).size, 3, 'three different answers');
      assert.equal(texts[0], one.choices[0]!.message.content);
      assert.ok(three.usage!.completion_tokens > one.usage!.completion_tokens, 'the usage counts every choice');
      assert.equal(three.usage!.prompt_tokens, one.usage!.prompt_tokens, 'the prompt is counted once');
    });

    it('streamed, each choice has its own role, deltas and finish; the choices take turns; the texts and usage equal the whole answer', async () => {
      const whole = await openai.chat.completions.create({ ...chat, n: 2 });
      const stream = await openai.chat.completions.create({ ...chat, n: 2, stream: true, stream_options: { include_usage: true } });
      const order: number[] = [];
      const texts = ['', ''];
      const roles = [0, 0];
      const finishes: (string | null)[] = [null, null];
      let usage: OpenAI.CompletionUsage | null | undefined;
      for await (const chunk of stream) {
        usage = chunk.usage ?? usage;
        assert.ok(chunk.choices.length <= 1, 'one choice per chunk');
        for (const choice of chunk.choices) {
          order.push(choice.index);
          if (choice.delta.role) roles[choice.index]!++;
          texts[choice.index] += choice.delta.content ?? '';
          finishes[choice.index] = choice.finish_reason ?? finishes[choice.index]!;
        }
      }
      assert.deepEqual(roles, [1, 1]);
      assert.deepEqual(order.slice(0, 4), [0, 1, 0, 1], 'the choices take turns');
      assert.deepEqual(texts, whole.choices.map((c) => c.message.content));
      assert.deepEqual(finishes, whole.choices.map((c) => c.finish_reason));
      assert.equal(usage?.completion_tokens, whole.usage!.completion_tokens);
    });

    it('refuses an n that is not a count from 1 to 128, in the API\'s words', async () => {
      const cases: Array<[unknown, string, RegExp]> = [
        [0, 'integer_below_min_value', /Invalid 'n': integer below minimum value\. Expected a value >= 1, but got 0 instead\./],
        [129, 'integer_above_max_value', /Invalid 'n': integer above maximum value\. Expected a value <= 128, but got 129 instead\./],
        [1.5, 'invalid_type', /Invalid type for 'n'/],
      ];
      for (const [n, code, message] of cases) {
        const error = await openai.chat.completions.create({ ...chat, n: n as number }).catch((e: unknown) => e);
        assert.ok(error instanceof OpenAI.BadRequestError, `n=${String(n)}: ${String(error)}`);
        assert.equal(error.code, code);
        assert.equal(error.param, 'n');
        assert.match(error.message, message);
      }
    });
  });

  describe('Gemini candidateCount', () => {
    const request = { model: 'gemini-2.5-flash', contents: PROMPT, config: { candidateCount: 2 } };

    it('gives two candidates, indexed, each its own text, counted together', async () => {
      const two = await gemini.models.generateContent(request);
      const one = await gemini.models.generateContent({ ...request, config: {} });
      assert.deepEqual(two.candidates!.map((c) => c.index), [0, 1]);
      const texts = two.candidates!.map((c) => c.content!.parts![0]!.text);
      assert.notEqual(texts[0], texts[1]);
      assert.equal(texts[0], one.text);
      assert.ok(two.usageMetadata!.candidatesTokenCount! > one.usageMetadata!.candidatesTokenCount!);
    });

    it('streamed, each chunk carries a piece of every candidate still going; texts and final usage equal the whole answer', async () => {
      const whole = await gemini.models.generateContent(request);
      const texts = ['', ''];
      let usage: number | undefined;
      let first = true;
      for await (const chunk of await gemini.models.generateContentStream(request)) {
        if (first) assert.deepEqual(chunk.candidates!.map((c) => c.index), [0, 1], 'both candidates start together');
        first = false;
        for (const candidate of chunk.candidates!) texts[candidate.index!] += candidate.content!.parts![0]!.text ?? '';
        usage = chunk.usageMetadata?.candidatesTokenCount;
      }
      assert.deepEqual(texts, whole.candidates!.map((c) => c.content!.parts![0]!.text));
      assert.equal(usage, whole.usageMetadata!.candidatesTokenCount);
    });
  });
});
