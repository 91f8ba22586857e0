import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateCompletion } from '../../src/mock/text-generator.js';
import { geminiStream } from '../../src/providers/gemini/simulated-stream.js';
import { GEMINI_WIRE } from '../../src/providers/gemini/wire.js';
import { openaiStream } from '../../src/providers/openai/simulated-stream.js';
import { OPENAI_WIRE } from '../../src/providers/openai/wire.js';
import { simOperation } from '../../src/providers/simulated-common.js';
import type { Completion, SimOperation } from '../../src/providers/simulator.js';
import type { EndpointMatch, StreamEvent, WireFormat } from '../../src/providers/wire.js';
import { readInPieces } from './wire-support-native.js';

/**
 * Streams that carry several answers (OpenAI `n`, Gemini `candidateCount`): the reader follows the first
 * answer's text, and the stream finishes with the last answer's finish, not the first's. Such an answer is
 * never continued from a prefill. Streams are the simulator's, read in random pieces.
 */

interface Case {
  wire: WireFormat;
  operation: SimOperation['name'];
  model: string;
  request: (answers: number) => Record<string, unknown>;
  stream: (op: SimOperation, completion: Completion) => string;
  /** What an answer's finish looks like in the stream. */
  finishMarker: string;
}

const CASES: Record<'openai' | 'gemini', Case> = {
  openai: {
    wire: OPENAI_WIRE,
    operation: 'chat.completions',
    model: 'gpt-4o-mini',
    request: (n) => ({ model: 'gpt-4o-mini', n, messages: [{ role: 'user', content: 'x' }] }),
    stream: (op, completion) => openaiStream(op, completion).frames.map((f) => f.data).join(''),
    finishMarker: '"finish_reason":"',
  },
  gemini: {
    wire: GEMINI_WIRE,
    operation: 'streamGenerateContent',
    model: 'gemini-2.5-flash',
    request: (count) => ({ contents: [{ parts: [{ text: 'x' }] }], generationConfig: { candidateCount: count } }),
    stream: (op, completion) => geminiStream(op, completion).frames.map((f) => f.data).join(''),
    finishMarker: '"finishReason"',
  },
};

/** The simulator's stream of `answers` answers to `prompt`, with the completion behind it. */
function simulated(kase: Case, prompt: string, answers: number) {
  const op = simOperation(kase.operation, kase.model, { stream: true, promptText: prompt, answers, body: kase.request(answers) });
  const completion = generateCompletion(3, op, 0);
  return { completion, stream: kase.stream(op, completion) };
}

const finishing = (events: StreamEvent[]) => events.filter((event) => event.finishes);
const occurrences = (text: string, marker: string) => text.split(marker).length - 1;

/** Where in the stream each event's text starts and ends. */
function spans(events: StreamEvent[]): Map<StreamEvent, [number, number]> {
  let at = 0;
  return new Map(events.map((event) => [event, [at, (at += event.raw.length)]]));
}
const match = (kase: Case): EndpointMatch =>
  kase === CASES.openai ? OPENAI_WIRE.match('POST', '/v1/chat/completions', {})! : GEMINI_WIRE.match('POST', '/v1beta/models/m:streamGenerateContent', {})!;

for (const [name, kase] of Object.entries(CASES)) {
  describe(`${name}: a stream of several answers`, () => {
    it('finishes once, with the last answer; its text is the first answer\'s', () => {
      for (let i = 0; i < 20; i++) {
        const { completion, stream } = simulated(kase, `prompt ${i}`, 3);
        assert.equal(occurrences(stream, kase.finishMarker), 3, 'the simulator finishes each answer');
        const events = readInPieces(kase.wire.streamReader({ hideUsage: false, request: kase.request(3) }), stream, i);
        assert.equal(events.map((e) => e.raw).join(''), stream);
        assert.equal(finishing(events).length, 1);
        const [from, to] = spans(events).get(finishing(events)[0]!)!;
        const lastFinish = stream.lastIndexOf(kase.finishMarker);
        assert.ok(from <= lastFinish && lastFinish < to, 'the finishing event is the one with the last answer\'s finish');
        assert.equal(events.map((e) => e.text).join(''), completion.text);
      }
    });

    it('cut before its last answer finished, has not finished', () => {
      const { stream } = simulated(kase, 'prompt 1', 3);
      const cutBeforeTheLast = stream.slice(0, stream.lastIndexOf(kase.finishMarker));
      const cut = readInPieces(kase.wire.streamReader({ hideUsage: false, request: kase.request(3) }), cutBeforeTheLast, 2);
      assert.equal(finishing(cut).length, 0);
    });

    it('one answer asked for reads as before: the first finish ends it', () => {
      const { completion, stream } = simulated(kase, 'prompt 2', 1);
      const events = readInPieces(kase.wire.streamReader({ hideUsage: false, request: kase.request(1) }), stream, 3);
      assert.equal(finishing(events).length, 1);
      assert.equal(events.map((e) => e.text).join(''), completion.text);
    });

    it('is never continued from a prefill; one answer is', () => {
      assert.equal(kase.wire.continuation(match(kase), kase.request(2), 'Partial'), null);
      assert.notEqual(kase.wire.continuation(match(kase), kase.request(1), 'Partial'), null);
    });
  });
}

describe('how many answers a request asks for', () => {
  it('Gemini takes the proto name too', () => {
    const snake = { contents: [{ parts: [{ text: 'x' }] }], generation_config: { candidate_count: 2 } };
    assert.equal(GEMINI_WIRE.continuation(match(CASES.gemini), snake, 'Partial'), null);
  });

  it('a count of 1, or no count, is one answer', () => {
    for (const n of [1, undefined, null, 0, 'two']) {
      const request = { model: 'm', messages: [{ role: 'user', content: 'x' }], ...(n === undefined ? {} : { n }) };
      assert.notEqual(OPENAI_WIRE.continuation(match(CASES.openai), request, 'Partial'), null, `n=${String(n)}`);
    }
  });
});
