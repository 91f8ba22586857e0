import type { RunningMock } from '../../../src/mock/start-mock.js';
import { jsonData, parseSse, postJson, type ClientEvent, type RawAnswer } from './sse-text.js';

/**
 * The three stream formats as a test reads them: how to ask a gateway route for a stream, the text a
 * client assembles, the events that open and end an answer, and the prefill a continuation carried.
 */
export type Family = 'openai' | 'anthropic' | 'gemini';

export const FAMILIES: readonly Family[] = ['openai', 'anthropic', 'gemini'];

export const PROMPT = 'Say something about streams.';

type Json = Record<string, unknown>;

export interface StreamRead {
  answer: RawAnswer;
  events: ClientEvent[];
  /** Every event's data parsed (throws if one is not JSON: malformed data reached the client). */
  data: unknown[];
  text: string;
  /** Opening events: OpenAI role chunks, Anthropic message_start, Gemini none. */
  openings: number;
  /** Events that carry the answer's finish (finish_reason, stop_reason, finishReason). */
  finishes: number;
  /** The format's end marker: `[DONE]`, `message_stop`, Gemini's finishing chunk. */
  markers: number;
  /** Error events (their parsed data). */
  errors: Json[];
}

/** Asks a route of the gateway for a stream with fetch and reads every event. */
export async function streamFromGateway(gatewayUrl: string, family: Family, model: string): Promise<StreamRead> {
  const answer =
    family === 'openai'
      ? await postJson(`${gatewayUrl}/v1/chat/completions`, { model, stream: true, messages: [{ role: 'user', content: PROMPT }] })
      : family === 'anthropic'
        ? await postJson(`${gatewayUrl}/v1/messages`, { model, max_tokens: 200, stream: true, messages: [{ role: 'user', content: PROMPT }] }, { 'anthropic-version': '2023-06-01' })
        : await postJson(`${gatewayUrl}/v1beta/models/${model}:streamGenerateContent?alt=sse`, { contents: [{ role: 'user', parts: [{ text: PROMPT }] }] });
  return readStream(family, answer);
}

export function readStream(family: Family, answer: RawAnswer): StreamRead {
  const events = parseSse(answer.text);
  const data = jsonData(events);
  const read: StreamRead = { answer, events, data, text: '', openings: 0, finishes: 0, markers: 0, errors: [] };
  events.forEach((event, i) => {
    const item = data[i];
    if (item === '[DONE]') {
      read.markers++;
      return;
    }
    const json = item as Json;
    if (event.event === 'error' || json.error !== undefined) {
      read.errors.push(json);
      return;
    }
    if (family === 'openai') readChat(read, json);
    else if (family === 'anthropic') readMessages(read, json);
    else readGemini(read, json);
  });
  return read;
}

function readChat(read: StreamRead, chunk: Json): void {
  const choice = (chunk.choices as Json[] | undefined)?.[0];
  const delta = choice?.delta as Json | undefined;
  if (delta?.role !== undefined) read.openings++;
  if (typeof delta?.content === 'string') read.text += delta.content;
  if (choice?.finish_reason !== null && choice?.finish_reason !== undefined) read.finishes++;
}

function readMessages(read: StreamRead, event: Json): void {
  if (event.type === 'message_start') read.openings++;
  if (event.type === 'message_stop') read.markers++;
  if (event.type === 'message_delta' && typeof (event.delta as Json).stop_reason === 'string') read.finishes++;
  const delta = event.delta as Json | undefined;
  if (event.type === 'content_block_delta' && delta?.type === 'text_delta') read.text += delta.text as string;
}

function readGemini(read: StreamRead, chunk: Json): void {
  const candidate = (chunk.candidates as Json[] | undefined)?.[0];
  for (const part of ((candidate?.content as Json | undefined)?.parts as Json[] | undefined) ?? []) {
    if (typeof part.text === 'string') read.text += part.text;
  }
  if (typeof candidate?.finishReason === 'string') {
    read.finishes++;
    read.markers++;
  }
}

/** The assistant prefill a continuation request carried (null when the body has none). */
export function prefillOf(family: Family, body: unknown): string | null {
  const json = body as Json;
  if (family === 'gemini') {
    const last = (json.contents as Json[]).at(-1);
    return last?.role === 'model' ? ((last.parts as Json[]).map((p) => p.text).join('') as string) : null;
  }
  const last = (json.messages as Json[]).at(-1);
  return last?.role === 'assistant' ? (last.content as string) : null;
}

/**
 * The whole (non-streamed) answer the mock gives to `body` for `model` with a working key: its
 * answers are deterministic (seed, model, prompt), so this is what a streamed call of the same
 * request carries too.
 */
export async function mockAnswerText(mock: RunningMock, family: Family, model: string, body: unknown, key: string): Promise<string> {
  const json = { ...(body as Json) };
  delete json.stream;
  delete json.stream_options;
  if (family === 'openai') {
    const answer = await postJson(`${mock.baseUrls.openai}/chat/completions`, { ...json, model }, { authorization: `Bearer ${key}` });
    return ((JSON.parse(answer.text) as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content);
  }
  if (family === 'anthropic') {
    const answer = await postJson(`${mock.baseUrls.anthropic}/v1/messages`, { ...json, model }, { 'x-api-key': key, 'anthropic-version': '2023-06-01' });
    return (JSON.parse(answer.text) as { content: Array<{ text: string }> }).content.map((c) => c.text).join('');
  }
  const answer = await postJson(`${mock.baseUrls.gemini}/v1beta/models/${model}:generateContent`, json, { 'x-goog-api-key': key });
  const parsed = JSON.parse(answer.text) as { candidates: Array<{ content: { parts: Array<{ text: string }> } }> };
  return parsed.candidates[0]!.content.parts.map((p) => p.text).join('');
}
