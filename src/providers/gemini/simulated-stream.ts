import type { Completion, SimOperation, StreamFrame, StreamPlan } from '../simulator.js';
import { generateResponse, generationMs } from './simulated-answers.js';
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
 */

const CHUNK_TOKENS = 8;

export function geminiStream(op: SimOperation, completion: Completion): StreamPlan {
  // Gemini does not stream a function call's arguments: the call comes whole, in one chunk
  const ends = completion.toolCall ? [0] : chunkEnds(completion.tokens.length);
  const ms = generationMs(completion);
  const chunks = ends.map((end, i) => generateResponse(op, completion, end, i === ends.length - 1, ends[i - 1] ?? 0));
  if (op.streamStyle === 'sse') {
    const frames = chunks.map((chunk, i): StreamFrame => ({ data: `data: ${sseJson(chunk)}\r\n\r\n`, delta: true, ...(i === chunks.length - 1 ? { terminator: true } : {}) }));
    return { status: 200, headers: sseHeaders(ms), frames };
  }
  const frames: StreamFrame[] = chunks.map((chunk, i) => ({ data: `${i === 0 ? '[' : '\n,\r\n'}${prettyJson(chunk).slice(0, -1)}`, delta: true }));
  frames.push({ data: '\n]', terminator: true });
  return { status: 200, headers: jsonHeaders(ms), frames };
}

/** Where each chunk ends, in tokens: one token first, then eight at a time; one empty chunk for no tokens. */
function chunkEnds(count: number): number[] {
  if (count === 0) return [0];
  const ends = [1];
  while (ends[ends.length - 1]! < count) ends.push(Math.min(count, ends[ends.length - 1]! + CHUNK_TOKENS));
  return ends;
}
