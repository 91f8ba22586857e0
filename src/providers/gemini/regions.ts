/**
 * Where the Gemini API (and Google AI Studio) may be used: "Available regions for Google AI Studio and
 * Gemini API" (https://ai.google.dev/gemini-api/docs/available-regions), the page as last updated
 * 2025-11-19, plus Andorra, which later copies of the page (2026) add; transcribed on 2026-11-27. Unlike
 * the other providers' pages it names dependent territories one by one, so a territory not named is
 * not covered by its sovereign. Absent, among others: China, Hong Kong, Macao, Russia, Belarus, Iran,
 * North Korea, Syria, Cuba, Afghanistan, Myanmar, Moldova, Monaco, San Marino. Outside these, Google
 * points to the Gemini API on Vertex AI (Gemini Enterprise Agent Platform).
 */
export const GEMINI_SUPPORTED_REGIONS = {
  source: 'https://ai.google.dev/gemini-api/docs/available-regions',
  asOf: '2025-11-19',
  listsTerritories: true,
  /** Another way to the same models, for the fixes. */
  elsewhere: 'Google points callers outside these regions to the Gemini API on Vertex AI (Gemini Enterprise Agent Platform), which has its own regions.',
  countries: new Set<string>([
    'AL', 'DZ', 'AS', 'AD', 'AO', 'AI', 'AQ', 'AG', 'AR', 'AM', 'AW', 'AU', 'AT', 'AZ', 'BS', 'BH', 'BD', 'BB',
    'BE', 'BZ', 'BJ', 'BM', 'BT', 'BO', 'BA', 'BW', 'BR', 'IO', 'VG', 'BN', 'BG', 'BF', 'BI', 'CV', 'KH', 'CM',
    'CA', 'BQ', 'KY', 'CF', 'TD', 'CL', 'CX', 'CC', 'CO', 'KM', 'CK', 'CR', 'CI', 'HR', 'CW', 'CZ', 'CD', 'DK',
    'DJ', 'DM', 'DO', 'EC', 'EG', 'SV', 'GQ', 'ER', 'EE', 'SZ', 'ET', 'FK', 'FO', 'FJ', 'FI', 'FR', 'GA', 'GM',
    'GE', 'DE', 'GH', 'GI', 'GR', 'GL', 'GD', 'GU', 'GT', 'GG', 'GN', 'GW', 'GY', 'HT', 'HM', 'HN', 'HU', 'IS',
    'IN', 'ID', 'IQ', 'IE', 'IM', 'IL', 'IT', 'JM', 'JP', 'JE', 'JO', 'KZ', 'KE', 'KI', 'XK', 'KW', 'KG', 'LA',
    'LV', 'LB', 'LS', 'LR', 'LY', 'LI', 'LT', 'LU', 'MG', 'MW', 'MY', 'MV', 'ML', 'MT', 'MH', 'MR', 'MU', 'MX',
    'FM', 'MN', 'ME', 'MS', 'MA', 'MZ', 'NA', 'NR', 'NP', 'NL', 'NC', 'NZ', 'NI', 'NE', 'NG', 'NU', 'NF', 'MK',
    'MP', 'NO', 'OM', 'PK', 'PW', 'PS', 'PA', 'PG', 'PY', 'PE', 'PH', 'PN', 'PL', 'PT', 'PR', 'QA', 'CY', 'CG',
    'RO', 'RW', 'BL', 'SH', 'KN', 'LC', 'PM', 'VC', 'WS', 'ST', 'SA', 'SN', 'RS', 'SC', 'SL', 'SG', 'SK', 'SI',
    'SB', 'SO', 'ZA', 'GS', 'KR', 'SS', 'ES', 'LK', 'SD', 'SR', 'SE', 'CH', 'TW', 'TJ', 'TZ', 'TH', 'TL', 'TG',
    'TK', 'TO', 'TT', 'TN', 'TR', 'TM', 'TC', 'TV', 'UG', 'UA', 'AE', 'GB', 'US', 'UM', 'UY', 'VI', 'UZ', 'VU',
    'VE', 'VN', 'WF', 'EH', 'YE', 'ZM', 'ZW',
  ]),
} as const;
