/** The Prometheus text exposition format (version 0.0.4): names, label pairs and sample values. */

export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function assertMetricName(name: string): void {
  if (!METRIC_NAME.test(name)) throw new Error(`"${name}" is not a valid Prometheus metric name: use letters, digits, _ and :, not starting with a digit.`);
}

export function assertLabelName(name: string): void {
  if (!LABEL_NAME.test(name) || name.startsWith('__')) {
    throw new Error(`"${name}" is not a valid Prometheus label name: use letters, digits and _, not starting with a digit or __.`);
  }
}

/** Backslash, double quote and line feed are the only characters a label value escapes. */
export function escapeLabelValue(value: string): string {
  return /[\\"\n]/.test(value) ? value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') : value;
}

/** HELP text escapes backslash and line feed (a double quote stays as it is). */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** `a="x",b="y"`: the inside of a sample's braces. */
export function labelPairs(names: readonly string[], values: readonly string[]): string {
  let text = '';
  for (let index = 0; index < names.length; index++) {
    if (index > 0) text += ',';
    text += `${names[index]}="${escapeLabelValue(values[index] ?? '')}"`;
  }
  return text;
}

export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

/** `name{pairs} value`, without braces when there is no label. */
export function sampleLine(name: string, pairs: string, value: number): string {
  return pairs === '' ? `${name} ${formatValue(value)}\n` : `${name}{${pairs}} ${formatValue(value)}\n`;
}
