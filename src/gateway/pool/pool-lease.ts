import type { KeyLease } from './types.js';

/**
 * The lease the pool hands out: remembers where its tokens were counted, and that it was given back. The secret
 * sits in a private field behind a getter, so logging or serialising a lease never shows it.
 */
export class PoolLease implements KeyLease {
  released = false;
  readonly #secret: string;

  constructor(
    readonly upstream: string,
    readonly keyIndex: number,
    secret: string,
    readonly fingerprint: string,
    readonly reservedTokens: number,
    /** The epoch second the reservation was counted in, so the actual use corrects that same second. */
    readonly countedInSecond: number,
  ) {
    this.#secret = secret;
  }

  get secret(): string {
    return this.#secret;
  }
}
