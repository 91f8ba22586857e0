import type { Diagnosis } from '../../core/diagnosis.js';
import type { ProviderTarget } from '../types.js';
import type { AuthResult } from './api-auth.js';
import { credentialsOf } from './api-auth.js';
import { DEFAULTS } from '../../core/defaults.js';
import type { FindingDraft, ReportFinding } from './api-finding.js';
import type { ApiHttp, HttpOutcome } from './api-http.js';
import { closeModelNames } from './api-model-names.js';
import { describeOutcome, diagnose, failureDraft, isSuccess } from './api-outcome.js';
import type { ProbeHttpRequest, ProviderProbe } from '../../providers/probe.js';

/**
 * `api.model`: access to each model the user named (`--model`), by retrieving it. A name the API does
 * not know, or one this key may not use, gets the closest names from the key's own listing.
 */

export interface ModelResult {
  model: string;
  outcome: HttpOutcome | null;
  diagnosis: Diagnosis | null;
}

export async function checkModels(
  target: ProviderTarget,
  probe: ProviderProbe,
  models: readonly string[],
  auth: AuthResult,
  http: ApiHttp,
  report: ReportFinding,
): Promise<ModelResult[]> {
  return Promise.all(models.map((model) => checkModel(target, probe, probe.normalizeModel(model), auth, http, report)));
}

async function checkModel(target: ProviderTarget, probe: ProviderProbe, model: string, auth: AuthResult, http: ApiHttp, report: ReportFinding): Promise<ModelResult> {
  const startedAt = Date.now();
  const credentials = credentialsOf(target);
  if (credentials === null || auth.blocker !== null) {
    report('api.model', {
      status: 'skip',
      title: `${probe.displayName} model ${model}: not checked`,
      detail: `Access to ${model} was not checked: ${auth.blocker ?? 'no key'}; fix that first.`,
    }, startedAt);
    return { model, outcome: null, diagnosis: null };
  }
  const request = probe.retrieveModel(target.baseUrl, credentials, model);
  const outcome = await http.send(request, DEFAULTS.doctor.api.retrieveTimeoutMs);
  if (isSuccess(outcome)) {
    const described = probe.describeModel(outcome.json) ?? model;
    report('api.model', {
      status: 'pass',
      title: `${probe.displayName} model ${model} is available`,
      detail: `${describeOutcome(request, outcome)}: ${described}.`,
    }, startedAt);
    return { model, outcome, diagnosis: null };
  }
  const diagnosis = diagnose(outcome, target.provider, target.key);
  report('api.model', withSuggestions(failureDraft(request, outcome, diagnosis, ''), model, auth.modelIds, diagnosis, request), startedAt);
  return { model, outcome, diagnosis };
}

function withSuggestions(draft: FindingDraft, model: string, listed: string[] | null, diagnosis: Diagnosis, request: ProbeHttpRequest): FindingDraft {
  const title = `${draft.title}: ${model}`;
  if (diagnosis.category !== 'model_not_found') return { ...draft, title };
  if (listed === null) return { ...draft, title, detail: `${draft.detail} No listing is available to suggest other names (${request.method} of the listing did not succeed).` };
  const close = closeModelNames(model, listed, DEFAULTS.doctor.api.modelSuggestions);
  const inListing = listed.includes(model);
  const seen = inListing
    ? `${model} is in this key's model listing, yet retrieving it failed: the organization or project may not be allowed to use it.`
    : `This key's listing has ${listed.length} models and ${model} is not among them${close.length > 0 ? `; the closest: ${close.join(', ')}` : ''}.`;
  const fix = close.length > 0 ? [`Use a name this key can see: ${close.join(', ')} (check the spelling and any dated suffix).`] : [];
  return { ...draft, title, detail: `${draft.detail} ${seen}`, fixes: [...fix, ...(draft.fixes ?? [])] };
}
