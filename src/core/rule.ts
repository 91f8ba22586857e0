import type { Category } from './categories.js';
import type { ProviderId } from './diagnosis.js';
import type { Evidence } from './evidence.js';
import type { ResetHeaderSpec } from './retry-after.js';

/** What a rule says when it applies: the phrase or field that decided. */
export type RuleVerdict = string | null | undefined | false;

export interface ErrorRule {
  category: Category;
  /** Returns what decided (quoted field or phrase), or a falsy value when the rule does not apply. */
  test(evidence: Evidence): RuleVerdict;
  /** Overrides of the category's generic wording, when this rule knows more. */
  title?: string;
  cause?: string;
  fixes?: readonly string[];
  /** The error says a stored object the request names is not in this key's account (see Diagnosis). */
  mayBeInAnotherAccount?: true;
  /** Who produced this error when the rule matches, if not the provider that owns the rule. */
  producer?: ProviderId;
}

/** A signal that the error came from a given provider, with a weight. */
export type ProviderSignal = readonly [weight: number, reason: string];

/** What the classifier knows of one provider (or of relays, or of the network). */
export interface ProviderKnowledge {
  id: ProviderId;
  name: string;
  /** Signals pointing to this provider (envelope shape, headers, hosts, SDK names). */
  detect(evidence: Evidence): ProviderSignal[];
  /** Decisive rules, most specific first. */
  rules: readonly ErrorRule[];
  /** What a bare status means at this provider, when no rule decided. */
  statusMeaning?: Readonly<Partial<Record<number, Category>>>;
  /** Rate-limit reset headers this provider sends. */
  resetHeaders?: readonly ResetHeaderSpec[];
  /** Provider-specific remedies, put before the generic ones. */
  fixes?: Readonly<Partial<Record<Category, readonly string[]>>>;
}

/** Shorthand for a rule table row. */
export function rule(category: Category, test: ErrorRule['test'], extra: Omit<ErrorRule, 'category' | 'test'> = {}): ErrorRule {
  return { category, test, ...extra };
}

/** A reading several rules ask of the same evidence, computed once per classification. */
export function oncePerEvidence<T>(read: (evidence: Evidence) => T): (evidence: Evidence) => T {
  const cache = new WeakMap<Evidence, { value: T }>();
  return (evidence) => {
    let hit = cache.get(evidence);
    if (!hit) cache.set(evidence, (hit = { value: read(evidence) }));
    return hit.value;
  };
}
