import type { BudgetPeriod } from '../store/types.js';

const DAY_MS = 86_400_000;

/** The budget period that contains `now`, in UTC: [start, end); `total` runs from the epoch and never ends. */
export interface PeriodSpan {
  start: number;
  /** Epoch ms when the next period starts; null for `total`. */
  end: number | null;
}

export function periodSpan(period: BudgetPeriod, now: number): PeriodSpan {
  const date = new Date(now);
  const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  switch (period) {
    case 'day':
      return { start: day, end: day + DAY_MS };
    case 'week': {
      // getUTCDay: Sunday 0 ... Saturday 6; weeks start on Monday (ISO 8601)
      const start = day - ((date.getUTCDay() + 6) % 7) * DAY_MS;
      return { start, end: start + 7 * DAY_MS };
    }
    case 'month':
      return { start: Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1), end: Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) };
    case 'total':
      return { start: 0, end: null };
  }
}

/** `this month`, `today`... for messages. */
export function periodWords(period: BudgetPeriod): string {
  return { day: 'today (UTC)', week: 'this week (UTC, from Monday)', month: 'this month (UTC)', total: 'in total' }[period];
}
