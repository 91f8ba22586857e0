import type { Diagnosis } from '../core/diagnosis.js';

/**
 * What the gateway needs to know about each provider's wire format: which endpoints exist, where the
 * model and the key go, how a stream is framed and when it is complete, how usage is reported, how an
 * error looks to that provider's SDK, and how a partial answer is continued. The gateway itself holds
 * no provider knowledge; it asks these.
 */

/** The API formats clients speak to the gateway (and upstreams speak to us). */
export type WireFamily = 'openai' | 'anthropic' | 'gemini';

/** What an upstream is; several providers share a family's format. */
export type UpstreamProvider = 'openai' | 'azure-openai' | 'openai-compatible' | 'anthropic' | 'gemini';

export interface Usage {
  inputTokens: number;
  outputTokens: number;
}

/** A request the gateway recognised. */
export interface EndpointMatch {
  family: WireFamily;
  /** e.g. `chat.completions`, `responses`, `embeddings`, `models.list`, `models.get`, `messages`,
   * `messages.count_tokens`, `generateContent`, `streamGenerateContent`, `countTokens`, `embedContent`. */
  operation: string;
  /** The call generates text: usage, time limits for tokens and stream resumption apply. */
  generates: boolean;
  /** Where the model is named: the JSON body's `model`, the path (Gemini), or nowhere (a listing). */
  modelIn: 'body' | 'path' | 'none';
  /** The body may leave its model out, the upstream then choosing one (OpenAI moderations). */
  modelOptional?: true;
  /** The model named in the path (Gemini, `models.get`), else null. */
  pathModel: string | null;
  /** Whether a JSON body is expected (POST). */
  hasBody: boolean;
  /** The stored answer the path names (OpenAI `/v1/responses/{id}`, `/v1/conversations/{id}`, Gemini `cachedContents/{id}`); absent otherwise. */
  answerId?: string;
  /** A stored object's operation: its path under the API version, sent upstream as the client wrote it. */
  objectPath?: string;
}

export interface StreamEvent {
  /** The event exactly as it is forwarded: SSE lines plus the blank line that ends it (a run of deltas read as one: all their frames). */
  raw: string;
  /** Opening events (role, message_start, content_block_start, ping...): dropped from a continuation. */
  preamble: boolean;
  /** Text the event adds to the answer ('' if none). */
  text: string;
  /**
   * Adds a part of the answer that is not its text: a tool call or its arguments, reasoning, a refusal. The answer
   * is under way (time limits count it as a token), and it can no longer be continued from its text alone.
   */
  otherContent: boolean;
  usage: Usage | null;
  /** Carries the answer's finish (OpenAI finish_reason, Anthropic stop_reason/message_stop, Gemini finishReason, Responses response.completed). */
  finishes: boolean;
  /** The format's end marker (`[DONE]`, `message_stop`, `response.completed`; for Gemini the finishing chunk). */
  terminates: boolean;
  /** A usage-only event the client did not ask for (we asked for usage on its behalf): not forwarded. */
  hidden: boolean;
  /** An error the upstream sent inside the stream (Anthropic `event: error`, OpenAI `data: {"error":...}`), as parsed JSON. */
  error: unknown;
  /** Data that is not valid JSON (or not the format's shape): never forwarded. */
  malformed: boolean;
  /** The id the upstream stores the answer under, on the event that first names it (OpenAI `response.created`), else null. */
  answerId: string | null;
}

/** Turns the bytes of an SSE stream into events; one reader per upstream response. */
export interface StreamReader {
  push(chunk: string): StreamEvent[];
  /** The upstream ended: a last event without its blank line is still read. */
  end(): StreamEvent[];
}

/**
 * A stream's framing for a client that reads it other than as the upstream's SSE (Gemini without `alt=sse`:
 * one JSON array). One per client stream: it may keep state between writes.
 */
export interface ClientStreamFraming {
  contentType: string;
  /** Whole SSE frames, as the client's framing. */
  reframe(sse: string): string;
  /** What ends the client's stream after its last frame. */
  close(): string;
}

/** An error the gateway returns, in the caller's format. */
export interface GatewayError {
  status: number;
  message: string;
  /** Our diagnosis of what happened, when there is one. */
  diagnosis: Diagnosis | null;
  requestId: string;
  /** The upstream's own error body (same family), kept as the provider's reason; our diagnosis is added to it. */
  upstreamBody: string | null;
  /** Extra fields about limits (which limit, when it resets) for the body. */
  details?: Record<string, unknown>;
}

