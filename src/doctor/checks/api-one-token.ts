import type { Diagnosis } from '../../core/diagnosis.js';
import type { ProviderTarget } from '../types.js';
import type { AuthResult } from './api-auth.js';
import { credentialsOf } from './api-auth.js';
import { DEFAULTS } from '../../core/defaults.js';
import type { ReportFinding } from './api-finding.js';
import type { ApiHttp, HttpOutcome } from './api-http.js';
import { describeOutcome, diagnose, failureDraft, isSuccess } from './api-outcome.js';
import type { ProviderProbe } from '../../providers/probe.js';

/**
 * `api.probe` (only with `--probe`): one generation capped at one output token. Billing, quota,
 * verification and region problems often show only here: listing models works with an empty wallet.
 */

export interface ProbeResult {
  outcome: HttpOutcome | null;
  diagnosis: Diagnosis | null;
}

export async function checkOneToken(target: ProviderTarget, probe: ProviderProbe, model: string, auth: AuthResult, http: ApiHttp, report: ReportFinding): Promise<ProbeResult> {
  const startedAt = Date.now();
  const cost = `One request to ${model} capped at 1 output token (it may cost a token or so of input and output).`;
  const credentials = credentialsOf(target);
  if (credentials === null || auth.blocker !== null) {
    report('api.probe', {
      status: 'skip',
      title: `${probe.displayName} one-token request not sent`,
      detail: `Not sent, so nothing was billed: ${auth.blocker ?? 'no key'}; fix that first.`,
    }, startedAt);
    return { outcome: null, diagnosis: null };
  }
  const request = probe.oneTokenRequest(target.baseUrl, credentials, model);
  const outcome = await http.send(request, DEFAULTS.doctor.api.probeTimeoutMs);
  if (isSuccess(outcome)) {
    report('api.probe', {
      status: 'pass',
      title: `${probe.displayName} generated with ${model}`,
      detail: `${cost} ${describeOutcome(request, outcome)}: billing, quota and access for generation work.`,
    }, startedAt);
    return { outcome, diagnosis: null };
  }
  const diagnosis = diagnose(outcome, target.provider, target.key);
  const draft = failureDraft(request, outcome, diagnosis, '');
  report('api.probe', { ...draft, title: `${draft.title} (one-token request to ${model})`, detail: `${cost} ${draft.detail}` }, startedAt);
  return { outcome, diagnosis };
}
