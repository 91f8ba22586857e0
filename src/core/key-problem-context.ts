import type { InspectKeyOptions, KeyProblem } from './inspect-key.js';
import type { KeyFormat } from './key-format.js';

/** What problem messages may draw on besides a finding's details. None of it is part of the key. */

export type Explanation = Omit<KeyProblem, 'code'>;

/** The provider the key is about to be sent to, as the known formats describe it. */
export interface ExpectedProvider {
  id: string;
  name: string;
  /** Its formats that can call models. */
  formats: KeyFormat[];
  obtainFrom?: string;
}

export interface ProblemContext {
  /** Every known format. */
  formats: readonly KeyFormat[];
  /** The recognized format, if any. */
  format: KeyFormat | undefined;
  /** Length of the cleaned key. */
  length: number;
  expected: ExpectedProvider | undefined;
}

export function expectedProvider(formats: readonly KeyFormat[], options: InspectKeyOptions): ExpectedProvider | undefined {
  const id = options.expectedProvider?.toLowerCase();
  if (id === undefined || id === '') return undefined;
  const own = formats.filter((f) => f.provider === id && f.canCallModels && f.kind !== 'oauth_access');
  return { id, name: own[0]?.providerName ?? id, formats: own, obtainFrom: own.find((f) => f.obtainFrom)?.obtainFrom };
}

/** Where to get a key: of the recognized format, else of the expected provider. */
export function keySource(ctx: ProblemContext): string {
  return ctx.format?.obtainFrom ?? ctx.expected?.obtainFrom ?? "the provider's console";
}
