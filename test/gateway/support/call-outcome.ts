/**
 * What an official SDK made of one call, in one shape for the three providers, so a test can compare
 * an answer through the gateway with the mock's own answer, and an error with what the gateway promised.
 */

export type Mode = 'plain' | 'stream';

/** The question every generating call asks (the mock's answer depends only on seed, model and prompt). */
export const PROMPT = 'Say something about gateways.';

/** Response headers, lower-case names. */
export type HeaderMap = Record<string, string>;

export interface Answer {
  ok: true;
  text: string;
  /** finish_reason / stop_reason / finishReason (Gemini: the prompt's blockReason when it was blocked). */
  finish: string | null;
  usage: { input: number; output: number } | null;
  headers: HeaderMap;
}

/** The gateway's note inside the format's error object. */
export interface DiagnosisNote {
  category: string | null;
  title: string | null;
  cause: string | null;
  fixes: string[];
  request_id: string;
}

export interface Refusal {
  ok: false;
  /** What the SDK threw. */
  error: unknown;
  /** The HTTP status the SDK saw (undefined for an error event inside a started stream). */
  status: number | null;
  /** The provider's own message (the format's `error.message`). */
  message: string | null;
  llmdoctor: DiagnosisNote | null;
  headers: HeaderMap;
  /** The SDK raised while reading a stream it had already started. */
  duringStream: boolean;
}

export type CallOutcome = Answer | Refusal;

/** One call of a provider's SDK: a model (or route name) and plain or streamed. */
export type Caller = (model: string, mode: Mode) => Promise<CallOutcome>;

export function headerMap(headers: Headers | Record<string, string> | null | undefined): HeaderMap {
  if (!headers) return {};
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
  return Object.fromEntries(entries.map(([name, value]) => [name.toLowerCase(), value]));
}

export function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** `error.llmdoctor` of a format's error object, when the gateway put one there. */
export function noteOf(errorObject: unknown): DiagnosisNote | null {
  const note = asRecord(asRecord(errorObject)?.llmdoctor);
  return note ? (note as unknown as DiagnosisNote) : null;
}

export function expectAnswer(outcome: CallOutcome, what: string): Answer {
  if (outcome.ok) return outcome;
  const error = outcome.error instanceof Error ? `${outcome.error.constructor.name}: ${outcome.error.message}` : String(outcome.error);
  throw new Error(`${what}: expected an answer, got ${error.slice(0, 400)}`);
}

export function expectRefusal(outcome: CallOutcome, what: string): Refusal {
  if (!outcome.ok) return outcome;
  throw new Error(`${what}: expected an error, got an answer from ${outcome.headers['x-llmdoctor-upstream'] ?? '?'}: ${JSON.stringify(outcome.text.slice(0, 80))}`);
}

/** Error classes as the tests name them: the SDK's class for an HTTP status. */
export type ErrorClass = abstract new (...args: never[]) => Error;

/** A provider message without what differs between two calls: request ids and the visible tail of a masked key. */
export function sameWording(message: string | null): string | null {
  return message === null ? null : message.replace(/\breq_[0-9a-f]{8,}\b/g, 'req_…').replace(/\*{4,}[A-Za-z0-9_-]{4}\b/g, '****…');
}
