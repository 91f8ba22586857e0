import { RETRY_POLICY } from '../core/categories.js';
import type { Diagnosis } from '../core/diagnosis.js';
import type { Palette } from './color.js';

/** The human view of a diagnosis, readable in five seconds: what, who, retry or not, why, what to do. */
export function renderDiagnosis(diagnosis: Diagnosis, paint: Palette): string {
  const headlineColor = diagnosis.category === 'unknown' ? paint.yellow : paint.red;
  const lines = [
    `${headlineColor(paint.bold(diagnosis.category))}  ${paint.bold(diagnosis.title)}`,
    `${paint.dim('provider ')}  ${diagnosis.provider}`,
    `${paint.dim('retryable')}  ${describeRetry(diagnosis, paint)}`,
  ];
  if (diagnosis.cause) lines.push(`${paint.dim('cause    ')}  ${diagnosis.cause}`);
  if (diagnosis.fixes.length > 0) {
    lines.push('', paint.bold('Fix'));
    diagnosis.fixes.forEach((fix, index) => lines.push(`  ${paint.cyan(`${index + 1}.`)} ${fix}`));
  }
  if (diagnosis.evidence.length > 0) {
    lines.push('', paint.dim('Evidence'));
    for (const item of diagnosis.evidence) lines.push(paint.dim(`  - ${item}`));
  }
  return `${lines.join('\n')}\n`;
}

function describeRetry(diagnosis: Diagnosis, paint: Palette): string {
  const after = diagnosis.retryAfterMs !== null ? `retry after ${formatDuration(diagnosis.retryAfterMs)}` : null;
  if (diagnosis.retryable) return paint.green(`yes, ${after ?? 'with exponential backoff'}`);
  if (RETRY_POLICY[diagnosis.category] === 'later') {
    return paint.yellow(`not now: wait for the quota to reset${after ? ` (${after})` : ''}`);
  }
  return paint.red('no: something must change before a retry can succeed');
}

/** 850 → "850ms", 6000 → "6s", 86400 → "1m26.4s", 7_500_000 → "2h5m". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = Math.round(ms / 100) / 10;
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  const restSeconds = Math.round((seconds - minutes * 60) * 10) / 10;
  if (minutes < 60) return restSeconds > 0 ? `${minutes}m${restSeconds}s` : `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  const restMinutes = minutes % 60;
  return restMinutes > 0 ? `${hours}h${restMinutes}m` : `${hours}h`;
}
