/**
 * The first-token and silence limits of one stream on one timer. Chunks only note the time; when the timer
 * fires early (the stream moved since it was set) it is set again for what is left. A stream costs one timer,
 * not one per limit plus a refresh per chunk.
 */
export class StreamDeadline {
  private flowing = false;
  private deadline: number;
  private dueAt = 0;
  private timer: NodeJS.Timeout | undefined;

  /** `expired` hears whether tokens were flowing (the silence limit) or not (the first-token limit). */
  constructor(
    firstTokenBy: number,
    private readonly silenceMs: number,
    private readonly expired: (flowing: boolean) => void,
  ) {
    this.deadline = firstTokenBy;
    this.arm(Date.now());
  }

  /** The first token arrived: from now on, the limit is `silenceMs` without a chunk. */
  tokensFlowing(now: number): void {
    this.flowing = true;
    this.deadline = now + this.silenceMs;
    if (this.deadline < this.dueAt) this.arm(now);
  }

  /** A chunk arrived. */
  moved(now: number): void {
    if (this.flowing) this.deadline = now + this.silenceMs;
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  private arm(now: number): void {
    clearTimeout(this.timer);
    this.dueAt = this.deadline;
    this.timer = setTimeout(this.check, Math.max(0, this.deadline - now));
  }

  private readonly check = (): void => {
    const now = Date.now();
    if (now < this.deadline) this.arm(now);
    else this.expired(this.flowing);
  };
}
