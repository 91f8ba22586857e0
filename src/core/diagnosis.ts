import type { Category } from './categories.js';

/** Who produced the error: a provider, a relay/CDN in between, or the network (no HTTP answer). */
export type ProviderId = 'openai' | 'azure-openai' | 'anthropic' | 'gemini' | 'vertex' | 'proxy' | 'network' | 'unknown';

export type HeadersLike =
  | Record<string, string | string[] | number | undefined | null>
  | Iterable<[string, string]>
  | { get(name: string): string | null; forEach(cb: (value: string, key: string) => void): void };

/** Whatever a failed call left behind. Every field is optional. */
export interface ClassifyInput {
  status?: number | null;
  headers?: HeadersLike | null;
  /** Raw response body: text, bytes, or an already parsed object. */
  body?: string | Uint8Array | ArrayBuffer | object | null;
  /** The text a user saw: SDK exception text, log line, a whole pasted blob. */
  message?: string | null;
  /** A thrown error object; its `cause` chain, `code`, `status`, `headers` and `error` fields are read. */
  error?: unknown;
  /** Node/system error code (ENOTFOUND, UND_ERR_CONNECT_TIMEOUT, ...). */
  nodeErrorCode?: string | null;
  /**
   * The key that was sent, when the caller knows it (a gateway, the doctor). Never stored or printed:
   * it only tells a rejected key apart (another provider's key, pasted whitespace, a placeholder).
   */
  apiKey?: string | null;
  /** Optional hint: which provider the call was meant for. */
  provider?: ProviderId | string | null;
  /** Clock for turning reset timestamps into delays (tests pass a fixed one). */
  now?: number;
}

export interface Diagnosis {
  category: Category;
  provider: ProviderId;
  retryable: boolean;
  /** How long to wait before the next attempt, when the response said so. */
  retryAfterMs: number | null;
  title: string;
  cause: string;
  /** Ordered remedies, most likely first. */
  fixes: string[];
  /** Which fields or phrases decided, in plain words. */
  evidence: string[];
  /**
   * Set when the request names a stored object (a response, a cache, a file) that this key's account does not
   * hold: it may be in another account's, so another key may succeed where this one was told "not found".
   */
  mayBeInAnotherAccount?: true;
}
