import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { Job } from './load-plan.js';
import { readAnthropicSse, readOpenAiSse, type SseReading } from './load-sse.js';

/** What the client of one job saw. */
export interface Outcome {
  job: Job;
  /** A complete answer: non-empty text and the format's completion marker. */
  ok: boolean;
  /** HTTP status the gateway answered with (200 for a started stream). */
  status: number | null;
  requestId: string | null;
  /** `x-llmdoctor-category` of an error answer. */
  category: string | null;
  /** The SDK raised (or the raw stream held an error event) after the stream had started. */
  streamError: boolean;
  /** Raw SSE only: what the stream held. */
  sse: SseReading | null;
  /** Why it is not a complete answer, for the assertion message. */
  problem: string | null;
}

export const ROUTES = { openai: 'smart', anthropic: 'claude' } as const;
const MAX_TOKENS = 64;

export interface LoadClients {
  run(job: Job): Promise<Outcome>;
}

export function loadClients(gatewayUrl: string): LoadClients {
  const openai = new OpenAI({ baseURL: `${gatewayUrl}/v1`, apiKey: 'unused', maxRetries: 0 });
  const anthropic = new Anthropic({ baseURL: gatewayUrl, apiKey: 'unused', maxRetries: 0 });
  const runners: Record<Job['kind'], (job: Job) => Promise<Outcome>> = {
    'openai-whole': (job) => openaiWhole(openai, job, [{ role: 'user', content: job.prompt }]),
    'openai-bad-whole': (job) => openaiWhole(openai, job, []),
    'openai-stream': (job) => openaiStream(openai, job, [{ role: 'user', content: job.prompt }]),
    'openai-bad-stream': (job) => openaiStream(openai, job, []),
    'openai-raw-stream': (job) => rawStream(`${gatewayUrl}/v1/chat/completions`, job, openaiBody(job), readOpenAiSse),
    'anthropic-stream': (job) => anthropicStream(anthropic, job, [{ role: 'user', content: job.prompt }]),
    'anthropic-bad-stream': (job) => anthropicStream(anthropic, job, []),
    'anthropic-raw-stream': (job) => rawStream(`${gatewayUrl}/v1/messages`, job, anthropicBody(job), readAnthropicSse),
  };
  return { run: (job) => runners[job.kind](job) };
}

function outcome(job: Job, fields: Partial<Outcome>): Outcome {
  return { job, ok: false, status: null, requestId: null, category: null, streamError: false, sse: null, problem: null, ...fields };
}

/** An error the SDK raised: the gateway's status and headers when it answered with one. */
function failed(job: Job, error: unknown, started: boolean): Outcome {
  const apiError = error instanceof OpenAI.APIError || error instanceof Anthropic.APIError ? error : null;
  const headers = apiError?.headers;
  return outcome(job, {
    status: started ? 200 : (apiError?.status ?? null),
    requestId: headers?.get('x-llmdoctor-request-id') ?? null,
    category: headers?.get('x-llmdoctor-category') ?? null,
    streamError: started,
    problem: `${started ? 'stream error' : 'error'}: ${error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error)}`.slice(0, 300),
  });
}

async function openaiWhole(client: OpenAI, job: Job, messages: OpenAI.ChatCompletionMessageParam[]): Promise<Outcome> {
  try {
    const { data, response } = await client.chat.completions.create({ model: ROUTES.openai, messages, max_tokens: MAX_TOKENS }).withResponse();
    const choice = data.choices[0];
    const text = choice?.message.content ?? '';
    const complete = text !== '' && (choice?.finish_reason === 'stop' || choice?.finish_reason === 'length');
    return outcome(job, {
      ok: complete,
      status: response.status,
      requestId: response.headers.get('x-llmdoctor-request-id'),
      problem: complete ? null : `incomplete answer: finish_reason ${choice?.finish_reason}, ${text.length} characters`,
    });
  } catch (error) {
    return failed(job, error, false);
  }
}

