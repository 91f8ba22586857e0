/**
 * Dependent territories and the country they belong to (ISO 3166-1 alpha-2), for supported-country
 * pages that name sovereign countries only: a caller in Puerto Rico is in the United States for them.
 */
const SOVEREIGN_OF: Readonly<Record<string, string>> = {
  AS: 'US', GU: 'US', MP: 'US', PR: 'US', UM: 'US', VI: 'US',
  AI: 'GB', BM: 'GB', IO: 'GB', VG: 'GB', KY: 'GB', FK: 'GB', GI: 'GB', MS: 'GB', PN: 'GB', SH: 'GB', TC: 'GB', GG: 'GB', JE: 'GB', IM: 'GB', GS: 'GB', AC: 'GB', TA: 'GB',
  GF: 'FR', PF: 'FR', TF: 'FR', BL: 'FR', MF: 'FR', PM: 'FR', WF: 'FR', NC: 'FR', GP: 'FR', MQ: 'FR', RE: 'FR', YT: 'FR',
  CX: 'AU', CC: 'AU', HM: 'AU', NF: 'AU',
  CK: 'NZ', NU: 'NZ', TK: 'NZ',
  AW: 'NL', CW: 'NL', SX: 'NL', BQ: 'NL',
  GL: 'DK', FO: 'DK',
  SJ: 'NO', BV: 'NO',
  AX: 'FI',
  EA: 'ES', IC: 'ES',
};

export const sovereignOf = (code: string): string | null => SOVEREIGN_OF[code] ?? null;
