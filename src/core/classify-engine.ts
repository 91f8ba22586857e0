import { RETRY_POLICY, type Category } from './categories.js';
import type { ClassifyInput, Diagnosis, ProviderId } from './diagnosis.js';
import { Evidence } from './evidence.js';
import { REMEDIES } from './remedies.js';
import { retryAfterFromHeaders, retryAfterFromText, retryDelayFromGoogle } from './retry-after.js';
import { redactSecrets } from './redact.js';
import type { ErrorRule, ProviderKnowledge } from './rule.js';
import { GENERIC_PHRASE_RULES } from './rules/generic-phrases.js';
import { HTML_PAGE_RULES } from './rules/html-pages.js';
import { LOCAL_CLIENT_RULES } from './rules/local-client.js';
import { NETWORK_RULES } from './rules/network.js';
import { GENERIC_STATUS_MEANING } from './rules/status-meaning.js';

/** A "rate limit" whose window resets this far away is a daily/monthly cap in disguise. */
const QUOTA_WINDOW_MS = 15 * 60 * 1000;
/** Wording of a daily or monthly window in a rate-limit message. */
const LONG_WINDOW = /\bper[ -]day\b|PerDay|\bdaily\b|\bper[ -]month\b|PerMonth|\bmonthly\b|\((?:RPD|TPD)\)/i;

interface Decision {
  category: Category;
  verdict: string;
  rule?: ErrorRule;
  owner?: ProviderKnowledge;
  producer?: ProviderId;
}

interface Detection {
  provider: ProviderKnowledge;
  score: number;
  reasons: string[];
}

/** What inspecting the key that was sent says about a rejection, or null when the key looks sound. */
export type SentKeyJudge = (key: string, provider: ProviderId) => { category: Category; verdict: string } | null;

/** A provider's "invalid key" answer looks the same for every cause; the key itself may say which. */
const KEY_REJECTIONS = new Set<Category>(['key_invalid', 'key_malformed', 'key_wrong_provider']);

/**
 * The generic decision: normalize the evidence, find who produced it, then ask the rules in a
 * fixed order of trust: the caller's own stack, the network, the provider's fields and phrases,
 * HTML pages, shared wording, and the bare status last. Then two refinements: the key that was sent
 * (when known) and the length of the wait (a "rate limit" resetting in hours is a quota).
 */
export function classifyWith(knowledge: readonly ProviderKnowledge[], input: ClassifyInput, judgeSentKey?: SentKeyJudge): Diagnosis {
  const evidence = new Evidence(input);
  const detections = detectProviders(knowledge, evidence);
  const detected = detections[0] && detections[0].score > 0 ? detections[0] : undefined;
  const decision = decide(evidence, detections, detected);
  const provider = decision.producer ?? decision.owner?.id ?? detected?.provider.id ?? 'unknown';
  const owner = knowledge.find((k) => k.id === provider);

  let category = decision.category;
  const retryHint = RETRY_POLICY[category] === 'never' ? null : findRetryAfter(evidence, owner);
  const notes: string[] = [];
  const keyVerdict = typeof input.apiKey === 'string' && judgeSentKey && KEY_REJECTIONS.has(category) ? judgeSentKey(input.apiKey, provider) : null;
  if (keyVerdict) {
    category = keyVerdict.category;
    notes.push(keyVerdict.verdict);
  }
  if (category === 'rate_limited' && retryHint && retryHint.ms >= QUOTA_WINDOW_MS) {
    category = 'quota_exceeded';
    notes.push(`the limit resets in ${Math.round(retryHint.ms / 60000)} min, so it is a daily or monthly cap, not a per-minute limit`);
  } else if (category === 'rate_limited') {
    const window = evidence.says(LONG_WINDOW);
    if (window) {
      category = 'quota_exceeded';
      notes.push(`${window} names a daily or monthly window, not a per-minute one`);
    }
  }
  const remedy = REMEDIES[category];
  const producerSignals = detections.find((d) => d.provider.id === provider)?.reasons ?? [];
  const rule = decision.category === category ? decision.rule : undefined;
  const evidenceList = [
    ...(producerSignals.length > 0 ? [`provider ${provider}: ${producerSignals.slice(0, 2).join(', ')}`] : []),
    ...(evidence.statusSource && !decision.verdict.includes(evidence.statusSource) ? [evidence.statusSource] : []),
    decision.verdict,
    ...notes,
    ...(retryHint ? [`retry after ${retryHint.ms} ms from ${retryHint.source}`] : []),
  ];
  return {
    category,
    provider,
    retryable: RETRY_POLICY[category] === 'now',
    retryAfterMs: retryHint ? Math.round(retryHint.ms) : null,
    title: rule?.title ?? remedy.title,
    cause: redactSecrets(rule?.cause ?? remedy.cause),
    fixes: unique([...(rule?.fixes ?? []), ...(owner?.fixes?.[category] ?? []), ...remedy.fixes]),
    evidence: evidenceList.map(redactSecrets),
    ...(rule?.mayBeInAnotherAccount && { mayBeInAnotherAccount: true }),
  };
}

