import type { Evidence } from '../../core/evidence.js';
import { oncePerEvidence, rule, type ProviderKnowledge, type ProviderSignal } from '../../core/rule.js';
import { echoedKey, looksLikeNonKey } from '../key-echo.js';

/** Model ids of the big providers' families: a relay with "no channel" for one of these has its channels down. */
const WELL_KNOWN_MODEL = /^(?:gpt-|o\d|chatgpt-|text-embedding-|claude-|gemini-|deepseek-|qwen|llama|mistral|glm-)/i;

function detect(e: Evidence): ProviderSignal[] {
  const signals: ProviderSignal[] = [];
  if (/\(request id: [\w-]+\)|one_api_error|new_api_error|No available channel for model|rix_api_error|upstream_error|无可用渠道|当前分组/.test(e.text)) signals.push([6, 'one-api/new-api relay wording']);
  if (/openrouter\.ai|OpenrouterException|No endpoints (?:found|available)|No (?:cookie )?auth credentials found/i.test(e.text)) signals.push([6, 'OpenRouter wording']);
  if (/'success':\s*False|"success":\s*false/.test(e.text)) signals.push([4, 'Cloudflare AI Gateway envelope']);
  if (/Invalid proxy server token|litellm proxy|\/key\/generate/i.test(e.text)) signals.push([6, 'LiteLLM proxy wording']);
  if (/[\u4e00-\u9fff]/.test(e.text)) signals.push([1, 'relay message in Chinese']);
  return signals;
}

/** one-api/new-api: "当前分组 default 下对于模型 <model> 无可用渠道" (no available channel for <model>). */
const noChannel = oncePerEvidence((e: Evidence): { model: string; phrase: string } | null => {
  const match = /对于模型\s?(.*?)\s?无可用渠道|No available channel for model\s?(.*?)\s?under group/i.exec(e.text);
  return match ? { model: (match[1] ?? match[2] ?? '').trim(), phrase: `"${match[0]}"` } : null;
});

export const RELAY_ERRORS: ProviderKnowledge = {
  id: 'proxy',
  name: 'relay or gateway',
  detect,
  rules: [
    rule('bad_request', (e) => {
      const found = noChannel(e);
      return found && found.model === '' && `${found.phrase}: the model name is empty, so the relay did not read the request body`;
    }),
    // new-api's "(distributor)" form: no channel offers this model at all (PR #6310 gives it code model_not_found)
    rule('model_not_found', (e) => (e.field('model_not_found') || e.says(/\(distributor\)/)) && noChannel(e)?.phrase),
    rule('server_error', (e) => {
      const found = noChannel(e);
      return found && WELL_KNOWN_MODEL.test(found.model) && `${found.phrase}: every channel serving ${found.model} is down or disabled`;
    }),
    rule('model_not_found', (e) => noChannel(e)?.phrase || e.says(/No endpoints found for [\w./:-]+/i), {
      cause: 'The relay does not offer this model (or not under this name).',
    }),
    rule('permission_denied', (e) => e.says(/No endpoints available matching your guardrail restrictions and data policy|只能在指定网段使用|IP (?:not )?(?:in )?(?:whitelist|allow ?list)/i)),
    // OpenRouter pre-authorizes max_tokens against the balance; the URL tells whose limit it is
    rule('quota_exceeded', (e) => e.says(/(?:requires more credits|Prompt tokens limit exceeded)[^\n]*(?:\n[^\n]*)?settings\/keys|higher monthly limit/i), {
      cause: 'This relay key has a monthly credit limit and it is used up (the account may still have credit).',
    }),
    rule('billing', (e) => e.says(/requires more credits|can only afford|insufficient_user_quota|用户额度不足|RemainQuota\s*=\s*0|Token amount has been exhausted/i)),
    rule('key_missing', (e) => e.says(/No (?:cookie )?auth credentials found|Missing Authentication header/i)),
    rule('key_missing', (e) => e.status === 401 && e.says(/\b401 status code \(no body\)/i), {
      cause: 'A 401 with an empty body comes from a gateway or proxy, not from the provider (the providers always explain a 401): the gateway\'s own credential was not sent.',
    }),
    rule('key_malformed', (e) => {
      const echo = echoedKey(e);
      // LiteLLM echoes the whole virtual key; real ones are long random strings
      const placeholder = echo !== null && (looksLikeNonKey(echo) || echo.length < 16);
      return placeholder && /Invalid proxy server token|not found in db/i.test(e.text) && `the gateway echoes a ${echo.length}-character key, a placeholder rather than a generated key`;
    }),
    rule('key_invalid', (e) => e.says(/无效的令牌|Invalid Token \(request id|Invalid proxy server token/i) || (e.status === 401 && e.says(/\bUser not found\b/i))),
    // LiteLLM's own spend cap ("Budget has been exceeded", "ExceededBudget")
    rule('quota_exceeded', (e) => e.says(/Budget has been exceeded|ExceededBudget|over budget/i), {
      cause: 'The gateway\'s own budget for this key, user or team is spent; the provider was never called.',
      fixes: ['Raise the budget of the virtual key/user/team in the gateway, or wait for its budget reset.'],
    }),
    rule('server_error', (e) => e.says(/Failed to get response from provider/i)),
    rule('wrong_endpoint', (e) => e.says(/\bnot implemented \(request id|Invalid provider\b|No route for that URI/i)),
  ],
  fixes: {
    billing: ['Top up the relay account or the relay token\'s quota (the relay\'s own balance, not the provider\'s).'],
    key_invalid: ['Check the relay token in the relay\'s console; relay tokens only work with the relay\'s base URL.'],
  },
};