async function openaiStream(client: OpenAI, job: Job, messages: OpenAI.ChatCompletionMessageParam[]): Promise<Outcome> {
  let started = false;
  try {
    const { data: stream, response } = await client.chat.completions.create({ model: ROUTES.openai, messages, max_tokens: MAX_TOKENS, stream: true }).withResponse();
    started = true;
    let text = '';
    let finish: string | null = null;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      text += choice?.delta.content ?? '';
      finish = choice?.finish_reason ?? finish;
    }
    const complete = text !== '' && finish !== null;
    return outcome(job, {
      ok: complete,
      status: response.status,
      requestId: response.headers.get('x-llmdoctor-request-id'),
      problem: complete ? null : `stream ended without an answer: finish_reason ${finish}, ${text.length} characters (a silent truncation)`,
    });
  } catch (error) {
    return failed(job, error, started);
  }
}

async function anthropicStream(client: Anthropic, job: Job, messages: Anthropic.MessageParam[]): Promise<Outcome> {
  let started = false;
  try {
    const { data: stream, response } = await client.messages.create({ model: ROUTES.anthropic, max_tokens: MAX_TOKENS, messages, stream: true }).withResponse();
    started = true;
    let text = '';
    let stopped = false;
    let stopReason: string | null = null;
    for await (const event of stream) {
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
      if (event.type === 'message_delta') stopReason = event.delta.stop_reason;
      if (event.type === 'message_stop') stopped = true;
    }
    const complete = text !== '' && stopped && stopReason !== null;
    return outcome(job, {
      ok: complete,
      status: response.status,
      requestId: response.headers.get('x-llmdoctor-request-id'),
      problem: complete ? null : `stream ended without an answer: message_stop ${stopped}, stop_reason ${stopReason}, ${text.length} characters (a silent truncation)`,
    });
  } catch (error) {
    return failed(job, error, started);
  }
}

function openaiBody(job: Job): Record<string, unknown> {
  return { model: ROUTES.openai, max_tokens: MAX_TOKENS, stream: true, messages: [{ role: 'user', content: job.prompt }] };
}

function anthropicBody(job: Job): Record<string, unknown> {
  return { model: ROUTES.anthropic, max_tokens: MAX_TOKENS, stream: true, messages: [{ role: 'user', content: job.prompt }] };
}

/** A stream read byte for byte: exactly one end marker, last; no malformed data line; no error event. */
async function rawStream(url: string, job: Job, body: Record<string, unknown>, read: (text: string) => SseReading): Promise<Outcome> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer unused', 'x-api-key': 'unused', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify(body),
    });
  } catch (error) {
    return failed(job, error, false);
  }
  const requestId = response.headers.get('x-llmdoctor-request-id');
  try {
    text = await response.text();
  } catch (error) {
    return { ...failed(job, error, response.status === 200), requestId };
  }
  if (response.status !== 200) {
    return outcome(job, { status: response.status, requestId, category: response.headers.get('x-llmdoctor-category'), problem: `status ${response.status}: ${text.slice(0, 200)}` });
  }
  const sse = read(text);
  const problems = [
    sse.endMarkers !== 1 ? `${sse.endMarkers} end markers` : null,
    sse.endMarkers > 0 && !sse.endsWithMarker ? 'events after the end marker' : null,
    sse.malformed > 0 ? `${sse.malformed} malformed data lines` : null,
    sse.errors > 0 ? `${sse.errors} error events` : null,
    !sse.finished ? 'no finish reason' : null,
    sse.text === '' ? 'no text' : null,
  ].filter((p) => p !== null);
  return outcome(job, {
    ok: problems.length === 0,
    status: 200,
    requestId,
    sse,
    streamError: sse.errors > 0,
    problem: problems.length === 0 ? null : `raw stream: ${problems.join(', ')}`,
  });
}
