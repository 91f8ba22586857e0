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
  /** `llmdoctor gateway`. Every value is overridable in the YAML config (snake_case there), most per route. */
  gateway: {
    host: '127.0.0.1',
    port: 4000,
    /** How far (%) V8's heap may grow past what a full collection left alive before the next (src/cli/heap-growth.ts). */
    heapGrowingPercent: 20,
    /** Largest request body accepted; bigger ones get 413 in the caller's format. */
    maxBodyBytes: 32 * 1024 * 1024,
    /** Attempts on one target before failing over to the next (the first included). */
    attemptsPerTarget: 3,
    /** Attempts over all targets and keys of one request. */
    maxAttempts: 8,
    /** Backoff between attempts; a provider-given wait wins, up to maxRetryAfterMs. */
    backoff: { baseDelayMs: 250, maxDelayMs: 8_000, maxRetryAfterMs: 30_000 },
    timeouts: {
      connectMs: 3_000,
      /** A stream whose first content event takes longer is failed over (reasoning models: raise it per route). */
      firstTokenMs: 15_000,
      /** A stream silent this long after it started is treated as stalled. */
      streamIdleMs: 15_000,
      /** A non-streamed answer that takes longer (a silent upstream) is failed over. */
      responseMs: 120_000,
      /** No new attempt starts after this much time since the request came in. */
      totalMs: 180_000,
    },
    /** Per target (upstream + model): consecutive failures that open it, and how long it stays open before a trial request. */
    breaker: { failureThreshold: 5, openMs: 30_000 },
    /** Requests wait here when every key is busy; only a full queue or an expired wait returns 429. */
    queue: { maxSize: 1_000, maxWaitMs: 30_000 },
    keys: {
      /** Concurrent requests per upstream key, unless configured. */
      maxInFlight: 256,
      /** A rate-limited key without a reset time rests this long. */
      cooldownMs: 30_000,
      /** A disabled key (rejected, no billing, no permission) is re-probed this often in the background. */
      reprobeMs: 5 * 60_000,
    },
    /** Resume a cut stream on the next target with the partial answer as an assistant prefill. */
    resumeStreams: true,
    /** Keep-alive connections per upstream origin. */
    connectionsPerUpstream: 128,
    /**
     * Stored answers (OpenAI responses) whose upstream key is remembered, so that requests naming one reach the key
     * whose project holds it; the least recently used are forgotten (about 100 bytes each).
     */
    rememberedResponses: 100_000,
    /**
     * Answers generated after their request was answered (OpenAI background responses) are looked at until they
     * finish, so their tokens count even if no client reads them: first this long after they were made, then twice
     * as far apart each time up to the longest interval, for at most `giveUpAfterMs`.
     */
    backgroundUsage: { firstCheckMs: 5_000, maxCheckIntervalMs: 60_000, giveUpAfterMs: 6 * 60 * 60_000, checkTimeoutMs: 10_000, maxFollowed: 10_000 },
    /** The data folder (SQLite store), relative to the working directory. */
    dataDir: '.llmdoctor',
    logLevel: 'info',
    /** Usage rows are written in batches: a crash loses at most one batch. */
    usage: { record: true, batchSize: 500, flushMs: 50 },
    /**
     * Log lines reach stdout in writes of this size, or this long after the first one waiting; while stdout
     * is slower than the lines come, this much is held before lines are dropped.
     */
    logLines: { batchBytes: 16_384, flushMs: 100, maxPendingBytes: 16 * 1024 * 1024 },
    /** How long the answer "is any client key active?" is reused before the store is asked again. */
    clientKeysRecheckMs: 1_000,
    /**
     * How long the request thread's writes (admin changes, the readiness heartbeat) wait for another process's lock
     * on the store. SQLite waits synchronously, so every request waits with them; usage rows have their own thread.
     */
    storeLockWaitMs: 250,
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
    /** Stored objects kept (OpenAI responses and conversations, across all projects); the oldest are dropped. */
    storedObjects: 10_000,
    /** Length of a generated answer when the caller sets no cap, in tokens. */
    answerTokens: { min: 8, max: 40 },
    /** Length of generated reasoning (Anthropic thinking), in tokens, before the caller's budget caps it. */
    thinkingTokens: { min: 24, max: 64 },
  },
} as const;
