import type { Evidence } from '../../core/evidence.js';
import { rule, type ProviderKnowledge, type ProviderSignal } from '../../core/rule.js';

function detect(e: Evidence): ProviderSignal[] {
  const signals: ProviderSignal[] = [];
  if (/invalid subscription key or wrong API endpoint|regional API endpoint for your resource/i.test(e.text)) signals.push([4, 'Azure\'s invalid-key wording']);
  if (/\.openai\.azure\.com|cognitiveservices\.azure\.com|Azure[ -]?OpenAI|AzureException|aka\.ms\/oai/i.test(e.text)) signals.push([5, 'Azure OpenAI host or wording']);
  if (e.header('apim-request-id') || e.header('x-ms-region') || e.hasHeaderPrefix('azureml-')) signals.push([5, 'Azure response headers']);
  if (e.records.some((r) => r.code !== null && /^\d{3}$/.test(r.code))) signals.push([1, 'string HTTP code in error.code']);
  return signals;
}

export const AZURE_OPENAI_ERRORS: ProviderKnowledge = {
  id: 'azure-openai',
  name: 'Azure OpenAI',
  detect,
  rules: [
    rule('key_invalid', (e) => e.says(/Access denied due to invalid subscription key or wrong API endpoint/i), {
      cause: 'Azure gives the same answer for a wrong key and for a wrong regional endpoint: the key does not belong to the resource at this URL.',
      fixes: ['Copy KEY 1 and the Endpoint from the same resource (Azure portal → Keys and Endpoint), and send the key in the `api-key` header.'],
    }),
    rule('permission_denied', (e) => e.says(/\(PermissionDenied\)|Principal does not have access to API\/Operation/i), {
      fixes: ['Grant the identity the "Cognitive Services OpenAI User" role on the resource.'],
    }),
    rule('model_not_found', (e) => e.field('DeploymentNotFound') || e.says(/API deployment for this resource does not exist/i), {
      fixes: ['Use the deployment name (not the model name) in the URL, and wait a few minutes after creating a deployment.'],
    }),
    rule('content_blocked', (e) => e.field('content_filter', 'ResponsibleAIPolicyViolation') || e.says(/content management policy/i)),
    rule('overloaded', (e) => e.says(/currently experiencing high demand|maximum usage size allowed during peak load/i)),
    rule('rate_limited', (e) => e.says(/exceeded (?:token |call )?rate limit of your current|Rate limit is exceeded\. Try again in/i)),
    rule('wrong_endpoint', (e) => e.says(/\bResource not found\b/i), {
      fixes: ['Check the api-version query parameter and the path `/openai/deployments/<deployment>/chat/completions` on your resource endpoint.'],
    }),
  ],
};
