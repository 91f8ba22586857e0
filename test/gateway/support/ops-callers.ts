import Anthropic from '@anthropic-ai/sdk';
import { ApiError, GoogleGenAI, type GenerateContentResponse } from '@google/genai';
import OpenAI from 'openai';
import { anthropicMessages } from './anthropic-calls.js';
import { asRecord, headerMap, PROMPT, type CallOutcome, type HeaderMap, type Mode } from './call-outcome.js';
import { bodyOf, geminiRefusal } from './gemini-calls.js';
import { openaiChat } from './openai-calls.js';

/** The three caller formats the gateway speaks, each driven by its official SDK. */
export type Format = 'openai' | 'anthropic' | 'gemini';
export const FORMATS: readonly Format[] = ['openai', 'anthropic', 'gemini'];

/** A model of each format the mock serves (passed through: no route names it). */
export const MODEL_OF: Record<Format, string> = { openai: 'gpt-4o-mini', anthropic: 'claude-haiku-4-5', gemini: 'gemini-2.5-flash' };

/** Where a request carried the client key: the header (or query parameter) each SDK puts its API key in. */
export type Carrier = 'authorization' | 'x-api-key' | 'x-goog-api-key' | 'query';

export interface KeyedCall {
  outcome: CallOutcome;
  /** Where the SDK put the key, on its last request. */
  carriers: Carrier[];
  /** The format's error object (`{message, type, ..., llmdoctor}`) when the call was refused. */
  inner: Record<string, unknown> | null;
}

/**
 * One generating call of `format`'s official SDK through the gateway, the client key given as the SDK's
 * `apiKey` (the SDK sends it its own way). With `key` null the SDK gets a placeholder and every credential
 * is stripped from the request, as if the client had none.
 */
export async function sdkCall(format: Format, gatewayUrl: string, key: string | null, mode: Mode = 'plain', model = MODEL_OF[format]): Promise<KeyedCall> {
  const seen: { carriers: Carrier[]; headers: HeaderMap } = { carriers: [], headers: {} };
  const fetch = credentialFetch(key, seen);
  const apiKey = key ?? 'placeholder-no-key';
  let outcome: CallOutcome;
  if (format === 'openai') {
    outcome = await openaiChat(new OpenAI({ baseURL: `${gatewayUrl}/v1`, apiKey, maxRetries: 0, fetch }))(model, mode);
  } else if (format === 'anthropic') {
    outcome = await anthropicMessages(new Anthropic({ baseURL: gatewayUrl, apiKey, maxRetries: 0, fetch }))(model, mode);
  } else {
    outcome = await geminiCall(new GoogleGenAI({ apiKey, httpOptions: { baseUrl: gatewayUrl, fetch } }), model, mode, () => seen.headers);
  }
  return { outcome, carriers: seen.carriers, inner: outcome.ok ? null : innerErrorOf(outcome.error) };
}

/** `details` of a refusal: the format's error object has them, or (Gemini) its `llmdoctor` note does. */
export function detailsOf(call: KeyedCall): Record<string, unknown> | null {
  return asRecord(call.inner?.details) ?? asRecord(asRecord(call.inner?.llmdoctor)?.details);
}

/** Input + output tokens the client was told it used (null when the answer said nothing). */
export function tokensOf(outcome: CallOutcome): number | null {
  return outcome.ok && outcome.usage ? outcome.usage.input + outcome.usage.output : null;
}

/** A fetch that notes where `key` travels and remembers the answer's headers; with `key` null it strips every credential. */
function credentialFetch(key: string | null, seen: { carriers: Carrier[]; headers: HeaderMap }): typeof fetch {
  return async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    if (key === null) {
      for (const name of ['authorization', 'x-api-key', 'x-goog-api-key']) headers.delete(name);
      url.searchParams.delete('key');
    } else {
      const carriers: Carrier[] = [];
      if (headers.get('authorization') === `Bearer ${key}`) carriers.push('authorization');
      if (headers.get('x-api-key') === key) carriers.push('x-api-key');
      if (headers.get('x-goog-api-key') === key) carriers.push('x-goog-api-key');
      if (url.searchParams.get('key') === key) carriers.push('query');
      seen.carriers = carriers;
    }
    const response = await fetch(url, { ...init, headers });
    seen.headers = headerMap(response.headers);
    return response;
  };
}

async function geminiCall(client: GoogleGenAI, model: string, mode: Mode, lastHeaders: () => HeaderMap): Promise<CallOutcome> {
  let started = false;
  try {
    if (mode === 'plain') {
      const response = await client.models.generateContent({ model, contents: PROMPT });
      return { ok: true, text: response.text ?? '', finish: response.candidates?.[0]?.finishReason ?? null, usage: geminiUsage(response), headers: lastHeaders() };
    }
    const stream = await client.models.generateContentStream({ model, contents: PROMPT });
    started = true;
    let text = '';
    let last: GenerateContentResponse | null = null;
    for await (const chunk of stream) {
      text += chunk.text ?? '';
      last = chunk;
    }
    return { ok: true, text, finish: last?.candidates?.[0]?.finishReason ?? null, usage: last ? geminiUsage(last) : null, headers: lastHeaders() };
  } catch (error) {
    return geminiRefusal(error, lastHeaders(), started);
  }
}

/** Gemini bills thinking tokens as output; each stream chunk repeats the totals so far. */
function geminiUsage(response: GenerateContentResponse): { input: number; output: number } | null {
  const usage = response.usageMetadata;
  return usage ? { input: usage.promptTokenCount ?? 0, output: (usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0) } : null;
}

function innerErrorOf(error: unknown): Record<string, unknown> | null {
  if (error instanceof OpenAI.APIError) return asRecord(error.error);
  if (error instanceof Anthropic.APIError) return asRecord(asRecord(error.error)?.error);
  if (error instanceof ApiError) return asRecord(asRecord(bodyOf(error))?.error);
  return null;
}
