import { AnswerFinishes } from '../answer-finishes.js';
import { streamEvent } from '../stream-event.js';
import { asRecord, parseJsonObject } from '../probe.js';
import { SseFrames, type SseFrame } from '../sse-frames.js';
import type { StreamEvent, StreamReader } from '../wire.js';
import { usageOfMetadata } from './wire-usage.js';

/**
 * Reads `streamGenerateContent?alt=sse`: one `data: {GenerateContentResponse}` per frame, no event
 * names, no end marker. Each chunk repeats the usage so far; the chunk whose candidate carries a
 * `finishReason` is the last (a prompt refused outright ends with `promptFeedback.blockReason`). When
 * several candidates were asked for (`candidateCount`), each carries its `index`; the first is the answer
 * the gateway follows, and the stream ends with the last candidate's finish.
 */
export class GeminiStreamReader implements StreamReader {
  private readonly frames = new SseFrames();
  private readonly answerFinishes: AnswerFinishes;

  /** `candidatesAsked`: the request's `candidateCount`. */
  constructor(candidatesAsked = 1) {
    this.answerFinishes = new AnswerFinishes(candidatesAsked);
  }

  push(chunk: string): StreamEvent[] {
    return this.frames.push(chunk).map(this.readFrame);
  }

  end(): StreamEvent[] {
    return this.frames.end().map(this.readFrame);
  }

  private readonly readFrame = (frame: SseFrame): StreamEvent => {
    const raw = frame.raw;
    if (frame.data === '') return streamEvent(raw);
    const data = parseJsonObject(frame.data);
    if (!data) return streamEvent(raw, { malformed: true });
    if (data.error !== undefined && data.error !== null) return streamEvent(raw, { error: data });
    const candidates = Array.isArray(data.candidates) ? data.candidates : [];
    let answer: Record<string, unknown> | null = null;
    let last = false;
    for (let position = 0; position < candidates.length; position++) {
      const candidate = asRecord(candidates[position]);
      // proto3 JSON leaves out an index of 0
      const index = candidate?.index ?? (candidates.length === 1 ? 0 : position);
      if (index === 0) answer = candidate;
      const finishReason = candidate?.finishReason;
      if (typeof finishReason === 'string' && finishReason !== '' && this.answerFinishes.endsWith(index)) last = true;
    }
    const blockReason = asRecord(data.promptFeedback)?.blockReason;
    if (typeof blockReason === 'string' && blockReason !== '') last = true;
    const parts = partsOf(answer);
    return streamEvent(raw, {
      text: answerText(parts),
      otherContent: parts.some(isOtherContent),
      usage: usageOfMetadata(data.usageMetadata),
      finishes: last,
      terminates: last,
    });
  };
}

function partsOf(candidate: Record<string, unknown> | null): unknown[] {
  const parts = asRecord(candidate?.content)?.parts;
  return Array.isArray(parts) ? parts : [];
}

/** The candidate's text parts, joined; thought summaries (`thought: true`) are not the answer. */
function answerText(parts: unknown[]): string {
  let text = '';
  for (const part of parts) {
    const record = asRecord(part);
    if (record && record.thought !== true && typeof record.text === 'string') text += record.text;
  }
  return text;
}

/** Parts of an answer besides its text (a text part may also carry metadata such as `thoughtSignature`). */
const OTHER_CONTENT_PARTS = ['functionCall', 'executableCode', 'codeExecutionResult', 'inlineData', 'fileData'];

/** A thought summary, a function call, code and its result, inline or file data. */
function isOtherContent(part: unknown): boolean {
  const record = asRecord(part);
  if (record === null) return false;
  return record.thought === true || OTHER_CONTENT_PARTS.some((key) => record[key] !== undefined && record[key] !== null);
}
