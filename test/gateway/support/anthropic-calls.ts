import Anthropic from '@anthropic-ai/sdk';
import { asRecord, headerMap, noteOf, PROMPT, type Caller, type CallOutcome, type ErrorClass, type Mode } from './call-outcome.js';
import type { SdkAdapter } from './sdk-adapter.js';

export const MAX_TOKENS = 200;

/** The official client with its own retries off, so every retry seen is the gateway's. */
export function anthropicClient(baseURL: string, apiKey = 'unused'): Anthropic {
  return new Anthropic({ baseURL, apiKey, maxRetries: 0 });
}

/** A Messages call, plain or with `stream: true` read event by event. */
export function anthropicMessages(client: Anthropic, prompt = PROMPT): Caller {
  return async (model: string, mode: Mode): Promise<CallOutcome> => {
    const params = { model, max_tokens: MAX_TOKENS, messages: [{ role: 'user' as const, content: prompt }] };
    let started = false;
    try {
      if (mode === 'plain') {
        const { data, response } = await client.messages.create(params).withResponse();
        const text = data.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
        return { ok: true, text, finish: data.stop_reason, usage: { input: data.usage.input_tokens, output: data.usage.output_tokens }, headers: headerMap(response.headers) };
      }
      const { data, response } = await client.messages.create({ ...params, stream: true }).withResponse();
      started = true;
      let text = '';
      let finish: string | null = null;
      let input = 0;
      let output = 0;
      for await (const event of data) {
        if (event.type === 'message_start') input = event.message.usage.input_tokens;
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
        if (event.type === 'message_delta') {
          finish = event.delta.stop_reason;
          output = event.usage.output_tokens;
        }
      }
      return { ok: true, text, finish, usage: { input, output }, headers: headerMap(response.headers) };
    } catch (error) {
      return anthropicRefusal(error, started);
    }
  };
}

export function anthropicRefusal(error: unknown, duringStream = false): CallOutcome {
  if (!(error instanceof Anthropic.APIError)) throw error;
  // The SDK keeps the whole body, `{"type":"error","error":{...}}`, as `error.error`
  const inner = asRecord(asRecord(error.error)?.error);
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
export function anthropicErrorClass(status: number): ErrorClass {
  const classes: Record<number, ErrorClass> = {
    400: Anthropic.BadRequestError,
    401: Anthropic.AuthenticationError,
    402: Anthropic.PaymentRequiredError,
    403: Anthropic.PermissionDeniedError,
    404: Anthropic.NotFoundError,
    429: Anthropic.RateLimitError,
    503: Anthropic.ServiceUnavailableError,
    504: Anthropic.GatewayTimeoutError,
    529: Anthropic.OverloadedError,
  };
  return classes[status] ?? (status >= 500 ? Anthropic.InternalServerError : Anthropic.APIError);
}

export const ANTHROPIC_SDK: SdkAdapter = {
  provider: 'anthropic',
  // Not one the SDK warns about as deprecated (it prints to the console on every call)
  model: 'claude-haiku-4-5',
  throughGateway: (gatewayUrl) => anthropicMessages(anthropicClient(gatewayUrl)),
  direct: (mock, key) => anthropicMessages(anthropicClient(mock.baseUrls.anthropic, key)),
  errorClass: anthropicErrorClass,
};
