/**
 * Where the OpenAI API may be used: the countries on "Supported countries and territories"
 * (https://platform.openai.com/docs/supported-countries, now served at
 * https://developers.openai.com/api/docs/supported-countries). The page is an allow-list ("If a location
 * is not included in the list below, our API is not supported there") and carries no date; this copy was
 * transcribed on 2026-11-27 from stored copies of the page (the same list as zed-industries/zed
 * crates/open_ai/src/supported_countries.rs, whose territory entries are left out: the page names
 * sovereign countries only). Absent, among others: China, Hong Kong, Macao, Russia, Belarus, Iran,
 * North Korea, Syria, Cuba, Venezuela. Ukraine is listed "with certain exceptions" (occupied regions).
 */
export const OPENAI_SUPPORTED_REGIONS = {
  source: 'https://platform.openai.com/docs/supported-countries',
  asOf: '2026-11-27',
  /** The page names countries only; dependent territories follow their sovereign country. */
  listsTerritories: false,
  /** Another way to the same models, for the fixes. */
  elsewhere: "The Azure OpenAI Service serves OpenAI models under Microsoft's own regions and terms.",
  countries: new Set<string>([
    'AF', 'AL', 'DZ', 'AD', 'AO', 'AG', 'AR', 'AM', 'AU', 'AT', 'AZ', 'BS', 'BH', 'BD', 'BB', 'BE', 'BZ', 'BJ',
    'BT', 'BO', 'BA', 'BW', 'BR', 'BN', 'BG', 'BF', 'BI', 'CV', 'KH', 'CM', 'CA', 'CF', 'TD', 'CL', 'CO', 'KM',
    'CG', 'CD', 'CR', 'CI', 'HR', 'CY', 'CZ', 'DK', 'DJ', 'DM', 'DO', 'EC', 'EG', 'SV', 'GQ', 'ER', 'EE', 'SZ',
    'ET', 'FJ', 'FI', 'FR', 'GA', 'GM', 'GE', 'DE', 'GH', 'GR', 'GD', 'GT', 'GN', 'GW', 'GY', 'HT', 'VA', 'HN',
    'HU', 'IS', 'IN', 'ID', 'IQ', 'IE', 'IL', 'IT', 'JM', 'JP', 'JO', 'KZ', 'KE', 'KI', 'KW', 'KG', 'LA', 'LV',
    'LB', 'LS', 'LR', 'LY', 'LI', 'LT', 'LU', 'MG', 'MW', 'MY', 'MV', 'ML', 'MT', 'MH', 'MR', 'MU', 'MX', 'FM',
    'MD', 'MC', 'MN', 'ME', 'MA', 'MZ', 'MM', 'NA', 'NR', 'NP', 'NL', 'NZ', 'NI', 'NE', 'NG', 'MK', 'NO', 'OM',
    'PK', 'PW', 'PS', 'PA', 'PG', 'PY', 'PE', 'PH', 'PL', 'PT', 'QA', 'RO', 'RW', 'KN', 'LC', 'VC', 'WS', 'SM',
    'ST', 'SA', 'SN', 'RS', 'SC', 'SL', 'SG', 'SK', 'SI', 'SB', 'SO', 'ZA', 'KR', 'SS', 'ES', 'LK', 'SR', 'SE',
    'CH', 'SD', 'TW', 'TJ', 'TZ', 'TH', 'TL', 'TG', 'TO', 'TT', 'TN', 'TR', 'TM', 'TV', 'UG', 'UA', 'AE', 'GB',
    'US', 'UY', 'UZ', 'VU', 'VN', 'YE', 'ZM', 'ZW',
  ]),
} as const;
