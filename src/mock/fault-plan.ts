import { isScenarioName, SCENARIOS, type ScenarioName } from '../core/scenarios.js';
import type { Random } from '../core/seeded-random.js';

export type FaultRates = ReadonlyArray<readonly [ScenarioName, number]>;

/** Parses `rate_limited=0.2,overloaded=0.05,reset=0.01`; throws an error that says what to fix. */
export function parseFaultRates(text: string): FaultRates {
  const rates: [ScenarioName, number][] = [];
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [name = '', value = ''] = part.split('=', 2);
    if (!isScenarioName(name)) {
      throw new Error(`unknown fault "${name}" in --fault; use one of: ${Object.keys(SCENARIOS).filter((s) => s !== 'ok').join(', ')}`);
    }
    const rate = Number(value);
    if (value.trim() === '' || !Number.isFinite(rate) || rate < 0 || rate > 1) {
      throw new Error(`fault "${name}" needs a rate between 0 and 1, like ${name}=0.05 (got "${value}")`);
    }
    rates.push([name, rate]);
  }
  const total = rates.reduce((sum, [, rate]) => sum + rate, 0);
  if (total > 1) throw new Error(`fault rates add up to ${total.toFixed(3)}; they must add up to 1 or less`);
  return rates;
}

/** Draws the fault for one request (null: no fault), from the seeded generator. */
export function drawFault(rates: FaultRates, random: Random): ScenarioName | null {
  if (rates.length === 0) return null;
  let draw = random();
  for (const [name, rate] of rates) {
    if (draw < rate) return name;
    draw -= rate;
  }
  return null;
}
