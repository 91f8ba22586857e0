import { pathIs, StreamDeltas, type JsonPath, type SlotRole } from '../delta-template.js';
import { streamEvent } from '../stream-event.js';
import { asRecord, parseJsonObject } from '../probe.js';
import { readChunk } from '../read-chunk.js';
import { SseFrames, type SseFrame } from '../sse-frames.js';
import type { StreamEvent, StreamReader } from '../wire.js';
import { inputTokensOf } from './wire-usage.js';

/**
 * Reads a Messages stream: `event: <type>` plus `data: {"type": <type>, ...}` per frame, from
 * message_start to message_stop (https://docs.anthropic.com/en/docs/build-with-claude/streaming).
 * Usage arrives in two halves, input in message_start and output in message_delta, so the reader
 * keeps both and reports the running total. Text deltas, nearly every frame, differ only in their text and
 * padding: once one is parsed, the next are read against its template (see StreamDeltas); so are the deltas of a
 * tool's input and of thinking, against theirs.
 */
export class AnthropicStreamReader implements StreamReader {
  private readonly frames = new SseFrames();
  private inputTokens = 0;
  private outputTokens = 0;
  /** A delta or a block end was seen: later block starts are content (a tool call), not the opening. */
  private contentSeen = false;
  private readonly deltas = new StreamDeltas(textDeltaSlot);
  /** Deltas of a tool's input or of thinking, most of those blocks' frames, read against their own template. */
  private readonly otherDeltas = new StreamDeltas(otherDeltaSlot);

  push(chunk: string): StreamEvent[] {
    return readChunk(chunk, this.frames, this.deltas, this.otherDeltas, this.read);
  }

  end(): StreamEvent[] {
    return this.frames.end().map(this.read);
  }

  private readonly read = (frame: SseFrame): StreamEvent => {
    const raw = frame.raw;
    // A comment or an event without data: clients skip it
    if (frame.data === '') return streamEvent(raw);
    const text = this.deltas.textOf(frame.event, frame.data);
    if (text !== null) return streamEvent(raw, { text });
    if (this.otherDeltas.matches(frame.event, frame.data)) return streamEvent(raw, { otherContent: true });
    const data = parseJsonObject(frame.data);
    if (!data) return streamEvent(raw, { malformed: true });
    const type = frame.event ?? (typeof data.type === 'string' ? data.type : '');
    switch (type) {
      case 'message_start':
        return streamEvent(raw, { preamble: true, usage: this.count(asRecord(asRecord(data.message)?.usage)) });
      case 'ping':
        return streamEvent(raw, { preamble: true });
      case 'content_block_start':
        return this.blockStart(raw, asRecord(data.content_block));
      case 'content_block_delta': {
        this.contentSeen = true;
        const delta = asRecord(data.delta);
        const isText = delta?.type === 'text_delta' && typeof delta.text === 'string';
        if (isText) this.deltas.learn(frame.event, frame.data);
        else if (delta?.type === 'input_json_delta' || delta?.type === 'thinking_delta') this.otherDeltas.learn(frame.event, frame.data);
        // Tool input, thinking and its signature, citations
        return isText ? streamEvent(raw, { text: delta.text as string }) : streamEvent(raw, { otherContent: true });
      }
      case 'content_block_stop':
        this.contentSeen = true;
        return streamEvent(raw);
      case 'message_delta': {
        const stopReason = asRecord(data.delta)?.stop_reason;
        return streamEvent(raw, { usage: this.count(asRecord(data.usage)), finishes: typeof stopReason === 'string' && stopReason !== '' });
      }
      case 'message_stop':
        return streamEvent(raw, { finishes: true, terminates: true });
      case 'error':
        return streamEvent(raw, { error: data });
      default:
        return streamEvent(raw);
    }
  };

  /** The empty text block that opens the answer is preamble; any other kind of block (tool_use, thinking) is content. */
  private blockStart(raw: string, block: Record<string, unknown> | null): StreamEvent {
    const isText = block?.type === 'text';
    const text = isText && typeof block.text === 'string' ? block.text : '';
    const opening = !this.contentSeen && isText && text === '';
    return streamEvent(raw, { preamble: opening, text, otherContent: block !== null && !isText });
  }

  /** message_start has the input (and 1 output token); message_delta the cumulative output, and in recent API versions the input again. */
  private count(usage: Record<string, unknown> | null): StreamEvent['usage'] {
    if (!usage) return null;
    this.inputTokens = inputTokensOf(usage) ?? this.inputTokens;
    if (typeof usage.output_tokens === 'number') this.outputTokens = usage.output_tokens;
    return { inputTokens: this.inputTokens, outputTokens: this.outputTokens };
  }
}

/** A text delta's meaning is its text alone (`delta.text`); its block index is part of its shape. */
function textDeltaSlot(path: JsonPath): SlotRole {
  return pathIs(path, ['delta', 'text']) ? 'text' : 'fixed';
}

/** A tool input or thinking delta adds its `partial_json` or `thinking` to a block that is not the answer's text; its type and block index are its shape. */
function otherDeltaSlot(path: JsonPath): SlotRole {
  return pathIs(path, ['delta', 'partial_json']) || pathIs(path, ['delta', 'thinking']) ? 'text' : 'fixed';
}
