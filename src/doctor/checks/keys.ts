import { performance } from 'node:perf_hooks';
import type { Category } from '../../core/categories.js';
import type { KeyInspection, KeyProblem, KeyProblemCode } from '../../core/inspect-key.js';
import { ALL_KEY_FORMATS, inspectKey } from '../../providers/key-formats.js';
import { finding } from '../environment/finding.js';
import { showPlain } from '../environment/show.js';
import { classifyHost } from '../environment/hosts.js';
import { PROVIDER_ENVIRONMENTS } from '../environment/provider-environments.js';
import type { CheckContext, Finding, ProviderTarget } from '../types.js';
import { baseUrlFinding } from './base-url.js';
import { OPENAI_MISMATCH_MESSAGES, OPENAI_ORGANIZATION_ID, OPENAI_PROJECT_ID } from '../../providers/openai/environment.js';

/**
 * The local checks of one provider target: `key.hygiene` (the key text), `key.kind` (what kind of key
 * it is against what it is used for) and `base_url`. No network: each finding is known at once.
 */
export async function checkKeyAndBaseUrl(target: ProviderTarget, ctx: CheckContext): Promise<void> {
  const steps: (() => Finding | null)[] = [
    () => keyHygieneFinding(target),
    () => keyKindFinding(target),
    () => openAiIdsFinding(target),
    () => baseUrlFinding(target),
  ];
  for (const step of steps) {
    if (ctx.signal.aborted) return;
    const started = performance.now();
    const result = step();
    if (result) ctx.report({ ...result, durationMs: Math.round(performance.now() - started) });
  }
}

/** Problems of what a key is for, reported by key.kind rather than key.hygiene. */
const KIND_CODES: ReadonlySet<KeyProblemCode> = new Set(['wrong_provider', 'cannot_call_models', 'short_lived_token']);

export function keyHygieneFinding(target: ProviderTarget): Finding {
  const env = PROVIDER_ENVIRONMENTS[target.provider];
  if (target.key === null) return finding(target.provider, 'key.hygiene', 'skip', `No ${env.name} key to inspect`, 'No key was found; env.keys says where it was looked for.');
  const inspection = inspectKey(target.key, { expectedProvider: target.provider });
  const problems = inspection.problems.filter((p) => !KIND_CODES.has(p.code));
  const summary = `${inspection.label}, ${inspection.length} characters${inspection.rawLength !== inspection.length ? ` (${inspection.rawLength} as stored)` : ''}: ${inspection.masked} (fp ${inspection.fingerprint}), from ${target.keySource ?? 'an unknown place'}`;
  if (problems.length === 0) {
    return finding(target.provider, 'key.hygiene', 'pass', `${env.name} key text is clean`, `${summary}. No whitespace, quotes, invisible characters or placeholder text; length and alphabet fit.`);
  }
  // Surrounding whitespace alone does not stop an SDK that reads the variable itself (it trims).
  const onlyTrimmable = target.key.trim() !== target.key && inspectKey(target.key.trim(), { expectedProvider: target.provider }).problems.every((p) => KIND_CODES.has(p.code));
  const status = onlyTrimmable ? 'warn' : 'fail';
  const detail = [
    `${summary}.`,
    ...problems.map((p) => `- ${p.message}`),
    ...(onlyTrimmable ? [`${env.sdk} trims the variable when it reads it itself, so \`new ${sdkClass(target)}()\` works; code that passes the value on (apiKey: process.env.…), the Python SDKs and curl send it as is and fail.`] : []),
  ].join('\n');
  return finding(target.provider, 'key.hygiene', status, problems[0]?.message ?? 'Key text problem', detail, {
    category: hygieneCategory(problems),
    fixes: unique(problems.map((p) => p.fix)),
  });
}

export function keyKindFinding(target: ProviderTarget): Finding {
  const env = PROVIDER_ENVIRONMENTS[target.provider];
  if (target.key === null) return finding(target.provider, 'key.kind', 'skip', `No ${env.name} key to classify`, 'No key was found.');
  const inspection = inspectKey(target.key, { expectedProvider: target.provider });
  const where = `${inspection.masked} (fp ${inspection.fingerprint}) from ${target.keySource ?? 'an unknown place'}`;
  const kindProblem = inspection.problems.find((p) => KIND_CODES.has(p.code));
  if (inspection.kind === 'unknown') {
    return finding(target.provider, 'key.kind', 'skip', `${env.name} key kind not recognized`, `${where}: not a key format llmdoctor knows (key.hygiene says why); its kind cannot be judged.`);
  }
  if (kindProblem?.code === 'wrong_provider') return wrongProviderFinding(target, inspection, kindProblem, where);
  if (kindProblem?.code === 'cannot_call_models') {
    return finding(target.provider, 'key.kind', 'fail', `${variableOf(target)} holds ${article(inspection.label)}, which cannot call models`, `${where}: ${kindProblem.message}`, {
      category: inspection.kind === 'admin' ? 'permission_denied' : 'key_invalid',
      fixes: [kindProblem.fix],
    });
  }
  if (kindProblem?.code === 'short_lived_token') {
    return finding(target.provider, 'key.kind', 'warn', `${variableOf(target)} holds ${article(inspection.label)}, which expires`, `${where}: ${kindProblem.message}`, { fixes: [kindProblem.fix] });
  }
  return finding(target.provider, 'key.kind', 'pass', `${inspection.label}: can call models`, `${where}: ${inspection.label}, sent as \`${inspection.sendAs ?? '?'}\`.`);
}

