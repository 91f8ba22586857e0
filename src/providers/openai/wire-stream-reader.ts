import { AnswerFinishes } from '../answer-finishes.js';
import { pathIs, StreamDeltas, type JsonPath, type SlotRole } from '../delta-template.js';
import { asRecord } from '../probe.js';
import { streamEvent } from '../stream-event.js';
import { readChunk } from '../read-chunk.js';
import { SseFrames, type SseFrame } from '../sse-frames.js';
import type { StreamEvent, StreamReader } from '../wire.js';
import { storedObjectId } from './wire-stored-answers.js';
import { chatUsage, responsesUsage } from './wire-usage.js';

/**
 * Reads both OpenAI stream formats, told apart per frame by the data's `type` field:
 * - Chat / legacy completions: `data: <chunk>` frames without event names, ended by `data: [DONE]`.
 *   The finish comes in a chunk with `finish_reason`; usage (when asked for) in a chunk with
 *   `choices: []`; an upstream failure as `data: {"error": {...}}`.
 * - Responses: `event: <type>` + `data: {"type": <type>, ...}`, ended by response.completed,
 *   response.incomplete or response.failed (no `[DONE]`); failures as `type: "error"` or response.failed.
 * At most one JSON.parse per frame and no re-serialising: `raw` is forwarded as received. Chat text deltas, nearly
 * every frame of an answer, differ from one another only in their text and padding: once one is parsed, the
 * next are read against its template (valid JSON of the same shape, checked without JSON.parse). A tool call's
 * argument deltas are read so too, against a template of their own.
 */

type Json = Record<string, unknown>;

/** Responses events that open an answer before its first content. */
const RESPONSES_OPENING = new Set(['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added']);
const RESPONSES_FINISHED = new Set(['response.completed', 'response.incomplete']);

export class OpenaiStreamReader implements StreamReader {
  private readonly frames = new SseFrames();
  /** Set at the first event past the opening ones: from then on nothing is preamble. */
  private answering = false;
  private readonly deltas = new StreamDeltas(chatDeltaSlot);
  /** Deltas of a tool call's arguments, most of a tool call's frames, read against their own template. */
  private readonly argumentDeltas = new StreamDeltas(argumentsDeltaSlot);

  private readonly answerFinishes: AnswerFinishes;

  /** `choicesAsked`: the request's `n`. */
  constructor(
    private readonly hideUsage: boolean,
    choicesAsked = 1,
  ) {
    this.answerFinishes = new AnswerFinishes(choicesAsked);
  }

  push(chunk: string): StreamEvent[] {
    return readChunk(chunk, this.frames, this.deltas, this.argumentDeltas, this.eventOf);
  }

  end(): StreamEvent[] {
    return this.frames.end().map(this.eventOf);
  }

  private readonly eventOf = (frame: SseFrame): StreamEvent => {
    const { raw, data } = frame;
    // Comment-only frames (keep-alives such as `: OPENROUTER PROCESSING`): clients skip them
    if (data === '') return streamEvent(raw);
    if (data.startsWith('[DONE]')) return streamEvent(raw, { terminates: true });
    const text = this.deltas.textOf(frame.event, data);
    if (text !== null) return streamEvent(raw, { text });
    if (this.argumentDeltas.matches(frame.event, data)) return streamEvent(raw, { otherContent: true });
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      return streamEvent(raw, { malformed: true });
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return streamEvent(raw, { malformed: true });
    const json = parsed as Json;
    if (typeof json.type === 'string') {
      // Responses text deltas carry a sequence number: no template of ours matches them
      this.deltas.forgo();
      this.argumentDeltas.forgo();
      return this.responsesEvent(raw, json, json.type);
    }
    const event = this.chatEvent(raw, json);
    if (isPlainChatDelta(event, json)) this.deltas.learn(frame.event, data);
    else if (isArgumentsDelta(event, json)) this.argumentDeltas.learn(frame.event, data);
    return event;
  };

  private chatEvent(raw: string, chunk: Json): StreamEvent {
    if (chunk.error) {
      this.answering = true;
      return streamEvent(raw, { error: chunk });
    }
    const choices = Array.isArray(chunk.choices) ? (chunk.choices as unknown[]) : [];
    const usage = chatUsage(chunk.usage);
    let text = '';
    let finishes = false;
    let content = false;
    let otherContent = false;
    for (const item of choices) {
      const choice = asRecord(item);
      if (choice === null) continue;
      if (!content && carriesContent(choice)) content = true;
      const index = choice.index ?? 0;
      if (choice.finish_reason !== null && choice.finish_reason !== undefined && this.answerFinishes.endsWith(index)) finishes = true;
      // With n > 1 only the first choice is the answer the gateway follows
      if (index !== 0) continue;
      text += choiceText(choice);
      otherContent ||= carriesOtherContent(choice);
    }
    const opening = !this.answering && !content && !finishes && usage === null;
    if (!opening) this.answering = true;
    return streamEvent(raw, {
      preamble: opening,
      text,
      otherContent,
      usage,
      finishes,
      hidden: this.hideUsage && usage !== null && choices.length === 0,
    });
  }

