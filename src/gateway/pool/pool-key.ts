import type { UpstreamKeyConfig } from '../config/types.js';
import { fingerprint, maskSecret } from '../../core/redact.js';
import { MinuteWindow } from './minute-window.js';
import type { Alarm } from './timers.js';
import type { KeyHealth } from './types.js';

const HEALTHY: KeyHealth = { state: 'healthy' };

/** Why a key without room has none, and when a rate window gives it room again. */
export interface Shortage {
  inFlightFull: boolean;
  /** Epoch ms when the RPM and TPM windows both have room; null when neither is the limit. */
  windowsFreeAt: number | null;
}

/** One upstream key's standing, load and rate windows. */
export class PoolKey {
  readonly label: string;
  readonly fingerprint: string;
  readonly masked: string;
  health: KeyHealth = HEALTHY;
  inFlight = 0;
  readonly requests = new MinuteWindow();
  readonly tokens = new MinuteWindow();
  learnedRpm: number | null = null;
  learnedTpm: number | null = null;
  cooldownAlarm: Alarm | null = null;
  probeAlarm: Alarm | null = null;
  probing = false;

  constructor(
    private readonly config: UpstreamKeyConfig,
    private readonly defaultMaxInFlight: number,
  ) {
    this.label = config.label;
    this.fingerprint = fingerprint(config.secret);
    this.masked = maskSecret(config.secret);
  }

  get secret(): string {
    return this.config.secret;
  }

  get maxInFlight(): number {
    return this.config.maxInFlight ?? this.defaultMaxInFlight;
  }

  /** Configured limits win over what the provider's headers said. */
  get rpm(): number | null {
    return this.config.requestsPerMinute ?? this.learnedRpm;
  }

  get tpm(): number | null {
    return this.config.tokensPerMinute ?? this.learnedTpm;
  }

  /** The standing now: a cooldown whose end has passed is over (read lazily, so correctness needs no timer). */
  refresh(now: number): KeyHealth {
    if (this.health.state === 'cooling' && this.health.until <= now) this.health = HEALTHY;
    return this.health;
  }

  markHealthy(): void {
    this.health = HEALTHY;
  }

  load(): number {
    return this.inFlight / this.maxInFlight;
  }

  /** Healthy, below its in-flight cap, and its RPM and TPM windows can take one more request of `tokens`. */
  hasRoom(now: number, tokens: number): boolean {
    if (this.refresh(now).state !== 'healthy' || this.inFlight >= this.maxInFlight) return false;
    const rpm = this.rpm;
    if (rpm !== null && this.requests.sum(now) >= rpm) return false;
    const tpm = this.tpm;
    return tpm === null || this.tokens.sum(now) <= tokenCeiling(tpm, tokens);
  }

  /** For a healthy key without room: what holds it back. */
  shortage(now: number, tokens: number): Shortage {
    const rpm = this.rpm;
    const tpm = this.tpm;
    const requestsFreeAt = rpm === null ? now : this.requests.timeWhenAtMost(rpm - 1, now);
    const tokensFreeAt = tpm === null ? now : this.tokens.timeWhenAtMost(tokenCeiling(tpm, tokens), now);
    const freeAt = Math.max(requestsFreeAt, tokensFreeAt);
    return { inFlightFull: this.inFlight >= this.maxInFlight, windowsFreeAt: freeAt > now ? freeAt : null };
  }
}

/**
 * The most tokens the window may already hold for a request of `tokens` to fit. A request larger than the whole
 * budget still goes when the window is empty, or it could never go at all.
 */
function tokenCeiling(tpm: number, tokens: number): number {
  return Math.max(0, tpm - tokens);
}
