import { DEFAULTS } from '../core/defaults.js';
import { parseScenario } from '../core/scenarios.js';
import { parseFaultRates, type FaultRates } from './fault-plan.js';

export interface MockOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  seed?: number;
  /** ISO country code the caller appears to be in; providers that refuse it answer with their geo block. */
  region?: string;
  /** Scenario for every request that names none (`name` or `name:variant`). */
  scenario?: string;
  /** Random faults: `rate_limited=0.2,overloaded=0.05,reset=0.01`, or parsed rates. */
  faults?: string | FaultRates;
  /** Keys accepted besides the issued ones (for any provider). */
  keys?: readonly string[];
  requestsPerMinute?: number;
  tokensPerMinute?: number;
  firstTokenMs?: number;
  tokensPerSecond?: number;
  slowFirstTokenMs?: number;
  maxBodyBytes?: number;
  attemptsKept?: number;
  /** Stored objects kept for later requests (OpenAI responses and conversations), across all projects; the oldest are dropped. */
  storedObjects?: number;
}

export type ResolvedMockOptions = Required<Omit<MockOptions, 'faults' | 'scenario'>> & { faults: FaultRates; scenario: string };

/** Fills in defaults and rejects bad values with a message that says what to fix. */
export function resolveMockOptions(options: MockOptions = {}): ResolvedMockOptions {
  const d = DEFAULTS.mock;
  const region = (options.region ?? d.region).toUpperCase();
  if (!/^[A-Z]{2}$/.test(region)) throw new Error(`region must be a two-letter country code such as US or CN (got "${options.region}")`);
  const scenario = options.scenario ?? 'ok';
  if (!parseScenario(scenario)) throw new Error(`unknown scenario "${scenario}"; see \`llmdoctor mock --help\` for the list`);
  const resolved = {
    host: options.host ?? d.host,
    port: options.port ?? 0,
    seed: options.seed ?? d.seed,
    region,
    scenario,
    faults: typeof options.faults === 'string' ? parseFaultRates(options.faults) : (options.faults ?? []),
    keys: options.keys ?? [],
    requestsPerMinute: options.requestsPerMinute ?? d.requestsPerMinute,
    tokensPerMinute: options.tokensPerMinute ?? d.tokensPerMinute,
    firstTokenMs: options.firstTokenMs ?? d.firstTokenMs,
    tokensPerSecond: options.tokensPerSecond ?? d.tokensPerSecond,
    slowFirstTokenMs: options.slowFirstTokenMs ?? d.slowFirstTokenMs,
    maxBodyBytes: options.maxBodyBytes ?? d.maxBodyBytes,
    attemptsKept: options.attemptsKept ?? d.attemptsKept,
    storedObjects: options.storedObjects ?? d.storedObjects,
  };
  for (const name of ['port', 'seed', 'requestsPerMinute', 'tokensPerMinute', 'firstTokenMs', 'tokensPerSecond', 'slowFirstTokenMs', 'maxBodyBytes', 'attemptsKept', 'storedObjects'] as const) {
    const value = resolved[name];
    if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number of 0 or more (got ${value})`);
  }
  if (resolved.port > 65535) throw new Error(`port must be 0 to 65535 (got ${resolved.port})`);
  if (resolved.requestsPerMinute < 1 || resolved.tokensPerMinute < 1) throw new Error('requestsPerMinute and tokensPerMinute must be at least 1');
  return resolved;
}
