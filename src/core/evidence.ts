import { CLIENT_ERROR_CODE_PATTERN } from './client-error-codes.js';
import type { ClassifyInput, HeadersLike } from './diagnosis.js';
import { readErrorObject } from './error-object.js';
import { collectErrorRecords, type ErrorRecord } from './error-records.js';
import { normalizeHeaders } from './headers.js';
import { statusFromText } from './status-in-text.js';
import { extractStructures } from './text-structures.js';

/** Everything a failed call left behind, normalized once, with the questions rules ask of it. */
export class Evidence {
  readonly status: number | null;
  /** Where the status came from, for the evidence list. */
  readonly statusSource: string | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly records: readonly ErrorRecord[];
  /** All text: message, body, error messages, joined. */
  readonly text: string;
  /** Client/system error codes: given explicitly (node_error_code, err.code) first, then found in text. */
  readonly explicitCodes: readonly string[];
  readonly textCodes: readonly string[];
  readonly providerHint: string | null;
  readonly now: number;
  readonly isHtml: boolean;

  constructor(input: ClassifyInput) {
    const facts = readErrorObject(input.error);
    const bodies: unknown[] = [input.body, ...facts.bodies].filter((b) => b !== undefined && b !== null);
    const bodyTexts = bodies.map(bodyToText).filter((t) => t.length > 0);
    const texts = withoutRepeats([input.message ?? '', ...bodyTexts, ...facts.messages].filter((t) => t.length > 0));
    this.text = texts.join('\n');
    // Headers given directly win over those found on the error object
    this.headers = Object.assign({}, ...[...facts.headers.slice().reverse(), input.headers].map((h) => normalizeHeaders(h as HeadersLike)));
    const structures = [
      ...bodies.filter((b) => typeof b === 'object' && !(b instanceof Uint8Array) && !(b instanceof ArrayBuffer)),
      ...extractStructures(this.text),
    ];
    this.records = collectErrorRecords(structures);
    this.explicitCodes = unique([input.nodeErrorCode ?? '', ...facts.codes].filter((c) => /^[A-Z][A-Z0-9_]+$/.test(c)));
    this.textCodes = unique([...this.text.matchAll(CLIENT_ERROR_CODE_PATTERN)].map((m) => m[1]!));
    this.providerHint = input.provider ? String(input.provider).toLowerCase() : null;
    this.now = input.now ?? Date.now();
    this.isHtml = /<(?:!doctype html|html|head|title|body)[\s>]/i.test(this.text);

    const given = [input.status, ...facts.statuses].find((s): s is number => typeof s === 'number' && s >= 100 && s <= 599);
    const fromText = given === undefined ? statusFromText(this.text) : null;
    const fromBody = this.records.find((r) => r.httpCode !== null && r.httpCode >= 400 && r.httpCode <= 599)?.httpCode;
    if (given !== undefined) [this.status, this.statusSource] = [given, `HTTP ${given}`];
    else if (fromText) [this.status, this.statusSource] = [fromText.status, `status ${fromText.status} in "${fromText.phrase}"`];
    else if (fromBody) [this.status, this.statusSource] = [fromBody, `error.code ${fromBody} in the body`];
    else [this.status, this.statusSource] = [null, null];
  }

  /** The quoted phrase when the text matches, else null. */
  says(pattern: RegExp): string | null {
    const match = pattern.exec(this.text);
    if (!match) return null;
    const phrase = match[0].replace(/\s+/g, ' ').trim();
    return `"${phrase.length > 90 ? `${phrase.slice(0, 87)}...` : phrase}"`;
  }

  /** Describes the first envelope field (type, code, status, reason) equal to one of the values. */
  field(...values: string[]): string | null {
    for (const r of this.records) {
      for (const [name, value] of [['type', r.type], ['code', r.code], ['status', r.status], ['param', r.param]] as const) {
        if (value !== null && values.includes(value)) return `error.${name} = ${value}`;
      }
      const reason = r.reasons.find((x) => values.includes(x));
      if (reason) return `reason ${reason}`;
    }
    return null;
  }

  /** The first record message matching the pattern, quoted. */
  message(pattern: RegExp): string | null {
    for (const r of this.records) {
      if (r.message && pattern.test(r.message)) return `error.message "${r.message.replace(/\s+/g, ' ').trim().slice(0, 90)}"`;
    }
    return null;
  }

  header(name: string): string | undefined {
    return this.headers[name];
  }

  hasHeaderPrefix(prefix: string): string | null {
    const name = Object.keys(this.headers).find((h) => h.startsWith(prefix));
    return name ? `header ${name}` : null;
  }

  statusIs(...statuses: number[]): string | null {
    return this.status !== null && statuses.includes(this.status) ? (this.statusSource ?? `HTTP ${this.status}`) : null;
  }
}

function bodyToText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  if (body instanceof ArrayBuffer) return new TextDecoder().decode(new Uint8Array(body));
  try {
    return JSON.stringify(body) ?? '';
  } catch {
    return '';
  }
}

/** Texts minus those another text already contains (a message usually quotes the body). */
function withoutRepeats(texts: string[]): string[] {
  const distinct = unique(texts);
  return distinct.filter((text, i) => !distinct.some((other, j) => j !== i && other.length > text.length && other.includes(text)));
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
