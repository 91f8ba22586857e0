import { createAdminApi, type AdminApiOptions } from '../../../src/gateway/admin/admin-api.js';
import { adminViewOf, type AdminView } from '../../../src/gateway/admin/admin-view.js';
import type { Upstream } from '../../../src/gateway/engine/upstream.js';
import { AdmissionQueue } from '../../../src/gateway/pool/admission-queue.js';
import { CircuitBreakers } from '../../../src/gateway/pool/circuit-breaker.js';
import { KeyPool } from '../../../src/gateway/pool/key-pool.js';
import { startHttp } from '../../net/support/servers.js';
import { FakeClock } from '../pool/fake-clock.js';
import { diagnosis, flush, keyConfigs, lease } from '../pool/fixtures.js';

/** 2026-03-01T12:00:00Z. */
export const START = Date.UTC(2026, 2, 1, 12);
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const ADMIN_TOKEN = 'test-admin-token-6f1c0a9e';

export const REJECTED_TITLE = 'The provider rejected the API key';

/** A gateway's live state, made with the real pool, queue and breakers on a fake clock. */
export interface SampleGateway {
  view: AdminView;
  clock: FakeClock;
  /** Every upstream key in it, to scan answers for. */
  secrets: string[];
  close(): void;
}

/**
 * `troubled`: upstream "openai" (3 keys: #1 healthy with a request in flight, #2 cooling 12 s more, #3 disabled
 * 3 min ago as key_invalid, re-probed 80 s ago, its diagnosis quoting the whole key) with 2 requests queued, and
 * upstream "claude" (1 healthy key); breakers: openai/gpt-4o open 30 s more, openai/gpt-4o-mini half-open,
 * claude/claude-sonnet-4-5 closed. `healthy`: one upstream, every key healthy, one closed breaker.
 */
export async function sampleGateway(kind: 'troubled' | 'healthy'): Promise<SampleGateway> {
  const clock = new FakeClock(START);
  const limits = { maxInFlight: 8, cooldownMs: 30 * SECOND, reprobeMs: 100 * SECOND };
  const openaiKeys = keyConfigs(3);
  const claudeSecret = 'sk-ant-api03-Zx81Qw02Er93Ty04Ui95Op06As17Df28Gh39';
  const rejected = diagnosis('key_invalid', REJECTED_TITLE);
  const openai = new KeyPool({
    upstream: 'openai',
    keys: openaiKeys,
    limits,
    rateHeaders: [],
    now: clock.now,
    timers: clock,
    probe: async (secret) => ({ ...rejected, cause: `Incorrect API key provided: ${secret}.` }),
  });
  const claude = new KeyPool({
    upstream: 'claude',
    keys: [{ secret: claudeSecret, label: 'ANTHROPIC_API_KEY', maxInFlight: null, requestsPerMinute: 50, tokensPerMinute: null }],
    limits,
    rateHeaders: [],
    now: clock.now,
    timers: clock,
  });
  const queue = new AdmissionQueue({ maxSize: 10, now: clock.now, timers: clock });
  const breakers = new CircuitBreakers(clock.now);
  const settings = { failureThreshold: 2, openMs: 30 * SECOND };

  if (kind === 'troubled') {
    openai.release(lease(openai.acquire(0, new Set([0, 1]))), { kind: 'disable', diagnosis: { ...rejected, cause: `Incorrect API key provided: ${openaiKeys[2]!.secret}.` } });
    const halfOpen = breakers.get('openai/gpt-4o-mini', { failureThreshold: 2, openMs: MINUTE });
    halfOpen.failure();
    halfOpen.failure();
    clock.advance(100 * SECOND);
    await flush();
    clock.advance(80 * SECOND);
    lease(openai.acquire(100));
    openai.release(lease(openai.acquire(0)), { kind: 'cooldown', until: clock.now() + 12 * SECOND, diagnosis: diagnosis('rate_limited', 'Rate limited by the provider') });
    void queue.wait(clock.now() + 10 * MINUTE, null);
    void queue.wait(clock.now() + 10 * MINUTE, null);
    const open = breakers.get('openai/gpt-4o', settings);
    open.failure();
    open.failure();
  }
  breakers.get('claude/claude-sonnet-4-5', settings).success();

  const upstream = (name: string, provider: string, baseUrl: string, pool: KeyPool, queue: AdmissionQueue) => [name, { name, config: { provider }, baseUrl, pool, queue }] as const;
  const upstreams = new Map([
    upstream('openai', 'openai', 'https://relay-user:relay-pass-9d8c7b@api.openai.com/v1', openai, queue),
    ...(kind === 'troubled' ? [upstream('claude', 'anthropic', 'https://api.anthropic.com', claude, new AdmissionQueue({ maxSize: 10, now: clock.now, timers: clock }))] : []),
  ]) as unknown as ReadonlyMap<string, Upstream>;
  return {
    view: adminViewOf({ upstreams, breakers }),
    clock,
    secrets: [...openaiKeys.map((key) => key.secret), claudeSecret],
    close: () => {
      queue.wakeAll();
      openai.close();
      claude.close();
    },
  };
}

/** The admin API on a real HTTP server on 127.0.0.1; other paths answer a plain 404 "not admin". */
export async function serveAdmin(options: AdminApiOptions): Promise<{ url: string; close(): Promise<void> }> {
  const api = createAdminApi(options);
  const { port, close } = await startHttp((req, res) => {
    api(req, res)
      .then((answered) => {
        if (!answered) {
          res.writeHead(404, { 'content-type': 'text/plain' });
          res.end('not admin');
        }
      })
      .catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`handler threw: ${String(error)}`);
      });
  });
  return { url: `http://127.0.0.1:${port}`, close };
}
