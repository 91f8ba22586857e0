/**
 * Every tunable in one table. Commands and libraries read their defaults here; options, config
 * files and environment variables override them.
 */
export const DEFAULTS = {
  /** Retries of a failed provider call (the resilient fetch, and the gateway's engine). */
  retry: {
    /** Attempts in all, the first included. */
    maxAttempts: 4,
    /** Exponential backoff with full jitter: a random wait up to base * 2^(attempt-1), capped. */
    baseDelayMs: 500,
    maxDelayMs: 20_000,
    /** A server-given wait longer than this is not waited for: the call fails at once with the diagnosis. */
    maxRetryAfterMs: 60_000,
    /** No retry starts after this much time since the first attempt. */
    totalBudgetMs: 120_000,
  },
  /** Time boxes of the network probes: each step of the path gets its own short limit, so one silent hop is named. */
  net: {
    dnsTimeoutMs: 2_000,
    connectTimeoutMs: 3_000,
    tlsTimeoutMs: 3_000,
    httpTimeoutMs: 5_000,
    /** Reaching the proxy and its answer to CONNECT (the proxy then dials the target itself). */
    proxyTimeoutMs: 5_000,
  },
  doctor: {
    /** Budget of one provider's whole check run (every step also has its own shorter limit). */
    timeoutMs: 10_000,
    /** A .env file changed more than this after a service started was edited after its start (/proc gives whole seconds). */
    processStartMarginMs: 2_000,
    /** The API checks; every request also ends when the run's time box does. */
    api: {
      /** Model listing and retrieval: small GETs the API answers in well under a second. */
      listTimeoutMs: 5_000,
      retrieveTimeoutMs: 5_000,
      /** The one-token generation: time to first token of a busy model included. */
      probeTimeoutMs: 15_000,
      /** `/cdn-cgi/trace` is answered by the CDN edge itself. */
      traceTimeoutMs: 3_000,
      /** Bodies larger than this are cut (a model listing is tens of kB). */
      maxBodyBytes: 4 * 1024 * 1024,
      /** Warn when a rate limit has less than this share left. */
      lowRemainingShare: 0.1,
      /** Clock skew that misplaces reset times and retry-after dates (and signed requests). */
      clockWarnSkewMs: 60_000,
      /** Clock skew that makes fresh certificates look not yet valid, or expired ones valid. */
      clockFailSkewMs: 24 * 3_600_000,
      /** Close model names offered when a model is not found. */
      modelSuggestions: 3,
    },
  },
  mock: {
    host: '127.0.0.1',
    port: 8787,
    seed: 1,
    /** Country the simulated caller appears to be in (`/cdn-cgi/trace` loc=). */
    region: 'US',
    /** Per-key limits of the simulated token bucket. */
    requestsPerMinute: 10_000,
    tokensPerMinute: 10_000_000,
    /** Time to first token and generation speed; 0 answers at once. */
    firstTokenMs: 0,
    tokensPerSecond: 0,
    /** How long `slow_first_token` waits before the first token. */
    slowFirstTokenMs: 5_000,
    /** Largest request body accepted (the real APIs refuse bigger ones; Anthropic's edge limit is 32 MB). */
    maxBodyBytes: 32 * 1024 * 1024,
    /** Attempts kept for `attempts()`; older ones are dropped so memory stays flat under load. */
    attemptsKept: 10_000,
    /** Length of a generated answer when the caller sets no cap, in tokens. */
    answerTokens: { min: 8, max: 40 },
  },
} as const;
