import type { SimulatedProviderId } from '../providers/simulator.js';

export interface Attempt {
  /** Wall clock, ms. */
  time: number;
  provider: SimulatedProviderId | null;
  method: string;
  path: string;
  /** Short SHA-256 fingerprint of the key sent (never the key), or null when none was sent. */
  keyFingerprint: string | null;
  scenario: string;
  /** HTTP status sent, or what happened instead: `reset`, `timeout` (never answered), `stream_cut`, `stream_stall`. */
  outcome: number | string;
}

/** The requests the mock saw, newest last; bounded so memory stays flat under load. */
export class AttemptLog {
  private items: Attempt[] = [];

  constructor(private readonly capacity: number) {}

  record(attempt: Attempt): void {
    this.items.push(attempt);
    // Trim in batches: one splice per `capacity / 4` requests instead of one per request
    if (this.items.length > this.capacity * 1.25) this.items = this.items.slice(-this.capacity);
  }

  list(): Attempt[] {
    return this.items.slice(-this.capacity);
  }

  clear(): void {
    this.items = [];
  }
}