function detectProviders(knowledge: readonly ProviderKnowledge[], evidence: Evidence): Detection[] {
  const hinted = evidence.providerHint;
  return knowledge
    .map((provider) => {
      const signals = provider.detect(evidence);
      const hint = hinted === provider.id ? [[100, 'named by the caller'] as const] : [];
      const all = [...hint, ...signals];
      return { provider, score: all.reduce((sum, [weight]) => sum + weight, 0), reasons: all.map(([, reason]) => reason) };
    })
    .sort((a, b) => b.score - a.score);
}

function decide(evidence: Evidence, detections: Detection[], detected: Detection | undefined): Decision {
  const generic = (rules: readonly ErrorRule[], producer?: ProviderId) => firstMatch(evidence, rules, undefined, producer);
  // Providers the evidence points to speak before shared wording; the others only after it
  const providerRules = (detectedOnly: boolean) => {
    for (const { provider, score } of detections) {
      if (score > 0 !== detectedOnly) continue;
      const found = firstMatch(evidence, provider.rules, provider);
      if (found) return found;
    }
    return null;
  };
  return (
    generic(LOCAL_CLIENT_RULES) ??
    generic(NETWORK_RULES, 'network') ??
    generic(HTML_PAGE_RULES) ??
    providerRules(true) ??
    generic(GENERIC_PHRASE_RULES) ??
    providerRules(false) ??
    fromStatus(evidence, detected) ?? { category: 'unknown', verdict: describeUnknown(evidence) }
  );
}

function firstMatch(evidence: Evidence, rules: readonly ErrorRule[], owner?: ProviderKnowledge, producer?: ProviderId): Decision | null {
  for (const rule of rules) {
    const verdict = rule.test(evidence);
    if (verdict) return { category: rule.category, verdict, rule, owner, producer: rule.producer ?? producer };
  }
  return null;
}

function fromStatus(evidence: Evidence, detected: Detection | undefined): Decision | null {
  const status = evidence.status;
  if (status === null) return null;
  // @google/genai invents `{"message":"","code":404}` for an empty body: a bare 404 alone says too little
  if (status === 404 && evidence.records.length > 0 && evidence.records.every((r) => !r.message)) return null;
  const specific = detected?.provider.statusMeaning?.[status];
  const category = specific ?? GENERIC_STATUS_MEANING[status];
  if (!category) return null;
  return { category, verdict: `${evidence.statusSource ?? `HTTP ${status}`} alone (no more specific field or phrase)`, owner: specific ? detected?.provider : undefined };
}

function findRetryAfter(evidence: Evidence, owner: ProviderKnowledge | undefined): { ms: number; source: string } | null {
  const fromHeaders = retryAfterFromHeaders(evidence.headers, owner?.resetHeaders ?? [], evidence.now);
  if (fromHeaders) return fromHeaders;
  for (const record of evidence.records) {
    const ms = record.retryDelay === null ? null : retryDelayFromGoogle(record.retryDelay);
    if (ms !== null) return { ms, source: `RetryInfo.retryDelay ${JSON.stringify(record.retryDelay)}` };
  }
  return retryAfterFromText(evidence.text, evidence.now);
}

function describeUnknown(evidence: Evidence): string {
  const seen = [
    evidence.statusSource ?? 'no HTTP status',
    evidence.records.length > 0 ? `error body with message "${(evidence.records[0]?.message ?? '').slice(0, 60)}"` : 'no error body',
    evidence.text.length > 0 ? `text "${evidence.text.replace(/\s+/g, ' ').slice(0, 80)}"` : 'no text',
  ];
  return `nothing decisive: ${seen.join('; ')}`;
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
