import { hostname } from 'node:os';
import type { DestinationStream } from 'pino';

/**
 * Writes request lines in the shape of the log's pino lines (level label, ISO time, pid, hostname, msg), with
 * one JSON.stringify of a flat object of known fields instead of pino's walk of every field: the line per
 * request is the log's hot path. Only for fields already safe to log.
 */
export class RequestLineWriter {
  private readonly processFields = JSON.stringify({ pid: process.pid, hostname: hostname() }).slice(1, -1);
  private lastMs = NaN;
  private lastTime = '';

  constructor(private readonly destination: DestinationStream) {}

  write(level: 'info' | 'warn', fields: Record<string, unknown>): void {
    const body = JSON.stringify(fields);
    const rest = body.length > 2 ? `,${body.slice(1)}` : '}';
    this.destination.write(`{"level":"${level}","time":"${this.isoTime(Date.now())}",${this.processFields},"msg":"request"${rest}\n`);
  }

  /** Many requests end within one millisecond: the same text serves them all. */
  private isoTime(ms: number): string {
    if (ms !== this.lastMs) {
      this.lastMs = ms;
      this.lastTime = new Date(ms).toISOString();
    }
    return this.lastTime;
  }
}
