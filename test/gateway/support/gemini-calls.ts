import { ApiError, GoogleGenAI, type Fetch, type GenerateContentResponse } from '@google/genai';
import { asRecord, headerMap, noteOf, PROMPT, type Caller, type CallOutcome, type HeaderMap, type Mode } from './call-outcome.js';
import type { SdkAdapter } from './sdk-adapter.js';

export interface GeminiClient {
  client: GoogleGenAI;
  /** Headers of the last response this client received (@google/genai's ApiError carries none). */
  lastHeaders(): HeaderMap;
}

/**
 * The official client (it retries only when given `retryOptions`, so every retry seen is the gateway's),
 * with a fetch that remembers the last response's headers. One client per call when calls run at once.
 */
export function geminiClient(baseUrl: string, apiKey = 'unused'): GeminiClient {
  let last: HeaderMap = {};
  const remembering: Fetch = async (input, init) => {
    const response = await fetch(input as Parameters<typeof fetch>[0], init as Parameters<typeof fetch>[1]);
    last = headerMap(response.headers);
    return response;
  };
  return { client: new GoogleGenAI({ apiKey, httpOptions: { baseUrl, fetch: remembering } }), lastHeaders: () => last };
}

/** generateContent or generateContentStream; a fresh client per call so headers never mix. */
export function geminiGenerate(baseUrl: string, apiKey = 'unused', prompt = PROMPT): Caller {
  return async (model: string, mode: Mode): Promise<CallOutcome> => {
    const { client, lastHeaders } = geminiClient(baseUrl, apiKey);
    let started = false;
    try {
      if (mode === 'plain') {
        const response = await client.models.generateContent({ model, contents: prompt });
        return { ok: true, text: response.text ?? '', finish: finishOf(response), usage: usageOf(response), headers: headerMap(response.sdkHttpResponse?.headers) };
      }
      const stream = await client.models.generateContentStream({ model, contents: prompt });
      started = true;
      let text = '';
      let finish: string | null = null;
      let last: GenerateContentResponse | null = null;
      for await (const chunk of stream) {
        text += chunk.text ?? '';
        finish = finishOf(chunk) ?? finish;
        last = chunk;
      }
      return { ok: true, text, finish, usage: last ? usageOf(last) : null, headers: lastHeaders() };
    } catch (error) {
      return geminiRefusal(error, lastHeaders(), started);
    }
  };
}

export function geminiRefusal(error: unknown, headers: HeaderMap, duringStream = false): CallOutcome {
  if (!(error instanceof ApiError)) throw error;
  const inner = asRecord(asRecord(bodyOf(error))?.error);
  return {
    ok: false,
    error,
    status: error.status,
    message: providerMessage(inner),
    llmdoctor: noteOf(inner),
    headers,
    duringStream,
  };
}

/**
 * The message of a google.rpc.Status. Google answers a failed `alt=sse` call with the JSON error as
 * `text/event-stream`, which the SDK wraps whole as the message of an error of its own: unwrapped here.
 */
function providerMessage(inner: Record<string, unknown> | null): string | null {
  const message = inner?.message;
  if (typeof message !== 'string') return null;
  try {
    const wrapped = asRecord(asRecord(JSON.parse(message))?.error)?.message;
    return typeof wrapped === 'string' ? wrapped : message;
  } catch {
    return message;
  }
}

/** ApiError's message is the error body as JSON (after `got status: ...` for an error chunk in a stream). */
export function bodyOf(error: ApiError): unknown {
  const start = error.message.indexOf('{');
  if (start < 0) return null;
  try {
    return JSON.parse(error.message.slice(start));
  } catch {
    return null;
  }
}

function finishOf(response: GenerateContentResponse): string | null {
  return response.candidates?.[0]?.finishReason ?? response.promptFeedback?.blockReason ?? null;
}

function usageOf(response: GenerateContentResponse): { input: number; output: number } | null {
  const usage = response.usageMetadata;
  return usage ? { input: usage.promptTokenCount ?? 0, output: usage.candidatesTokenCount ?? 0 } : null;
}

export const GEMINI_SDK: SdkAdapter = {
  provider: 'gemini',
  model: 'gemini-2.5-flash',
  throughGateway: (gatewayUrl) => geminiGenerate(gatewayUrl),
  direct: (mock, key) => geminiGenerate(mock.baseUrls.gemini, key),
  // @google/genai raises one class for every HTTP status
  errorClass: () => ApiError,
};
