import { ClientKeySpecError, parseClientKeySpec } from '../gateway/clients/client-key-spec.js';
import type { ClientKeySpec } from '../gateway/clients/types.js';
import type { BudgetPeriod } from '../gateway/store/types.js';
import { integerOption, stringOption, UsageError, type OptionSpec, type ParsedArgs } from './args.js';
import { expiryOption, shortArgument } from './time-arguments.js';

/** The options of `llmdoctor keys create` that describe the key; `--meta` may be given several times. */
export const CLIENT_KEY_OPTIONS: readonly OptionSpec[] = [
  { name: 'name', takesValue: true, valueName: 'name' },
  { name: 'models', takesValue: true, valueName: 'model,...' },
  { name: 'rpm', takesValue: true, valueName: 'n' },
  { name: 'concurrency', takesValue: true, valueName: 'n' },
  { name: 'budget-tokens', takesValue: true, valueName: 'n' },
  { name: 'budget-period', takesValue: true, valueName: 'period' },
  { name: 'expires', takesValue: true, valueName: 'span or date' },
  { name: 'meta', takesValue: true, valueName: 'label=value' },
];

const BUDGET_PERIODS: readonly BudgetPeriod[] = ['day', 'week', 'month', 'total'];

/** The spec field each option fills, to name the option in the rules the spec parser checks. */
const OPTION_OF_FIELD: Record<string, string> = {
  name: '--name',
  models: '--models',
  rpm: '--rpm',
  max_concurrent: '--concurrency',
  budget_tokens: '--budget-tokens',
  budget_period: '--budget-period',
  expires_at: '--expires',
  metadata: '--meta',
};

/**
 * What the command line asks of a new key. Each option is checked here with a message that names it;
 * the result then goes through the admin API's spec parser, so both accept exactly the same keys.
 */
export function clientKeySpecOf(args: ParsedArgs, meta: readonly string[], now: number): ClientKeySpec {
  const input: Record<string, unknown> = {};
  const name = stringOption(args, 'name');
  if (name !== undefined) input.name = name;
  const models = stringOption(args, 'models');
  if (models !== undefined) input.models = modelList(models);
  const counts: Array<[string, string]> = [
    ['rpm', 'rpm'],
    ['concurrency', 'max_concurrent'],
    ['budget-tokens', 'budget_tokens'],
  ];
  for (const [option, field] of counts) {
    const value = integerOption(args, option, 1);
    if (value !== undefined) input[field] = value;
  }
  const period = stringOption(args, 'budget-period');
  if (period !== undefined) input.budget_period = budgetPeriod(period, input.budget_tokens !== undefined);
  const expires = stringOption(args, 'expires');
  if (expires !== undefined) input.expires_at = expiryOption(expires, now);
  if (meta.length > 0) input.metadata = metadata(meta);
  try {
    return parseClientKeySpec(input, now);
  } catch (error) {
    if (!(error instanceof ClientKeySpecError)) throw error;
    const option = error.field === null ? undefined : OPTION_OF_FIELD[error.field];
    throw new UsageError(option === undefined ? error.message : `${option}: ${error.message}`);
  }
}

function modelList(text: string): string[] {
  const models = [...new Set(text.split(',').map((model) => model.trim()).filter((model) => model !== ''))];
  if (models.length === 0) throw new UsageError('--models takes route or model names separated by commas, e.g. --models smart,gpt-4o-mini (leave it out to allow every model)');
  return models;
}

function budgetPeriod(text: string, hasBudget: boolean): BudgetPeriod {
  const period = BUDGET_PERIODS.find((known) => known === text.trim().toLowerCase());
  if (period === undefined) throw new UsageError(`--budget-period must be one of ${BUDGET_PERIODS.join(', ')} (got "${shortArgument(text)}")`);
  if (!hasBudget) throw new UsageError('--budget-period needs --budget-tokens: the number of input + output tokens the key may use per period');
  return period;
}

function metadata(pairs: readonly string[]): Record<string, string> {
  const labels = new Map<string, string>();
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    const label = equals === -1 ? '' : pair.slice(0, equals).trim();
    if (label === '') throw new UsageError(`--meta takes label=value, e.g. --meta team=search --meta owner=ana (got "${shortArgument(pair)}")`);
    if (labels.has(label)) throw new UsageError(`--meta ${label} is given twice: keep one`);
    labels.set(label, pair.slice(equals + 1).trim());
  }
  // fromEntries defines own properties: a label such as __proto__ stays a label
  return Object.fromEntries(labels);
}