/** A key of another issuer: fine at that issuer's own endpoint, wrong anywhere else. */
function wrongProviderFinding(target: ProviderTarget, inspection: KeyInspection, problem: KeyProblem, where: string): Finding {
  const env = PROVIDER_ENVIRONMENTS[target.provider];
  const format = ALL_KEY_FORMATS.find((f) => f.id === inspection.formatId);
  const host = hostOf(target.baseUrl);
  const issuerHost = format?.baseUrl ? hostOf(format.baseUrl) : null;
  const kind = host !== null ? classifyHost(host, target.provider) : null;
  const atIssuer =
    (issuerHost !== null && host === issuerHost) ||
    (kind?.kind === 'other_provider' && kind.provider === inspection.provider);
  if (atIssuer) {
    return finding(target.provider, 'key.kind', 'pass', `${article(inspection.label)} with its own endpoint (${host})`, `${where}: ${inspection.label}, and the base URL (${target.baseUrlSource}) is ${inspection.providerName}'s, where this key works through the ${env.sdk} client.`);
  }
  if (inspection.kind === 'relay' && kind !== null && kind.kind !== 'own') {
    return finding(target.provider, 'key.kind', 'warn', `${article(inspection.label)} sent to ${host}`, `${where}: ${inspection.label}; it works only at ${inspection.providerName}${format?.baseUrl ? ` (${format.baseUrl})` : ''}, and the base URL is ${host}.`, {
      category: 'key_wrong_provider',
      fixes: [format?.baseUrl ? `Set ${env.baseUrlVars[0]}=${format.baseUrl} to use this key, or use the key that ${host} issued.` : `Use the key that ${host} issued.`],
    });
  }
  const fixes = [problem.fix];
  if (format?.baseUrl) fixes.push(`If you meant ${inspection.providerName}, set ${env.baseUrlVars[0]}=${format.baseUrl}.`);
  return finding(target.provider, 'key.kind', 'fail', `${variableOf(target)} holds ${article(inspection.label)}, not ${article(env.name)} key`, `${where}: ${problem.message}`, {
    category: 'key_wrong_provider',
    fixes,
  });
}

/**
 * OPENAI_ORG_ID / OPENAI_PROJECT_ID against the key: they become the OpenAI-Organization and
 * OpenAI-Project headers, and the API refuses a key whose organization or project differs (401).
 */
export function openAiIdsFinding(target: ProviderTarget): Finding | null {
  if (target.provider !== 'openai' || (target.organization === null && target.project === null)) return null;
  const ids = [
    { name: 'OPENAI_ORG_ID', value: target.organization, shape: OPENAI_ORGANIZATION_ID, example: 'org-…', other: OPENAI_PROJECT_ID, otherName: 'OPENAI_PROJECT_ID' },
    { name: 'OPENAI_PROJECT_ID', value: target.project, shape: OPENAI_PROJECT_ID, example: 'proj_…', other: OPENAI_ORGANIZATION_ID, otherName: 'OPENAI_ORG_ID' },
  ];
  const seen = ids.filter((id) => id.value !== null).map((id) => `${id.name}=${showPlain(id.value as string)}`).join(', ');
  const problems: { text: string; fix: string }[] = [];
  for (const id of ids) {
    if (id.value === null || id.shape.test(id.value)) continue;
    problems.push(
      id.other.test(id.value)
        ? { text: `${id.name} holds ${id.otherName === 'OPENAI_ORG_ID' ? 'an organization' : 'a project'} id (${showPlain(id.value)}): the two variables are swapped.`, fix: `Swap them: ${id.otherName}=${showPlain(id.value)}, and ${id.name} to an id like ${id.example}.` }
        : { text: `${id.name} is ${showPlain(id.value)}, not an id like ${id.example} + 24 characters (a name or title is not an id).`, fix: `Copy the id from https://platform.openai.com/settings (Organization or Project → General), or unset ${id.name}.` },
    );
  }
  const kind = target.key !== null ? inspectKey(target.key, { expectedProvider: 'openai' }).kind : 'unknown';
  if (problems.length > 0) {
    return finding('openai', 'key.kind', 'fail', problems[0]?.text ?? '', [`${seen}.`, ...problems.map((p) => `- ${p.text}`), `The API answers 401 "${target.project !== null ? OPENAI_MISMATCH_MESSAGES.project : OPENAI_MISMATCH_MESSAGES.organization}" when these do not fit the key.`].join('\n'), {
      category: 'permission_denied',
      fixes: problems.map((p) => p.fix),
    });
  }
  const projectNote =
    kind === 'project' && target.project !== null
      ? ` A project key belongs to one project: if ${showPlain(target.project)} is another one, the API answers 401 "${OPENAI_MISMATCH_MESSAGES.project}" (api.auth shows it); a project key needs no OPENAI_PROJECT_ID.`
      : '';
  return finding('openai', 'key.kind', 'pass', `OpenAI organization/project ids are well-formed`, `${seen}: ids of the right shape, sent as OpenAI-Organization / OpenAI-Project headers.${projectNote}`);
}

function hygieneCategory(problems: readonly KeyProblem[]): Category {
  return problems.every((p) => p.code === 'empty') ? 'key_missing' : 'key_malformed';
}

function variableOf(target: ProviderTarget): string {
  const env = PROVIDER_ENVIRONMENTS[target.provider];
  return env.keyVars.find((name) => target.keySource !== null && new RegExp(`\\b${name}\\b`).test(target.keySource)) ?? 'The key';
}

function sdkClass(target: ProviderTarget): string {
  return { openai: 'OpenAI', anthropic: 'Anthropic', gemini: 'GoogleGenAI' }[target.provider];
}

function hostOf(url: string): string | null {
  try {
    return new URL(url.trim()).hostname;
  } catch {
    return null;
  }
}

function article(label: string): string {
  return /^[AEIOU]/i.test(label) ? `an ${label}` : `a ${label}`;
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}