  private responsesEvent(raw: string, event: Json, type: string): StreamEvent {
    const opening = !this.answering && RESPONSES_OPENING.has(type);
    if (!opening) this.answering = true;
    if (type === 'response.created') return streamEvent(raw, { preamble: opening, answerId: storedObjectId(event.response) });
    if (type === 'response.output_text.delta') return streamEvent(raw, { text: typeof event.delta === 'string' ? event.delta : '' });
    if (isOtherContentEvent(type, event)) return streamEvent(raw, { otherContent: true });
    const finishes = RESPONSES_FINISHED.has(type);
    const failed = type === 'response.failed';
    const usage = finishes || failed ? responsesUsage(asRecord(event.response)?.usage) : null;
    const error = type === 'error' || failed || event.error ? event : null;
    return streamEvent(raw, { preamble: opening, usage, finishes, terminates: finishes || failed, error });
  }
}

/**
 * A delta whose meaning to the reader is its text alone: past the opening, one choice, no finish, usage or
 * error. Whatever matches its template (same shape, other text) means the same with its own text.
 */
function isPlainChatDelta(event: StreamEvent, chunk: Json): boolean {
  return event.text !== '' && !event.preamble && !event.finishes && event.usage === null && event.error === null && !event.hidden && Array.isArray(chunk.choices) && chunk.choices.length === 1;
}

/** The first choice's content is the text; the `obfuscation` padding changes with every chunk. */
function chatDeltaSlot(path: JsonPath): SlotRole {
  if (pathIs(path, ['obfuscation'])) return 'free';
  return pathIs(path, ['choices', 0, 'delta', 'content']) ? 'text' : 'fixed';
}

/**
 * A delta that adds to one tool call's arguments and says nothing else: one choice, whose delta holds one tool call
 * with its index and `function.arguments`, anything else null (the call's opening, with its id and name, is not one;
 * some servers repeat `"content":null` in every delta).
 */
function isArgumentsDelta(event: StreamEvent, chunk: Json): boolean {
  if (!event.otherContent || event.text !== '' || event.finishes || event.usage !== null || event.error !== null || event.hidden) return false;
  const choices = chunk.choices as unknown[];
  const delta = asRecord(asRecord(choices[0])?.delta);
  const calls = delta?.tool_calls;
  if (choices.length !== 1 || !Array.isArray(calls) || calls.length !== 1 || !restIsNull(delta!, ['tool_calls'])) return false;
  const call = asRecord(calls[0]);
  const fn = asRecord(call?.function);
  return call !== null && fn !== null && restIsNull(call, ['index', 'function']) && restIsNull(fn, ['arguments']) && typeof fn.arguments === 'string';
}

/** The arguments are the slot a matching delta adds to (a part of the answer, not its text). */
function argumentsDeltaSlot(path: JsonPath): SlotRole {
  if (pathIs(path, ['obfuscation'])) return 'free';
  return pathIs(path, ['choices', 0, 'delta', 'tool_calls', 0, 'function', 'arguments']) ? 'text' : 'fixed';
}

function restIsNull(record: Json, keys: readonly string[]): boolean {
  for (const key in record) if (!keys.includes(key) && record[key] !== null) return false;
  return true;
}

/** Chat deltas carry `content`; legacy completions chunks carry `text`. */
function choiceText(choice: Json): string {
  const content = asRecord(choice.delta)?.content;
  if (typeof content === 'string') return content;
  return typeof choice.text === 'string' ? choice.text : '';
}

/** Anything past the opening role and empty content: text, a refusal, tool calls, reasoning, a finish. */
function carriesContent(choice: Json): boolean {
  if (choice.finish_reason !== null && choice.finish_reason !== undefined) return true;
  if (typeof choice.text === 'string' && choice.text !== '') return true;
  return deltaCarries(choice, false);
}

/**
 * A part of the answer besides its text: tool calls, a refusal, audio, or the reasoning that OpenAI-compatible
 * servers stream before the answer (`reasoning_content`, `reasoning`).
 */
function carriesOtherContent(choice: Json): boolean {
  return deltaCarries(choice, true);
}

/** Whether the choice's delta has a field with something in it, besides the role (and the text, if `besidesText`). */
function deltaCarries(choice: Json, besidesText: boolean): boolean {
  const delta = asRecord(choice.delta);
  if (delta === null) return false;
  for (const key in delta) {
    if (key === 'role' || (besidesText && key === 'content')) continue;
    const value = delta[key];
    if (value !== null && value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0)) return true;
  }
  return false;
}

/**
 * Responses events that add to the answer besides its text: the deltas of tool-call arguments, reasoning,
 * refusals, audio (every `*.delta` but the text's), and a finished output item that is not the message (a
 * tool call sent whole).
 */
function isOtherContentEvent(type: string, event: Json): boolean {
  if (type.endsWith('.delta')) return true;
  if (type !== 'response.output_item.done') return false;
  const itemType = asRecord(event.item)?.type;
  return itemType !== 'message' && itemType !== 'reasoning';
}
