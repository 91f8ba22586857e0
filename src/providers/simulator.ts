import type { FailureScenario } from '../core/scenarios.js';

/**
 * What a provider's simulation must know to be indistinguishable from the real API. The mock
 * (src/mock) owns the server, scenarios, keys, rate buckets, latency and faults; each provider
 * module (src/providers/<provider>/simulator.ts) owns its wire format: paths, auth, bodies,
 * headers and stream frames, copied from real responses (each fixture names its source).
 */

export type SimulatedProviderId = 'openai' | 'anthropic' | 'gemini';

export interface SimRequest {
  method: string;
  /** Path after the provider prefix, without the query: `/v1/chat/completions`. */
  path: string;
  query: URLSearchParams;
  /** Lower-cased names, as node:http gives them. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  rawBody: Buffer;
}

export type OperationName =
  | 'chat.completions'
  | 'responses'
  | 'responses.retrieve'
  | 'responses.delete'
  | 'responses.input_items'
  | 'responses.cancel'
  | 'conversations.create'
  | 'conversations.retrieve'
  | 'conversations.update'
  | 'conversations.delete'
  | 'conversations.items.list'
  | 'conversations.items.create'
  | 'conversations.items.retrieve'
  | 'conversations.items.delete'
  | 'embeddings'
  | 'moderations'
  | 'models.list'
  | 'models.retrieve'
  | 'messages'
  | 'messages.count_tokens'
  | 'generateContent'
  | 'streamGenerateContent'
  | 'countTokens'
  | 'cachedContents.create'
  | 'cachedContents.list'
  | 'cachedContents.get'
  | 'cachedContents.update'
  | 'cachedContents.delete';

export interface SimOperation {
  name: OperationName;
  /** The model the caller asked for (`gpt-4o-mini`, `claude-sonnet-4-5`, `gemini-2.5-flash`), or null. */
  model: string | null;
  stream: boolean;
  /** Gemini streams either as SSE (`?alt=sse`) or as one JSON array. */
  streamStyle: 'sse' | 'json-array';
  /** The parsed JSON body ({} for GET). */
  body: Record<string, unknown>;
  /** All input text concatenated: drives token counts and the deterministic answer. */
  promptText: string;
  /** The caller's output cap, if any. */
  maxTokens: number | null;
  /** OpenAI `stream_options.include_usage`. */
  includeUsage: boolean;
  /** The function the request forces the model to call (read by the provider's parse); absent for a text answer. */
  forcedTool?: ForcedTool;
  /** Extended thinking asked for (Anthropic `thinking.budget_tokens`); absent when not. */
  thinkingBudget?: number;
  /** How many answers the caller asked for (OpenAI `n`, Gemini `candidateCount`); absent for one. */
  answers?: number;
  /** The stored object this request names (OpenAI `previous_response_id`, `conversation`, `/v1/responses/{id}`); absent when it names none. */
  stored?: StoredReference;
  /** Answered at once, and generated whether or not the caller waits for it (OpenAI `background: true`). */
  background?: true;
  /** A replayed stream starts after the event with this sequence number (OpenAI `starting_after`). */
  startingAfter?: number;
  /** Tokens of the context cache the request uses (Gemini `cachedContent`): part of its prompt. */
  cachedTokens?: number;
}

/** The time and the generation speed a stored answer's progress is measured against. */
export interface SimClock {
  now: number;
  firstTokenMs: number;
  tokensPerSecond: number;
}

/** A stored object named by a request, and what the request does with it: continue it, read, change or delete it. */
export interface StoredReference {
  /** What it must be (`response`, `conversation`): an object of another kind with that id is not found. */
  kind: string;
  id: string;
  use: 'continue' | 'read' | 'change' | 'delete';
  /** A part of it the request names (a conversation's item): the provider looks for it. */
  item?: string;
}

/** A function the caller forces: its name and the JSON schema of its parameters (undefined when it declares none). */
export interface ForcedTool {
  name: string;
  schema: unknown;
}

/** A generated function call, the same for every provider: each adds its own id prefix and framing. */
export interface SimulatedToolCall {
  name: string;
  /** Stable alphanumeric id (24 characters) derived from the seed: `call_`, `toolu_01`… are the provider's. */
  id: string;
  arguments: Record<string, unknown>;
  /** `JSON.stringify(arguments)`, compact. */
  argumentsText: string;
  /** `argumentsText` cut in pieces of 1–8 characters, as argument deltas arrive (joined they give it). */
  fragments: string[];
}

/** Generated reasoning shown before the answer (Anthropic extended thinking). */
export interface SimulatedThinking {
  text: string;
  /** The text split into tokens, in order (joined they give `text`). */
  tokens: string[];
}

export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One piece of a stream, serialized for the wire (`event: x\ndata: {...}\n\n`, or `,\r\n{...}` in a JSON array). */
export interface StreamFrame {
  data: string;
  /** Carries generated text: the mock paces these and may cut or stall between them. */
  delta?: boolean;
  /** Ends the stream in the provider's format (`data: [DONE]`, `message_stop`, `]`): dropped by `no_done`. */
  terminator?: boolean;
  /** When it is generated (epoch ms), for an answer generated in the background: sent then, not paced. */
  dueAt?: number;
}

export interface StreamPlan {
  status: number;
  headers: Record<string, string>;
  frames: StreamFrame[];
}

