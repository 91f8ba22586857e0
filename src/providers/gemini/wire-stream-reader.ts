import { streamEvent } from '../stream-event.js';
import { asRecord, parseJsonObject } from '../probe.js';
import { SseFrames, type SseFrame } from '../sse-frames.js';
import type { StreamEvent, StreamReader } from '../wire.js';
import { usageOfMetadata } from './wire-usage.js';

/**
 * Reads `streamGenerateContent?alt=sse`: one `data: {GenerateContentResponse}` per frame, no event
 * names, no end marker. Each chunk repeats the usage so far; the chunk whose candidate carries a
 * `finishReason` is the last (a prompt refused outright ends with `promptFeedback.blockReason`).
 */
export class GeminiStreamReader implements StreamReader {
  private readonly frames = new SseFrames();

  push(chunk: string): StreamEvent[] {
    return this.frames.push(chunk).map(readFrame);
  }

  end(): StreamEvent[] {
    return this.frames.end().map(readFrame);
  }
}

function readFrame(frame: SseFrame): StreamEvent {
  const raw = frame.raw;
  if (frame.data === '') return streamEvent(raw);
  const data = parseJsonObject(frame.data);
  if (!data) return streamEvent(raw, { malformed: true });
  if (data.error !== undefined && data.error !== null) return streamEvent(raw, { error: data });
  const candidate = Array.isArray(data.candidates) ? asRecord(data.candidates[0]) : null;
  const finishReason = candidate?.finishReason;
  const blockReason = asRecord(data.promptFeedback)?.blockReason;
  const last = (typeof finishReason === 'string' && finishReason !== '') || (typeof blockReason === 'string' && blockReason !== '');
  const parts = partsOf(candidate);
  return streamEvent(raw, {
    text: answerText(parts),
    otherContent: parts.some(isOtherContent),
    usage: usageOfMetadata(data.usageMetadata),
    finishes: last,
    terminates: last,
  });
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
