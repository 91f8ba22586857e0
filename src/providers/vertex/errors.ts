import type { Evidence } from '../../core/evidence.js';
import { rule, type ProviderKnowledge, type ProviderSignal } from '../../core/rule.js';
import { detectGoogleEnvelope } from '../gemini/errors.js';

function detect(e: Evidence): ProviderSignal[] {
  if (!/aiplatform\.googleapis\.com|vertex[ -_]?ai|\/publishers\/google\/models|cloud\.google\.com\/vertex-ai|API keys are not supported by this API/i.test(e.text)) return [];
  return [[5, 'Vertex AI host or wording'], ...detectGoogleEnvelope(e)];
}

export const VERTEX_ERRORS: ProviderKnowledge = {
  id: 'vertex',
  name: 'Vertex AI',
  detect,
  rules: [
    rule('key_wrong_provider', (e) => e.says(/API keys are not supported by this API\. Expected OAuth2 access token/i), {
      title: 'An API key was sent to Vertex AI, which needs OAuth credentials',
      cause: 'Vertex AI does not take Gemini API (AI Studio) keys: it expects a Google Cloud OAuth access token from a service account or user credentials.',
      fixes: [
        'Use Application Default Credentials (`gcloud auth application-default login`, or GOOGLE_APPLICATION_CREDENTIALS pointing at a service-account file).',
        'Or call the Gemini API (generativelanguage.googleapis.com) if you meant to use an AI Studio key.',
      ],
    }),
    rule('bad_request', (e) => e.field('CONSUMER_INVALID') && e.says(/YOUR[-_]PROJECT[-_]?ID|PROJECT_ID\b|my-project|xxx/i), { cause: 'The project id in the URL is not a real project (often a placeholder such as YOUR-PROJECT-ID).' }),
    rule('permission_denied', (e) => e.says(/Permission '[\w.]+' denied on resource|Vertex AI API has not been used in project/i) || e.field('IAM_PERMISSION_DENIED', 'SERVICE_DISABLED')),
    rule('model_not_found', (e) => e.says(/Publisher Model `?[^`\n]*`? was not found|was not found or your project does not have access/i), {
      fixes: ['Check the model id and the location: preview models are often served only from `global` (GOOGLE_CLOUD_LOCATION=global).'],
    }),
    rule('overloaded', (e) => e.says(/temporarily out of capacity/i)),
    rule('rate_limited', (e) => e.says(/Resource exhausted\. Please try again later|error-code-429|Quota exceeded for aiplatform\.googleapis\.com/i) || e.field('RESOURCE_EXHAUSTED')),
  ],
  fixes: {
    rate_limited: ['Vertex uses dynamic shared quota: retry with backoff, or buy Provisioned Throughput for guaranteed capacity.'],
  },
};