export interface WireFormat {
  family: WireFamily;
  /** Recognise a request to the gateway: path without query, method, and headers (lower-case names). */
  match(method: string, path: string, headers: Record<string, string | string[] | undefined>): EndpointMatch | null;
  /** Whether the caller asked for a stream. */
  streaming(match: EndpointMatch, body: Record<string, unknown> | null, query: URLSearchParams): boolean;
  /** The model a body names, for an endpoint whose model is in the body (`model`; Gemini writes `models/{id}`). */
  bodyModel(body: Record<string, unknown> | null): string | null;
  /** The body to send to a target model (renames `model`; Gemini's model is in the path, so the body is unchanged). */
  withModel(body: Record<string, unknown>, model: string): Record<string, unknown>;
  /** For streams: ask the upstream for usage when the caller did not (its usage events are then hidden). */
  withStreamUsage(body: Record<string, unknown>): { body: Record<string, unknown>; hideUsage: boolean };
  /** A rough count of the tokens a request may use (input estimate plus the output cap), for token budgets. */
  estimateTokens(body: Record<string, unknown> | null): number;
  /** Usage of a whole (non-streamed) answer. */
  usageOf(answer: unknown): Usage | null;
  /**
   * The id the upstream stored a whole answer under, which later requests may name (an OpenAI response, kept in
   * the key's project unless `store: false`; a conversation it created), else null.
   */
  storedAnswerId(answer: unknown): string | null;
  /**
   * The stored answer a request needs: the one it reads, changes, deletes or continues (OpenAI
   * `/v1/responses/{id}`, `/v1/conversations/{id}`, `previous_response_id`, `conversation`). Only the key that
   * stored it can reach it. Null when the request needs none.
   */
  answerNeeded(match: EndpointMatch, body: Record<string, unknown> | null): string | null;
  /** A reader for one upstream stream; `request` is the body sent, when the reader's rules depend on it (several answers asked). */
  streamReader(options: { hideUsage: boolean; request?: Record<string, unknown> }): StreamReader;
  /** A request that continues `partialText` (sent as an assistant prefill), or null when the format cannot. */
  continuation(match: EndpointMatch, body: Record<string, unknown>, partialText: string): Record<string, unknown> | null;
  /**
   * A request that reads a cut stream on from the provider's own copy of the answer, stored as `answerId` (an OpenAI
   * background response: its events after the last one in `forwarded`, the text the client got); null when the
   * provider keeps none. Only the key that made the answer can send it.
   */
  readOnAfterCut(request: Record<string, unknown>, answerId: string, forwarded: string): ReadOnRequest | null;
  /** Answers generated after the request that made them was answered (OpenAI background responses); null when the format has none. */
  lateAnswers: LateAnswers | null;
  /** An error response in this format: the upstream's body with our diagnosis added, or one of ours. */
  errorResponse(error: GatewayError): { status: number; headers: Record<string, string>; body: string };
  /** The framing a streaming client expects, when it is not SSE (null: the upstream's SSE as it is). */
  clientFraming(match: EndpointMatch, query: URLSearchParams): ClientStreamFraming | null;
  /** The SSE text that ends a started stream with an error (never a completion marker). */
  streamError(error: GatewayError): string;
  /** What to append when an upstream finished its answer but ended without the end marker ('' when the format has none). */
  streamTerminator(): string;
}

/**
 * How to follow an answer the upstream generates after it answered the request that made it (`background: true`):
 * its tokens are known only once it has finished, whether or not a client ever reads it.
 */
export interface LateAnswers {
  /** The read that tells how the stored answer stands; null for an id that names no such answer (a conversation). */
  statusRead(answerId: string): ReadOnRequest | null;
  /** What that read's body says: finished (completed, failed, cancelled...) or not, its usage and model; null when it is not such an answer. */
  outcome(answer: unknown): LateAnswerOutcome | null;
}

export interface LateAnswerOutcome {
  finished: boolean;
  usage: Usage | null;
  model: string | null;
}

/** A request other than the client's, for an attempt that reads an answer on (see `WireFormat.readOnAfterCut`). */
export interface ReadOnRequest {
  method: string;
  match: EndpointMatch;
  query: URLSearchParams;
}

export interface UpstreamDialect {
  provider: UpstreamProvider;
  family: WireFamily;
  defaultBaseUrl: string;
  /** A base URL as the provider's SDK takes it, normalised (no trailing slash; `/v1`, `/v1beta` as the family expects). */
  normaliseBaseUrl(baseUrl: string): string;
  /** Headers that carry the key (never logged). */
  authHeaders(key: string): Record<string, string>;
  /** Headers added when the caller did not send them (e.g. anthropic-version). */
  defaultHeaders: Record<string, string>;
  /**
   * The upstream URL of a recognised request: the base URL plus the operation's path for `model`
   * (null for listings), plus the caller's query minus credentials (`key=`).
   */
  url(baseUrl: string, match: EndpointMatch, model: string | null, query: URLSearchParams): string;
  /** A cheap request that tells whether a key works (background re-probe of a disabled key). */
  probePath(baseUrl: string): string;
  /** Request headers of the caller that are forwarded (lower-case); everything else, credentials first, is dropped. */
  forwardedHeaders: readonly string[];
}

/** The body's `model`, when it is a non-blank string. */
export function modelField(body: Record<string, unknown> | null): string | null {
  const model = body?.model;
  return typeof model === 'string' && model.trim() !== '' ? model : null;
}
