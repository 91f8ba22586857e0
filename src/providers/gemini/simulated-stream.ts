import type { Completion, SimOperation, StreamFrame, StreamPlan } from '../simulator.js';
import { answersOf } from '../simulated-common.js';
import { generateResponse, generationMs, type CandidatePiece } from './simulated-answers.js';
import { jsonHeaders, sseHeaders } from './simulated-headers.js';
import { prettyJson, sseJson } from './simulated-json.js';

/**
 * streamGenerateContent, in both of Google's framings:
 * - `?alt=sse`: `data: {...}\r\n\r\n` per chunk, compact JSON (google/adk-go
 *   agent/llmagent/testdata/TestLLMAgentStreamingModeSSE.httprr; the recorded lengths show the CRLF
 *   pairs). There is no `[DONE]`: the stream ends with the chunk that carries `finishReason`, so
 *   that chunk is the terminator `no_done` drops.
 * - without it: one JSON array written as it grows, `[{...}` then `\n,\r\n{...}` per chunk, `\n]`
 *   at the end, each element pretty-printed (the `}\n,\r\n{\n` separator that clients of the real
 *   API split on, as quoted in public code; gm-001 for the `[{...}\n]` shape).
 * Every chunk repeats the usage so far, `candidatesTokenCount` growing. The first chunk is short
 * (recordings: "The", then longer pieces). A forced function call is one chunk, whole (./simulated-answers.ts).
 * Several candidates (`candidateCount`) each stream their pieces under their `index`, the chunks of one
 * step carrying them together; the stream ends with the last candidate's finish. (No recording of such a
 * stream was found: this follows the GenerateContentResponse shape, whose `candidates` list each chunk fills.)
 */

const CHUNK_TOKENS = 8;

export function geminiStream(op: SimOperation, completion: Completion): StreamPlan {
  const ms = generationMs(completion);
  const chunks = streamChunks(completion).map(({ pieces, outputSoFar }) => generateResponse(op, completion, pieces, outputSoFar));
  if (op.streamStyle === 'sse') {
    const frames = chunks.map((chunk, i): StreamFrame => ({ data: `data: ${sseJson(chunk)}\r\n\r\n`, delta: true, ...(i === chunks.length - 1 ? { terminator: true } : {}) }));
    return { status: 200, headers: sseHeaders(ms), frames };
  }
  const frames: StreamFrame[] = chunks.map((chunk, i) => ({ data: `${i === 0 ? '[' : '\n,\r\n'}${prettyJson(chunk).slice(0, -1)}`, delta: true }));
  frames.push({ data: '\n]', terminator: true });
  return { status: 200, headers: jsonHeaders(ms), frames };
}

/**
 * What each chunk carries: a piece of every candidate still going (several when `candidateCount` asked for
 * them), and the output tokens so far across them all.
 */
function streamChunks(completion: Completion): { pieces: CandidatePiece[]; outputSoFar: number }[] {
  const answers = answersOf(completion);
  // Gemini does not stream a function call's arguments: the call comes whole, in one chunk
  const endsOf = answers.map((answer) => (answer.toolCall ? [0] : chunkEnds(answer.tokens.length)));
  const steps = Math.max(...endsOf.map((ends) => ends.length));
  const chunks: { pieces: CandidatePiece[]; outputSoFar: number }[] = [];
  for (let step = 0; step < steps; step++) {
    const pieces: CandidatePiece[] = [];
    let outputSoFar = 0;
    answers.forEach((answer, index) => {
      const ends = endsOf[index]!;
      const done = Math.min(step, ends.length - 1);
      outputSoFar += answer.toolCall ? answer.outputTokens : ends[done]!;
      if (step < ends.length) pieces.push({ index, from: ends[step - 1] ?? 0, upTo: ends[step]!, last: step === ends.length - 1 });
    });
    chunks.push({ pieces, outputSoFar });
  }
  return chunks;
}

/** Where each chunk ends, in tokens: one token first, then eight at a time; one empty chunk for no tokens. */
function chunkEnds(count: number): number[] {
  if (count === 0) return [0];
  const ends = [1];
  while (ends[ends.length - 1]! < count) ends.push(Math.min(count, ends[ends.length - 1]! + CHUNK_TOKENS));
  return ends;
}
