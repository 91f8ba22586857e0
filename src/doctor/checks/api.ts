import type { CheckContext, ProviderTarget } from '../types.js';
import { checkAuth } from './api-auth.js';
import { clockDraft, measureSkew } from './api-clock.js';
import { findingReporter } from './api-finding.js';
import { createApiHttp } from './api-http.js';
import { checkModels, type ModelResult } from './api-models.js';
import { checkOneToken, type ProbeResult } from './api-one-token.js';
import { API_PROVIDERS, modelsFor } from './api-providers.js';
import { reportRateLimits } from './api-rate-limits.js';
import { readEdge, regionDraft, type ApiRegionRefusal } from './api-region.js';

/**
 * The API checks for one provider target, items 6 to 10 of the checklist: `api.auth`, `api.model`,
 * `api.probe` (with `--probe`), `api.rate_limits`, `region` and `clock`. The edge's view (region, clock)
 * is read alongside authentication; each finding is reported as soon as it is known.
 */
export async function checkApi(target: ProviderTarget, ctx: CheckContext): Promise<void> {
  const report = findingReporter(target, ctx);
  const { probe, regions } = API_PROVIDERS[target.provider];
  const startedAt = Date.now();
  if (ctx.options.offline) {
    report('api.auth', { status: 'skip', title: `${probe.displayName} API not contacted (--offline)`, detail: 'Offline run: authentication, model access, rate limits, region and clock were not checked.' }, startedAt);
    return;
  }
  if (!URL.canParse(target.baseUrl)) {
    report('api.auth', {
      status: 'fail',
      category: 'wrong_endpoint',
      title: `${probe.displayName} base URL is not a URL`,
      detail: `The base URL ${JSON.stringify(target.baseUrl)} (${target.baseUrlSource}) cannot be parsed, so the API was not called.`,
      fixes: ['Give the full address with its scheme, e.g. https://api.openai.com/v1, or unset the variable to use the default.'],
    }, startedAt);
    return;
  }
  const http = createApiHttp(ctx.options.env, ctx.signal);
  try {
    const edgeTask = readEdge(target, http);
    const auth = await checkAuth(target, probe, http, report);
    const models = modelsFor(target.provider, ctx.options.models);
    const modelResults = await checkModels(target, probe, models, auth, http, report);
    // The first named model that is available; the provider's cheapest when none is
    const probeModel = modelResults.find((result) => result.diagnosis === null && result.outcome !== null)?.model ?? probe.probeModel;
    const probeResult = ctx.options.probe ? await checkOneToken(target, probe, probeModel, auth, http, report) : null;
    reportRateLimits(probe, [{ label: 'one-token request', outcome: probeResult?.outcome ?? null }, { label: 'model listing', outcome: auth.outcome }], report, Date.now());

    const edge = await edgeTask;
    report('region', regionDraft(target, probe, regions, edge, regionRefusal(auth.diagnosis, modelResults, probeResult)), Date.now() - edge.outcome.ms);
    const origin = new URL(target.baseUrl).origin;
    const answers = [edge.outcome, auth.outcome, probeResult?.outcome ?? null, ...modelResults.map((result) => result.outcome)];
    report('clock', clockDraft(target, measureSkew(answers.map((outcome) => ({ origin, outcome })))), Date.now());
  } finally {
    await http.close();
  }
}

function regionRefusal(authDiagnosis: ModelResult['diagnosis'], models: readonly ModelResult[], probe: ProbeResult | null): ApiRegionRefusal | null {
  const steps: [string, ModelResult['diagnosis']][] = [['model listing', authDiagnosis], ['one-token request', probe?.diagnosis ?? null], ...models.map((m): [string, ModelResult['diagnosis']] => [`retrieval of ${m.model}`, m.diagnosis])];
  for (const [step, diagnosis] of steps) if (diagnosis?.category === 'region_blocked') return { step, diagnosis };
  return null;
}
