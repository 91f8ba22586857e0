import { write, writeSync } from 'node:fs';

export interface LineBatcherOptions {
  /** Pending bytes at which they are written at once. */
  batchBytes: number;
  /** The longest a line waits before it is written. */
  flushMs: number;
  /** Bytes held while the destination is slower than the lines come; lines beyond are dropped. */
  maxPendingBytes: number;
}

/** Written buffers kept for reuse. */
const SPARE_BUFFERS = 2;

/** A slow reader (a full pipe) gets this long before the write is tried again. */
const RETRY_BUSY_MS = 20;

/**
 * Writes log lines to a file descriptor (stdout) in batches, off the event loop: lines are encoded into
 * reusable buffers, and a buffer goes out in one asynchronous write once it holds `batchBytes` or its first
 * line is `flushMs` old. A line per request costs no system call and no garbage string, yet an operator
 * tailing a quiet gateway sees each line at once. What is still waiting when the process exits is written
 * synchronously, so nothing is lost; a destination that cannot keep up costs dropped lines, told to
 * `onDropped` once it caught up, never unbounded memory.
 */
export class LineBatcher {
  private current: Buffer;
  private used = 0;
  /** Filled buffers waiting for their write, oldest first, with their lengths. */
  private readonly queued: { buffer: Buffer; length: number }[] = [];
  private readonly spare: Buffer[] = [];
  private writing = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly drained: (() => void)[] = [];
  private droppedLines = 0;
  /** The queue was full when the current buffer should have joined it. */
  private heldBack = false;
  private readonly bufferBytes: number;
  private readonly writeAtExit = (): void => this.flushSync();

  constructor(
    private readonly fd: number,
    private readonly options: LineBatcherOptions,
    private readonly onDropped: (lines: number) => void = () => {},
  ) {
    this.bufferBytes = options.batchBytes * 2;
    this.current = Buffer.allocUnsafe(this.bufferBytes);
    process.once('exit', this.writeAtExit);
  }

  write(line: string): boolean {
    // UTF-8 takes at most 3 bytes per UTF-16 unit
    const room = line.length * 3;
    if (this.used + room > this.current.length && !this.queueCurrent(room)) {
      this.droppedLines++;
      return true;
    }
    this.used += this.current.write(line, this.used, 'utf8');
    if (this.used >= this.options.batchBytes) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.options.flushMs).unref();
    return true;
  }

  /** Sends what is waiting on its way; `done` hears once everything written so far is out. */
  flush(done?: (error?: Error | null) => void): void {
    this.cancelTimer();
    this.queueCurrent(0);
    this.writeNext();
    if (done === undefined) return;
    if (!this.writing && this.queued.length === 0 && this.used === 0) done();
    else this.drained.push(() => done());
  }

  /** Writes everything still waiting, blocking: for the process's last moments. */
  flushSync(): void {
    this.cancelTimer();
    // A write in flight finishes on its own thread; the queue behind it is ours to write
    for (const { buffer, length } of this.queued.splice(this.writing ? 1 : 0)) writeAllSync(this.fd, buffer, length);
    writeAllSync(this.fd, this.current, this.used);
    this.used = 0;
  }

  /** Flushes, and stops watching the process's exit; the descriptor stays open. */
  detach(): Promise<void> {
    process.off('exit', this.writeAtExit);
    return new Promise((resolve) => this.flush(() => resolve()));
  }

  /**
   * Queues the current buffer for writing and starts one with at least `room` bytes; false when that would
   * hold more than `maxPendingBytes` (the current buffer then stays as it is).
   */
  private queueCurrent(room: number): boolean {
    if (this.used === 0 && room <= this.current.length) return true;
    const size = Math.max(room, this.bufferBytes);
    const held = this.queued.reduce((sum, { buffer }) => sum + buffer.length, this.current.length);
    this.heldBack = held + size > this.options.maxPendingBytes;
    if (this.heldBack) return false;
    if (this.used > 0) this.queued.push({ buffer: this.current, length: this.used });
    this.current = size > this.bufferBytes ? Buffer.allocUnsafe(size) : (this.spare.pop() ?? Buffer.allocUnsafe(this.bufferBytes));
    this.used = 0;
    this.writeNext();
    return true;
  }

  private writeNext(): void {
    if (this.writing) return;
    const next = this.queued[0];
    if (next === undefined) {
      // Lines held back while the queue was full go now
      if (this.heldBack) return this.flush();
      if (this.droppedLines > 0) this.reportDropped();
      for (const callback of this.drained.splice(0)) callback();
      return;
    }
    this.writing = true;
    this.writeFrom(next.buffer, 0, next.length);
  }

  private writeFrom(buffer: Buffer, offset: number, length: number): void {
    write(this.fd, buffer, offset, length - offset, null, (error, written) => {
      if (error && (error as NodeJS.ErrnoException).code === 'EAGAIN') {
        // Not unref'd: lines still on their way keep the process alive, as a stream's would
        setTimeout(() => this.writeFrom(buffer, offset, length), RETRY_BUSY_MS);
        return;
      }
      if (!error && offset + written < length) {
        this.writeFrom(buffer, offset + written, length);
        return;
      }
      // A destination that refuses writes (closed, full disk) loses this buffer: a log must never stop the gateway
      this.queued.shift();
      // A backlog that cleared leaves at most a few buffers behind, not the whole backlog's worth
      if (buffer.length === this.bufferBytes && this.spare.length < SPARE_BUFFERS) this.spare.push(buffer);
      this.writing = false;
      this.writeNext();
    });
  }

  private reportDropped(): void {
    const lines = this.droppedLines;
    this.droppedLines = 0;
    this.onDropped(lines);
  }

  private cancelTimer(): void {
    if (this.timer === null) return;
    clearTimeout(this.timer);
    this.timer = null;
  }
}

function writeAllSync(fd: number, buffer: Buffer, length: number): void {
  let offset = 0;
  while (offset < length) {
    try {
      offset += writeSync(fd, buffer, offset, length - offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') return;
      Atomics.wait(PAUSE, 0, 0, 1);
    }
  }
}

/** Something to wait on for a millisecond, blocking, while a full pipe empties at exit. */
const PAUSE = new Int32Array(new SharedArrayBuffer(4));
