import type { UpstreamProvider } from '../../providers/wire.js';

/** The gateway's settings after loading, interpolation, validation and defaults: everything is present. */
export interface GatewayConfig {
  listen: { host: string; port: number };
  upstreams: UpstreamConfig[];
  /** Model names clients ask for, each with its targets. A model no route names passes through unchanged. */
  routes: RouteConfig[];
  /** The policies routes inherit (a route may override any of them). */
  policies: GatewayPolicies;
  limits: GatewayLimits;
  operations: GatewayOperations;
  /** Where the settings came from, for the startup banner: the config file, and the variables keys were read from. */
  source: { file: string | null; keyVariables: string[] };
}

export interface UpstreamKeyConfig {
  /** The key itself. Never printed: show `maskSecret`/`fingerprint` of it. */
  secret: string;
  /** Where it came from, for messages: `OPENAI_API_KEY`, `OPENAI_API_KEY_2`, `upstreams[0].keys[1]`. */
  label: string;
  /** Per-key budgets; null: the defaults / what the provider's headers say. */
  maxInFlight: number | null;
  requestsPerMinute: number | null;
  tokensPerMinute: number | null;
}

export interface UpstreamConfig {
  name: string;
  provider: UpstreamProvider;
  /** As configured (trailing slash removed) or the provider's default; the dialect normalises it when the gateway starts. */
  baseUrl: string;
  keys: UpstreamKeyConfig[];
  /** Outbound HTTP proxy for every call to this upstream. */
  proxy: string | null;
  /** A proxy used only after the provider refused our region (region_blocked). */
  regionProxy: string | null;
  /** Static headers sent on every call (e.g. OpenAI-Organization). Values may hold secrets: never printed. */
  headers: Record<string, string>;
}

export interface TargetConfig {
  upstream: string;
  model: string;
  /** Relative share of first tries among the weighted targets; null: tried in order. */
  weight: number | null;
}

export interface RouteConfig {
  model: string;
  targets: TargetConfig[];
  /** The global policies with this route's overrides applied. */
  policies: GatewayPolicies;
}

export interface GatewayPolicies {
  attemptsPerTarget: number;
  maxAttempts: number;
  backoff: { baseDelayMs: number; maxDelayMs: number; maxRetryAfterMs: number };
  timeouts: { connectMs: number; firstTokenMs: number; streamIdleMs: number; responseMs: number; totalMs: number };
  breaker: { failureThreshold: number; openMs: number };
  resumeStreams: boolean;
}

export interface GatewayLimits {
  maxBodyBytes: number;
  queue: { maxSize: number; maxWaitMs: number };
  keys: { maxInFlight: number; cooldownMs: number; reprobeMs: number };
  connectionsPerUpstream: number;
  rememberedResponses: number;
  backgroundUsage: { firstCheckMs: number; maxCheckIntervalMs: number; giveUpAfterMs: number };
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** Running the gateway for many clients: its store, its admin API, its logs. */
export interface GatewayOperations {
  /** Absolute path of the data folder (the SQLite store lives there). */
  dataDir: string;
  /** Guards `/admin/*`; null: the admin API is off. A secret: never printed. */
  adminToken: string | null;
  /** Serve beyond loopback without client keys (an explicit opt-out of the safety check). */
  allowOpen: boolean;
  logLevel: LogLevel;
  /**
   * Usage rows are written in batches off the hot path: at most this many, at least this often. `record:
   * false` keeps none (token budgets then count only since the start).
   */
  usage: { record: boolean; batchSize: number; flushMs: number };
}

/** A config that cannot be used: says where (file and line) and what to fix. */
export class GatewayConfigError extends Error {
  constructor(
    message: string,
    readonly file: string | null = null,
    readonly line: number | null = null,
  ) {
    super(file ? `${file}${line ? `:${line}` : ''}: ${message}` : message);
    this.name = 'GatewayConfigError';
  }
}
