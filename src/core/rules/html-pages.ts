import { rule, type ErrorRule } from '../rule.js';

/** HTML error pages from CDNs and web servers, and the JSON-parse errors clients raise on them. */
const PARSE_ERROR_OF_HTML = /Unexpected token '?<'?|is not valid JSON|Expecting value: line 1 column 1|JSONDecodeError|invalid character '<'/i;

export const HTML_PAGE_RULES: readonly ErrorRule[] = [
  rule('region_blocked', (e) => e.status === 403 && e.header('cf-mitigated') && `header cf-mitigated: ${e.header('cf-mitigated')}`, {
    cause: 'Cloudflare, in front of the provider, answered with a challenge page: its risk controls flagged the network or country the request comes from (often a proxy or VPN exit).',
  }),
  rule('region_blocked', (e) => (e.isHtml || e.status === 403) && e.says(/Sorry, you have been blocked|You are unable to access|Attention Required! \| Cloudflare|Access denied \| [a-z0-9.-]+ used Cloudflare|Just a moment\.\.\.|cf-chl|cf_chl/i), {
    cause: 'The provider\'s CDN edge (Cloudflare) refused the request before it reached the API: the country or network is blocked, or the edge flagged the traffic as risky.',
  }),
  rule('region_blocked', (e) => e.status === 403 && (e.isHtml || e.says(PARSE_ERROR_OF_HTML)) && (e.says(/403 Forbidden|<title>403/i) || e.says(PARSE_ERROR_OF_HTML)), {
    cause: 'A 403 answered with an HTML page instead of the API\'s JSON means the request was stopped at the edge, which for these providers is almost always a country or network block.',
  }),
  rule('wrong_endpoint', (e) => e.status === 404 && e.isHtml && e.says(/404 Not Found|<title>404|page not found/i)),
  rule('timeout', (e) => (e.status === 504 || e.status === 524) && e.isHtml && e.says(/Gateway time-?out|<title>[^<]*504|A timeout occurred/i)),
  rule('server_error', (e) => e.isHtml && e.says(/502: Bad gateway|<title>[^<]*50[023]|Bad Gateway|Service Unavailable|Internal Server Error|Web server is returning an unknown error/i)),
];
