import { rule, type ErrorRule } from '../rule.js';

/**
 * Last-resort wording shared by relays, gateways and frameworks, used only when no provider rule
 * decided. Most specific first: "quota ... per day" must win over "rate limit".
 */
export const GENERIC_PHRASE_RULES: readonly ErrorRule[] = [
  rule('key_malformed', (e) => e.says(/api key (?:contains|has) (?:invalid|illegal) characters|malformed (?:api )?key/i)),
  rule('billing', (e) => e.field('insufficient_quota', 'insufficient_user_quota', 'billing_not_active', 'billing_hard_limit_reached', 'credit_balance_exhausted', 'payment_required') ||
    e.says(/insufficient (?:balance|funds|credits?)|credit balance|out of credits|requires more credits|add (?:more )?credits|payment required|billing (?:hard )?limit|not enough (?:balance|credits)|余额不足|额度不足|配额不足|额度已用尽|额度用尽|余额已用尽|quota (?:is )?not enough|pre-consumed quota failed|RemainQuota\s*=\s*0/i)),
  rule('quota_exceeded', (e) => e.says(/(?:exhausted|used up|hit|reached|exceeded)\s+(?:your|the)\s+(?:daily|weekly|monthly|usage|plan)\s+(?:quota|limit)|(?:hit|reached) your (?:usage )?limit|limits? (?:will )?resets? (?:at|on)\b/i)),
  rule('quota_exceeded', (e) => e.says(/(?:quota|limit)[^.\n]{0,60}(?:per day|per-day|daily|per month|monthly)|(?:per day|per-day|daily|monthly)[^.\n]{0,40}(?:quota|limit)[^.\n]{0,20}(?:exceeded|reached|used)|free-models-per-day/i)),
  rule('context_length_exceeded', (e) => e.field('context_length_exceeded') ||
    e.says(/maximum context length|context (?:length|window) (?:exceeded|limit)|exceeds? (?:the )?(?:model'?s? )?context|prompt is too long|too many tokens|input (?:token count|is too long)|reduce the length of (?:the|your|either)/i)),
  rule('content_blocked', (e) => e.field('content_filter', 'content_policy_violation', 'SAFETY', 'PROHIBITED_CONTENT') ||
    e.says(/blocked (?:due to|for reason:?|by) (?:SAFETY|content|moderation|Gemini)|content (?:filter|management|moderation) policy|safety (?:system|filter|settings)|BlockedReason|flagged (?:as|by)|violat\w+ (?:our|the) (?:usage|content) polic/i)),
  rule('rate_limited', (e) => e.field('rate_limit_exceeded', 'rate_limit_error', 'rateLimitExceeded', 'too_many_requests') ||
    e.says(/rate[ -]?limit|too many requests|throttl|负载已饱和|限速|限流|请求过于频繁|concurrency limit/i)),
  rule('overloaded', (e) => e.says(/overloaded|high demand|out of capacity|server is busy|capacity constraints|服务器繁忙/i)),
  rule('model_not_found', (e) => e.field('model_not_found', 'DeploymentNotFound') ||
    e.says(/(?:model|deployment)\b[^.\n]{0,80}(?:does not exist|not found|not supported|is not available|unavailable)|(?:does not|doesn't) have access to (?:the )?model|no such model|unknown model|invalid model|模型[^\n]{0,40}不存在/i)),
  rule('key_missing', (e) => e.says(/\b[A-Z][A-Z0-9_]*_(?:API_KEY|ACCESS_TOKEN|AUTH_TOKEN)\b[^.\n]{0,40}\b(?:is )?(?:missing|not set|not found|empty|required)\b|\b(?:[Mm]issing|[Dd]id not find|[Cc]ould not find|[Nn]o)\b[^.\n]{0,20}\b[A-Z][A-Z0-9_]*_(?:API_KEY|ACCESS_TOKEN|AUTH_TOKEN)\b/)),
  rule('key_missing', (e) => e.says(/no (?:auth|api) (?:credentials|key)|missing (?:api[ _-]?key|authentication|bearer|credentials|authorization)|api[ _-]?key (?:is )?(?:missing|required|not (?:set|provided|found))|(?:provide|pass) an? api[ _-]?key|(?:api[ _-]?key|authorization|x-[\w-]*key)["' ]*header (?:is )?(?:missing|required)|未提供令牌/i)),
  rule('key_invalid', (e) => e.field('invalid_api_key', 'authentication_error', 'invalid_token') ||
    e.says(/invalid (?:api[ _-]?)?(?:key|token)|incorrect api key|api[ _-]?key\b[^.\n]{0,30}?\b(?:is )?(?:invalid|not valid|expired|revoked|incorrect)\b|authentication (?:failed|error)|unauthori[sz]ed|无效的令牌|令牌已过期|令牌已被禁用/i)),
  rule('region_blocked', (e) => e.says(/(?:country|region|territory|location)[^.\n]{0,40}(?:not supported|unsupported|not available)|unsupported[_ ](?:country|region)|not available in your (?:country|region)/i)),
  rule('permission_denied', (e) => e.field('permission_denied', 'PERMISSION_DENIED', 'permission_error', 'forbidden') ||
    e.says(/permission denied|insufficient permissions|not authorized|access denied|does not have (?:access|permission)|只能在指定|无权/i)),
  rule('wrong_endpoint', (e) => e.says(/Invalid URL \(|No route for that URI|Unknown (?:request )?URL|route not found|no route matched|404 page not found|Cannot (?:POST|GET) \//i)),
  rule('bad_request', (e) => e.says(/Invalid '[\w.[\]-]+':|Invalid value for '|Unsupported parameter|Unrecognized request argument|Expected an? [\w ]+ with (?:maximum|minimum) length|Additional properties are not allowed|is a required property/)),
  rule('server_error', (e) => e.field('server_error', 'api_error', 'internal_error', 'INTERNAL') ||
    e.says(/internal (?:server )?error|bad gateway|upstream (?:connect )?error|service (?:is )?(?:temporarily )?unavailable/i)),
  rule('timeout', (e) => e.says(/timed out|\btimeout\b(?!\s*=)|deadline exceeded|DEADLINE_EXCEEDED/i)),
];
