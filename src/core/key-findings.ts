import type { KeyProblemCode } from './inspect-key.js';

/** A problem found in key text, with the harmless details (code points, header words) its message needs. */
export interface Finding {
  code: KeyProblemCode;
  details: string[];
}

/** Problems in the order first found, one entry per code; details are never parts of the key. */
export class Findings {
  private readonly byCode = new Map<KeyProblemCode, Finding>();

  add(code: KeyProblemCode, detail?: string): void {
    const finding = this.byCode.get(code) ?? { code, details: [] };
    if (detail !== undefined && !finding.details.includes(detail)) finding.details.push(detail);
    this.byCode.set(code, finding);
  }

  /** Takes over what was recorded apart, once it is known to count. */
  addAll(other: Findings): void {
    for (const { code, details } of other.list()) {
      this.add(code);
      details.forEach((detail) => this.add(code, detail));
    }
  }

  has(code: KeyProblemCode): boolean {
    return this.byCode.has(code);
  }

  list(): Finding[] {
    return [...this.byCode.values()];
  }
}
