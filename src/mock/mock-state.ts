import { fingerprint } from '../core/redact.js';
import type { ScenarioName } from '../core/scenarios.js';
import type { RateState, SimulatedProviderId } from '../providers/simulator.js';
import { SIMULATORS } from '../providers/simulators.js';
import { AttemptLog } from './attempts.js';
import { drawFault } from './fault-plan.js';
import { DEFAULT_PROJECT, KeyRegistry } from './key-registry.js';
import type { ResolvedMockOptions } from './options.js';
import { pickChars, seededRandom, type Random } from '../core/seeded-random.js';
import { RateBucket } from './rate-bucket.js';
import { StoredAnswers } from './stored-answers.js';

/** Everything the mock remembers between requests: keys, rate buckets, attempts, stored objects, the fault dice. */
export class MockState {
  readonly keys: KeyRegistry;
  readonly attempts: AttemptLog;
  readonly stored: StoredAnswers;
  private buckets = new Map<string, RateBucket>();
  private fingerprints = new Map<string, string>();
  private faultRandom: Random;
  private keyRandom: Random;
  private idRandom: Random;

  constructor(readonly options: ResolvedMockOptions) {
    this.keys = new KeyRegistry(options.keys);
    this.attempts = new AttemptLog(options.attemptsKept);
    this.stored = new StoredAnswers(options.storedObjects);
    this.faultRandom = seededRandom(options.seed);
    this.keyRandom = seededRandom(options.seed ^ 0x5bd1e995);
    this.idRandom = seededRandom(options.seed ^ 0x27d4eb2f);
  }

  issueKey(provider: SimulatedProviderId, scenario: ScenarioName | `${ScenarioName}:${string}` | null = null, project = DEFAULT_PROJECT): string {
    const key = SIMULATORS[provider].newKey(this.keyRandom);
    this.keys.issue(key, provider, scenario, project);
    return key;
  }

  drawFault(): ScenarioName | null {
    return drawFault(this.options.faults, this.faultRandom);
  }

  /** Takes from the key's bucket (cost > 0), or only reads it (cost = 0). */
  meter(provider: SimulatedProviderId, key: string, cost: number | null, now: number): RateState {
    const id = `${provider}\u0000${key}`;
    let bucket = this.buckets.get(id);
    if (!bucket) {
      bucket = new RateBucket(this.options.requestsPerMinute, this.options.tokensPerMinute, now);
      this.buckets.set(id, bucket);
    }
    return cost === null ? bucket.peek(now) : bucket.take(cost, now);
  }

  requestId(): string {
    return pickChars(this.idRandom, '0123456789abcdefghijklmnopqrstuvwxyz', 24);
  }

  /** Hashing every request's key would cost more than answering it: remember each key's fingerprint. */
  keyFingerprint(key: string | null): string | null {
    if (key === null) return null;
    let known = this.fingerprints.get(key);
    if (known === undefined) {
      if (this.fingerprints.size > 10_000) this.fingerprints.clear();
      known = fingerprint(key);
      this.fingerprints.set(key, known);
    }
    return known;
  }

  reset(): void {
    this.keys.reset();
    this.attempts.clear();
    this.buckets.clear();
    this.stored.clear();
    this.faultRandom = seededRandom(this.options.seed);
  }
}
