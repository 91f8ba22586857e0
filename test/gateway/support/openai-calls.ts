import OpenAI from 'openai';
import { headerMap, noteOf, PROMPT, type Caller, type CallOutcome, type ErrorClass, type Mode } from './call-outcome.js';
import type { SdkAdapter } from './sdk-adapter.js';

/** The official client with its own retries off, so every retry seen is the gateway's. */
export function openaiClient(baseURL: string, apiKey = 'unused'): OpenAI {
  return new OpenAI({ baseURL, apiKey, maxRetries: 0 });
}

/** A chat completion, plain or streamed, with the text, finish reason, usage and headers the SDK gave. */
export function openaiChat(client: OpenAI, prompt = PROMPT): Caller {
  return async (model: string, mode: Mode): Promise<CallOutcome> => {
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: prompt }];
    let started = false;
    try {
      if (mode === 'plain') {
        const { data, response } = await client.chat.completions.create({ model, messages }).withResponse();
        const choice = data.choices[0];
        return { ok: true, text: choice?.message.content ?? '', finish: choice?.finish_reason ?? null, usage: usageOf(data.usage), headers: headerMap(response.headers) };
      }
      const { data, response } = await client.chat.completions.create({ model, messages, stream: true, stream_options: { include_usage: true } }).withResponse();
      started = true;
      let text = '';
      let finish: string | null = null;
      let usage: OpenAI.CompletionUsage | null | undefined = null;
      for await (const chunk of data) {
        text += chunk.choices[0]?.delta.content ?? '';
        finish = chunk.choices[0]?.finish_reason ?? finish;
        usage = chunk.usage ?? usage;
      }
      return { ok: true, text, finish, usage: usageOf(usage), headers: headerMap(response.headers) };
    } catch (error) {
      return openaiRefusal(error, started);
    }
  };
}

export function openaiRefusal(error: unknown, duringStream = false): CallOutcome {
  if (!(error instanceof OpenAI.APIError)) throw error;
  // openai-node keeps the body's `error` object as `error.error`
  const inner = error.error as { message?: unknown } | undefined;
  return {
    ok: false,
    error,
    status: error.status ?? null,
    message: typeof inner?.message === 'string' ? inner.message : null,
    llmdoctor: noteOf(inner),
    headers: headerMap(error.headers),
    duringStream,
  };
}

/** The SDK's class for an HTTP status. */
export function openaiErrorClass(status: number): ErrorClass {
  const classes: Record<number, ErrorClass> = {
    400: OpenAI.BadRequestError,
    401: OpenAI.AuthenticationError,
    403: OpenAI.PermissionDeniedError,
    404: OpenAI.NotFoundError,
    429: OpenAI.RateLimitError,
  };
  return classes[status] ?? (status >= 500 ? OpenAI.InternalServerError : OpenAI.APIError);
}

function usageOf(usage: OpenAI.CompletionUsage | null | undefined): { input: number; output: number } | null {
  return usage ? { input: usage.prompt_tokens, output: usage.completion_tokens } : null;
}

export const OPENAI_SDK: SdkAdapter = {
  provider: 'openai',
  model: 'gpt-4o-mini',
  throughGateway: (gatewayUrl) => openaiChat(openaiClient(`${gatewayUrl}/v1`)),
  direct: (mock, key) => openaiChat(openaiClient(mock.baseUrls.openai, key)),
  errorClass: openaiErrorClass,
};
