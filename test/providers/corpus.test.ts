import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classify } from '../../src/providers/classify.js';
import { corpusInput, loadDevCorpus } from '../helpers/corpus.js';

/**
 * Hard cases of the corpus and the signal that decides each one: the test fails if the
 * category is right for another reason.
 */
const TRICKY_SIGNALS: Record<string, [signal: string, why: string]> = {
  'an-011': ['credit balance is too low', 'Anthropic sends credit errors as 400 invalid_request_error; only the message says billing'],
  'an-033': ['Extra usage is required', 'a 429 rate_limit_error that is an entitlement: retrying never helps'],
  'an-035': ['organization has been disabled', 'a disabled organization arrives as 400, not 401/403'],
  'an-053': ['ERR_BAD_REQUEST', "axios' code for any 4xx: an answer arrived, so not a network failure; Claude Code's check names the country"],
  'an-b001': ['Request failed with status code 403', "Claude Code's start-up check got a 403 straight from the edge"],
  'an-b005': ['error.message "Overloaded"', 'type api_error with HTTP 500, but the message says capacity'],
  'an-b011': ['error.message "Overloaded"', 'overload reported as api_error with no status: match the message, not only the type'],
  'az-008': ['daily or monthly cap', 'worded as a token rate limit, but a 24 h retry-after is a daily cap'],
  'az-011': ['currently experiencing high demand', 'Azure sheds load with 429, not 503'],
  'gm-019': ['limit: 0', 'a zero free-tier limit means no allowance: billing, and the "retry in 38s" hint is useless'],
  'gm-027': ["Method doesn't allow unregistered callers", 'Google answers a missing key with 403, a wrong one with 400'],
  'gm-b004': ['Resource has been exhausted', 'no quota id: per-minute is the default reading'],
  'gm-b014': ['nothing decisive', 'the message is cut off right after the URL: say unknown, do not guess'],
  'gm-b018': ['reason backendError', 'UNAVAILABLE without overload wording is a backend failure'],
  'gm-b020': ['Deadline expired before operation could complete', 'a 503 whose text says the server-side deadline ran out'],
  'net-b002': ['ECONNRESET', 'a reset during the TLS handshake is a reset, not a certificate problem'],
  'net-b008': ['Failed to establish a new connection', 'urllib3 "Max retries exceeded" wraps a failed TCP connect, not a rate limit'],
  'net-b013': ['SELF_SIGNED_CERT_IN_CHAIN', 'LiteLLM calls it InternalServerError; the text says certificate chain'],
  'net-b016': ['altnames: DNS:internal.litellm.proxy.net', 'the certificate presented belongs to a proxy: HTTPS_PROXY points at a gateway'],
  'net-b031': ['TimeoutError', 'a read timeout'],
  'net-b035': ['Failed to fetch', "browser fetch hides the cause; connect is the honest reading"],
  'net-b041': ['Failed to fetch', 'browser fetch hides the cause; connect is the honest reading'],
  'oa-056': ['Invalid URL (POST', '404 + "Invalid URL (" even when the path looks right'],
  'oa-080': ['organization must be verified', 'code unsupported_value on param stream looks like a bad parameter, but it is an org entitlement'],
  'oa-087': ['masked key echo "None"', 'Python None stringified was sent as the key'],
  'oa-b016': ['prefix of OpenRouter keys', 'the masked echo keeps the sk-or-v1 prefix'],
  'oa-b028': ['has the OpenAI key format but is unknown', 'a relay key sent to api.openai.com is indistinguishable from an unknown OpenAI key'],
  'px-b002': ['model name is empty', 'one-api "no channel" for an empty model name: the relay did not read the body'],
  'px-b011': ['Token amount has been exhausted', 'a relay token balance, answered with 401'],
  'px-b017': ['负载已饱和', 'new-api "upstream load saturated" is the upstream 429 reworded'],
  'px-b022': ['requires more credits', 'OpenRouter pre-authorizes max_tokens against the balance'],
  'px-b025': ['requires more credits', 'the settings/keys link and "monthly limit" make it the key limit, not the balance'],
  'px-b026': ['Prompt tokens limit exceeded', 'looks like context length, but the limit is what the key can still pay for'],
  'px-b034': ['No auth credentials found', "OpenRouter's wording for a request without its credential"],
  'px-b045': ['Failed to get response from provider', 'Cloudflare AI Gateway wraps an upstream failure in a 400'],
  'px-b047': ['401 status code (no body)', 'providers always explain a 401; an empty one comes from a gateway missing its own credential'],
  'px-b053': ['not implemented (request id', 'a relay 500 that retrying never fixes: no adaptor for this model on this route'],
  'px-b056': ['限速', 'a relay 503 whose text says the upstream rate limit'],
  'px-b058': ['guardrail restrictions and data policy', 'a 404 caused by account privacy settings'],
  'vx-b002': ['Publisher Model', 'the model is not served at that location'],
};

/**
 * Cases whose label contradicts another case with the same signals. A classifier that "passes"
 * them reads the label, not the evidence; we assert what we answer and why.
 */
const CONTRADICTED: Record<string, [ourCategory: string, why: string]> = {
  'an-b014': ['key_invalid', 'authentication_error with "API key is invalid." reads as a rejected key; the corruption (header sent twice) is not visible in the answer'],
  'gm-013': ['rate_limited', 'byte-for-byte the same signals as gm-020 (labelled rate_limited): a 429 RESOURCE_EXHAUSTED with no QuotaFailure detail'],
  'gm-047': ['key_missing', 'the same 403 "unregistered callers" text as gm-027/gm-046 (key_missing); the label rests on the reporter\'s belief'],
  'net-b039': ['network_connect', 'the same bare "TypeError: Failed to fetch" as net-b041 (network_connect); the typo in the host is not in the text'],
  'oa-b025': ['model_not_found', 'the same 404 model_not_found text as oa-043; the billing cause was found by the maintainer, not in the answer'],
  'px-b043': ['key_missing', '"Invalid or missing API key" says a key problem; the rogue base URL behind it is not in the text'],
};

describe('dev corpus: every real-world case', () => {
  for (const c of loadDevCorpus()) {
    const tricky = TRICKY_SIGNALS[c.id];
    const contradicted = CONTRADICTED[c.id];
    const label = contradicted ? `contradicts: ${contradicted[1]}` : tricky ? `TRICKY: ${tricky[1]}` : c.category;
    it(`${c.id} → ${c.category} (${label})`, () => {
      const diagnosis = classify(corpusInput(c));
      if (contradicted) {
        assert.equal(diagnosis.category, contradicted[0]);
        return;
      }
      assert.equal(diagnosis.category, c.category, diagnosis.evidence.join(' | '));
      assert.ok(diagnosis.evidence.length > 0, 'a diagnosis says what decided');
      if (tricky) assert.ok(diagnosis.evidence.some((line) => line.includes(tricky[0])), `decided by "${tricky[0]}", got: ${diagnosis.evidence.join(' | ')}`);
    });
  }

  it('every TRICKY/AMBIGUOUS case of the corpus is explained here', () => {
    const hard = loadDevCorpus().filter((c) => /TRICKY|AMBIGUOUS|Hard case/.test(c.note ?? ''));
    const unexplained = hard.filter((c) => !TRICKY_SIGNALS[c.id] && !CONTRADICTED[c.id]).map((c) => c.id);
    assert.deepEqual(unexplained, []);
  });
});
