import type { ScenarioName } from '../core/scenarios.js';
import type { SimulatedProviderId } from '../providers/simulator.js';

/** The project of every key that names none: listed keys, and keys issued without one. */
export const DEFAULT_PROJECT = 'default';

export interface IssuedKey {
  provider: SimulatedProviderId | null;
  /** The scenario every request with this key plays, or null for the request's own. */
  scenario: string | null;
  /** The project the key belongs to: what it stores (OpenAI's stored responses) only its project's keys can find. */
  project: string;
}

/**
 * The keys the mock accepts: those it issued (each bound to a provider, maybe to a scenario) and
 * those listed at start. Any other key gets the provider's real "invalid key" answer.
 */
export class KeyRegistry {
  private readonly keys = new Map<string, IssuedKey>();

  constructor(private readonly listed: readonly string[] = []) {
    this.reset();
  }

  issue(key: string, provider: SimulatedProviderId, scenario: ScenarioName | `${ScenarioName}:${string}` | null, project = DEFAULT_PROJECT): void {
    this.keys.set(key, { provider, scenario, project });
  }

  lookup(key: string): IssuedKey | undefined {
    return this.keys.get(key);
  }

  /** Forgets issued keys; listed keys stay valid. */
  reset(): void {
    this.keys.clear();
    for (const key of this.listed) this.keys.set(key, { provider: null, scenario: null, project: DEFAULT_PROJECT });
  }
}
