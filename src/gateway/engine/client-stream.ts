import type { ServerResponse } from 'node:http';
import type { ClientStreamFraming, GatewayError } from '../../providers/wire.js';
import type { GatewayCall } from './call.js';
import type { Failure } from './failure.js';
import type { Target } from './route-plan.js';
import type { Trail } from './trail.js';

/** The stream the client receives: opened at the first token, whatever attempts feed it. */
export class ClientStream {
  started = false;
  /** The answer's text forwarded so far (what a continuation must carry on from). */
  partialText = '';
  /** Nothing but text was forwarded: a tool call or reasoning cannot be carried on from a text prefill. */
  resumable = true;
  /** The failure that cut the stream after it started: the cause the client is told if nothing can resume it. */
  cutBy: Failure | null = null;
  /** The client has its whole answer. */
  ended = false;
  /** The text last written: its last event is the last one the client got. */
  lastWritten = '';
  /** Where the upstream stores the answer, when it does (seen as it started): a cut stream may be read on from there. */
  storedAs: { answerId: string; upstream: string; keyIndex: number } | null = null;
  /** Set when the client reads the stream other than as SSE: every write goes through it. */
  private readonly framing: ClientStreamFraming | null;

  constructor(
    private readonly res: ServerResponse,
    private readonly call: GatewayCall,
    private readonly trail: Trail,
  ) {
    this.framing = call.wire.clientFraming(call.match, call.query);
  }

  start(target: Target): void {
    this.started = true;
    this.trail.firstTokenAt = Date.now();
    const contentType = this.framing?.contentType ?? 'text/event-stream; charset=utf-8';
    this.res.writeHead(200, this.trail.addServingHeaders({ 'content-type': contentType, 'cache-control': 'no-cache' }, target));
  }

  /**
   * Writes; when the client's socket is full, returns a promise to wait on, so a slow reader does not
   * pile up memory (and a fast one costs no promise per chunk).
   */
  write(sse: string): Promise<void> | undefined {
    if (sse !== '') this.lastWritten = sse;
    const text = this.framing ? this.framing.reframe(sse) : sse;
    if (text === '' || this.res.destroyed || this.res.write(text)) return undefined;
    return new Promise((resolve) => this.res.once('drain', resolve).once('close', resolve));
  }

  /** Ends the stream with its last text in the same write. */
  finish(lastText = ''): void {
    this.ended = true;
    this.res.end(this.closing(lastText));
  }

  /** The last text, and whatever the client's framing closes with. */
  private closing(sse: string): string {
    return this.framing ? this.framing.reframe(sse) + this.framing.close() : sse;
  }

  /** Ends the stream with an error event in the client's format: never a completion marker. */
  fail(failure: Failure, status: number): void {
    const error: GatewayError = {
      status,
      message: `The answer was cut after it started and could not be resumed. ${failure.diagnosis.title}. ${failure.diagnosis.cause}`,
      diagnosis: failure.diagnosis,
      requestId: this.call.requestId,
      upstreamBody: null,
    };
    this.res.end(this.closing(this.call.wire.streamError(error)));
  }
}
