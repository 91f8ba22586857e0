import { sovereignOf } from '../core/territories.js';

/** A provider's supported-country list, shipped as data (`src/providers/<id>/regions.ts`). */
export interface SupportedRegions {
  source: string;
  /** The date of the page this copy was taken from. */
  asOf: string;
  /** False: the page names sovereign countries only, and their dependent territories count as them. */
  listsTerritories: boolean;
  /** Another way to the same models, for the fixes. */
  elsewhere: string;
  /** ISO 3166-1 alpha-2 codes. */
  countries: ReadonlySet<string>;
}

/** Whether the provider serves callers in `code` (ISO 3166-1 alpha-2), territories counting as their country where the list says so. */
export function servesCountry(regions: SupportedRegions, code: string): boolean {
  if (regions.countries.has(code)) return true;
  const sovereign = regions.listsTerritories ? null : sovereignOf(code);
  return sovereign !== null && regions.countries.has(sovereign);
}

/** The simulator's view of the same list: every country the provider does not serve is refused. */
export function refusedBy(regions: SupportedRegions): { has(code: string): boolean } {
  return { has: (code) => !servesCountry(regions, code) };
}