/** The deterministic answer the mock generated for a request. */
export interface Completion {
  /** The answer's text; empty when the answer is a tool call. */
  text: string;
  /** The text split into tokens, in order (joined they give `text`). */
  tokens: string[];
  inputTokens: number;
  outputTokens: number;
  finishReason: 'stop' | 'length';
  /** A stable random id for this response (alphanumeric, derived from the seed): add the provider's prefix (`chatcmpl-`, `msg_`, `resp_`). */
  id: string;
  /** Unix seconds. */
  created: number;
  /** Set when the request forced a tool: the answer is this call instead of text (finishReason stays `stop`). */
  toolCall?: SimulatedToolCall;
  /** Set when thinking was asked for: it precedes the text, and its tokens count in `outputTokens`. */
  thinking?: SimulatedThinking;
  /**
   * The further answers (choice or candidate 1, 2…) when several were asked for, each generated on its own.
   * This completion's `outputTokens` then counts the tokens of them all, as the providers' usage does.
   */
  alternatives?: Completion[];
  /**
   * Set on answers the provider may store (OpenAI Responses): a number no other answer of this mock had since it
   * started or was reset. The provider mixes it into the stored answer's id, which the real APIs never give twice
   * (the same prompt sent again, or through another key, is another response); the other ids stay as the seed makes them.
   */
  serial?: number;
}

export interface RateState {
  limitRequests: number;
  remainingRequests: number;
  /** Milliseconds until the request window refills. */
  resetRequestsMs: number;
  limitTokens: number;
  remainingTokens: number;
  resetTokensMs: number;
  /** Milliseconds until this request could be served (0 when it was). */
  retryAfterMs: number;
  /** Which limit ran out, when one did. */
  exhausted: 'requests' | 'tokens' | null;
  /** Wall clock now (ms), for timestamp-style headers. */
  now: number;
}

export interface FailureContext {
  /** The request being answered (its path and query frame some errors even before parsing); the mock always sets it. */
  request?: SimRequest;
  /** Provider-specific variant (`html` for OpenAI's edge block page), from `scenario:variant`. */
  variant: string | null;
  /** The key as the caller sent it (to build masked echoes such as `sk-proj-****abcd`); never logged. */
  key: string | null;
  rate: RateState;
  /** A random alphanumeric request id: shape it as the provider does (`req_…`). */
  requestId: string;
}

export interface ProviderSimulator {
  id: SimulatedProviderId;
  /** URL prefix on the mock: `/openai`, `/anthropic`, `/gemini`. */
  prefix: string;
  /** The key, read where and in the order the real API reads it; null when none was sent. */
  credential(req: SimRequest): string | null;
  /** A fresh key in the real format (prefix, length, alphabet) of this provider's API keys. */
  newKey(random: () => number): string;
  /** Validates the request as the real API does: an operation, or the real error for bad input. */
  parse(req: SimRequest): { op: SimOperation } | { error: SimResponse };
  /**
   * The real error response for a scenario. `op` is null when parsing never got that far.
   * `bad_request` with variant `too_large` is a body over the size limit (the provider's 413).
   */
  failure(scenario: FailureScenario, op: SimOperation | null, ctx: FailureContext): SimResponse;
  /** A successful non-streaming answer. */
  answer(op: SimOperation, completion: Completion): SimResponse;
  /** A successful stream. */
  stream(op: SimOperation, completion: Completion): StreamPlan;
  /** Rate-limit headers sent on every response (success and error). */
  rateLimitHeaders(rate: RateState): Record<string, string>;
  /** The objects this provider keeps for later requests (OpenAI's stored responses and conversations); absent when it keeps none. */
  storage?: SimulatedStorage;
  /** Countries (ISO 3166-1 alpha-2) this provider refuses: those missing from its supported-country list (`<provider>/regions.ts`). */
  refusedCountries: { has(code: string): boolean };
}

/** An object kept for later requests: its id, its kind, and what the provider needs to answer for it (opaque to the mock). */
export interface StoredAnswer {
  id: string;
  kind: string;
  value: unknown;
  /** When it is gone (epoch ms), as if deleted; absent for one kept until deleted. */
  expiresAt?: number;
}

/** What a request answered by the storage did: its answer, and the objects to keep (new or changed) or forget. */
export interface StorageOutcome {
  /** A whole answer, or a stream (the replay of an answer generated in the background). */
  response: SimResponse | StreamPlan;
  keep?: StoredAnswer[];
  forget?: string[];
}

/**
 * How a provider stores objects (OpenAI's stored responses and conversations). The mock keeps them, each in the
 * project of the key whose request made it, and finds `SimOperation.stored` in the caller's project only; the
 * provider says what is kept and how requests about it are answered.
 */
export interface SimulatedStorage {
  /** Whether `op` may make objects to keep (then its completion gets a `serial`, for ids never given twice). */
  stores(op: SimOperation): boolean;
  /** Whether `op` is answered by the storage alone, without generating (create, read, change, delete). */
  answers(op: SimOperation): boolean;
  /** The answer to such a request; `stored` is the object it names, found in the caller's project (null when it names none). */
  answer(op: SimOperation, stored: StoredAnswer | null, completion: Completion, requestId: string, clock: SimClock, kept: KeptObjects): StorageOutcome;
  /** What a generated answer keeps: itself (unless the request said not to) and the objects it changed. */
  keep(op: SimOperation, completion: Completion, stored: StoredAnswer | null, clock: SimClock): StoredAnswer[];
  /** The provider's error when the object a request names is not in the caller's project. */
  notFound(op: SimOperation, requestId: string): SimResponse;
  /** A generating request that uses the object it names, as it is generated (with the cache's tokens), or the provider's refusal to use it. */
  using?(op: SimOperation, stored: StoredAnswer, requestId: string): { op: SimOperation } | { error: SimResponse };
}

/** The objects of one kind in the caller's project, oldest first (for listings). */
export type KeptObjects = (kind: string) => StoredAnswer[];
