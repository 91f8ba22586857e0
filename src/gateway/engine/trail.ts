import type { Category } from '../../core/categories.js';
import type { Usage } from '../../providers/wire.js';
import type { GatewayCall } from './call.js';
import type { Target } from './route-plan.js';

export interface AttemptRecord {
  target: string;
  upstream: string;
  keyFingerprint: string | null;
  status: number | null;
  /** null for the attempt that served the request. */
  category: Category | null;
  durationMs: number;
}

/**
 * What one request did, handed to the gateway's hooks when it ends (the usage store and metrics of
 * issue 6 read this; nothing here holds a key, only fingerprints).
 */
export interface RequestRecord {
  requestId: string;
  receivedAt: number;
  /** The client key's id (`ck_…`); null without client keys. */
  clientKeyId: string | null;
  operation: string;
  family: string;
  route: string | null;
  modelAsked: string | null;
  modelServed: string | null;
  upstream: string | null;
  keyFingerprint: string | null;
  /** The status the client got; 499 when the client went away first. */
  status: number;
  streamed: boolean;
  /** A stream resumed on another attempt after a cut. */
  resumed: boolean;
  usage: Usage | null;
  attempts: AttemptRecord[];
  latencyMs: number;
  timeToFirstTokenMs: number | null;
  /** Failure categories met on the way, in order. */
  categories: Category[];
  malformedChunksDropped: number;
  /** The id the upstream stored the answer under (an OpenAI response), else null. */
  answerId: string | null;
}

/** Collects the attempts of one request and makes its record. */
export class Trail {
  readonly attempts: AttemptRecord[] = [];
  served: { target: Target; keyFingerprint: string } | null = null;
  usage: Usage | null = null;
  firstTokenAt: number | null = null;
  resumed = false;
  malformed = 0;
  /** Set when the answer served was stored upstream under this id. */
  answerId: string | null = null;

  constructor(
    private readonly call: GatewayCall,
    readonly route: string | null,
  ) {}

  failed(target: Target, keyFingerprint: string | null, status: number | null, category: Category, startedAt: number): void {
    this.attempts.push({ target: target.id, upstream: target.upstream.name, keyFingerprint, status, category, durationMs: Date.now() - startedAt });
  }

  succeeded(target: Target, keyFingerprint: string, status: number, startedAt: number): void {
    this.attempts.push({ target: target.id, upstream: target.upstream.name, keyFingerprint, status, category: null, durationMs: Date.now() - startedAt });
    this.served = { target, keyFingerprint };
  }

  addUsage(usage: Usage | null): void {
    if (usage === null) return;
    this.usage = this.usage === null ? { ...usage } : { inputTokens: this.usage.inputTokens + usage.inputTokens, outputTokens: this.usage.outputTokens + usage.outputTokens };
  }

  /** Headers of an error answer: the request id, the attempts made, the upstream that answered last. */
  headers(): Record<string, string> {
    const headers: Record<string, string> = {
      'x-llmdoctor-request-id': this.call.requestId,
      'x-llmdoctor-attempts': String(this.attempts.length),
    };
    const upstream = this.attempts[this.attempts.length - 1]?.upstream;
    if (upstream) headers['x-llmdoctor-upstream'] = upstream;
    return headers;
  }

  /**
   * Adds the headers of an answer `target` serves, its own attempt counted, to `headers`: who served it and with
   * which model. Written in place: the answer's headers are built once, never copied.
   */
  addServingHeaders(headers: Record<string, string>, target: Target): Record<string, string> {
    headers['x-llmdoctor-request-id'] = this.call.requestId;
    headers['x-llmdoctor-attempts'] = String(this.attempts.length + 1);
    headers['x-llmdoctor-upstream'] = target.upstream.name;
    const model = target.model ?? this.call.model;
    if (model) headers['x-llmdoctor-model'] = model;
    return headers;
  }

  record(status: number): RequestRecord {
    const { call } = this;
    return {
      requestId: call.requestId,
      receivedAt: call.receivedAt,
      clientKeyId: call.client?.id ?? null,
      operation: call.match.operation,
      family: call.match.family,
      route: this.route,
      modelAsked: call.model,
      modelServed: this.served ? (this.served.target.model ?? call.model) : null,
      upstream: this.served?.target.upstream.name ?? null,
      keyFingerprint: this.served?.keyFingerprint ?? null,
      status,
      streamed: call.streaming,
      resumed: this.resumed,
      usage: this.usage,
      attempts: this.attempts,
      latencyMs: Date.now() - call.receivedAt,
      timeToFirstTokenMs: this.firstTokenAt === null ? null : this.firstTokenAt - call.receivedAt,
      categories: this.categories(),
      malformedChunksDropped: this.malformed,
      answerId: this.answerId,
    };
  }

  private categories(): Category[] {
    const categories: Category[] = [];
    for (const attempt of this.attempts) if (attempt.category) categories.push(attempt.category);
    return categories;
  }
}
