/**
 * Where the Claude API may be used: "Countries, regions, and territories where we currently offer
 * commercial API access" (https://www.anthropic.com/supported-countries; the API docs keep a copy at
 * https://platform.claude.com/docs/en/api/supported-regions). Transcribed on 2026-11-27: the whole list
 * from the docs copy, plus the Central African Republic, the Democratic Republic of the Congo, Eritrea
 * and Ethiopia, which the newer anthropic.com page adds. Absent, among others: China, Hong Kong, Macao,
 * Russia, Belarus, Iran, North Korea, Syria, Cuba, Venezuela, Afghanistan, Myanmar. Ukraine is listed
 * except Crimea, Donetsk and Luhansk. Anthropic also refuses companies majority-owned from unlisted
 * countries, wherever they call from.
 */
export const ANTHROPIC_SUPPORTED_REGIONS = {
  source: 'https://www.anthropic.com/supported-countries',
  asOf: '2026-11-27',
  /** The page names countries only; dependent territories follow their sovereign country. */
  listsTerritories: false,
  /** Another way to the same models, for the fixes. */
  elsewhere: "Claude is also served through Amazon Bedrock and Google Cloud Vertex AI, under those clouds' regions and terms.",
  countries: new Set<string>([
    'AL', 'DZ', 'AD', 'AO', 'AG', 'AR', 'AM', 'AU', 'AT', 'AZ', 'BS', 'BH', 'BD', 'BB', 'BE', 'BZ', 'BJ', 'BT',
    'BO', 'BA', 'BW', 'BR', 'BN', 'BG', 'BF', 'BI', 'CV', 'KH', 'CM', 'CA', 'CF', 'TD', 'CL', 'CO', 'KM', 'CD',
    'CG', 'CR', 'CI', 'HR', 'CY', 'CZ', 'DK', 'DJ', 'DM', 'DO', 'EC', 'EG', 'SV', 'GQ', 'ER', 'EE', 'SZ', 'ET',
    'FJ', 'FI', 'FR', 'GA', 'GM', 'GE', 'DE', 'GH', 'GR', 'GD', 'GT', 'GN', 'GW', 'GY', 'HT', 'VA', 'HN', 'HU',
    'IS', 'IN', 'ID', 'IQ', 'IE', 'IL', 'IT', 'JM', 'JP', 'JO', 'KZ', 'KE', 'KI', 'KW', 'KG', 'LA', 'LV', 'LB',
    'LS', 'LR', 'LI', 'LT', 'LU', 'MG', 'MW', 'MY', 'MV', 'MT', 'MH', 'MR', 'MU', 'MX', 'FM', 'MD', 'MC', 'MN',
    'ME', 'MA', 'MZ', 'NA', 'NR', 'NP', 'NL', 'NZ', 'NE', 'NG', 'MK', 'NO', 'OM', 'PK', 'PW', 'PS', 'PA', 'PG',
    'PY', 'PE', 'PH', 'PL', 'PT', 'QA', 'RO', 'RW', 'KN', 'LC', 'VC', 'WS', 'SM', 'ST', 'SA', 'SN', 'RS', 'SC',
    'SL', 'SG', 'SK', 'SI', 'SB', 'ZA', 'KR', 'ES', 'LK', 'SR', 'SE', 'CH', 'TW', 'TJ', 'TZ', 'TH', 'TL', 'TG',
    'TO', 'TT', 'TN', 'TR', 'TM', 'TV', 'UG', 'UA', 'AE', 'GB', 'US', 'UY', 'UZ', 'VU', 'VN', 'ZM', 'ZW',
  ]),
} as const;
