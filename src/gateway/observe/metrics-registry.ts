import { assertLabelName, assertMetricName, escapeHelp, labelPairs, sampleLine } from './exposition.js';

/** Label sets a metric keeps by default; clients naming random models must not grow memory without bound. */
export const DEFAULT_MAX_SERIES = 1000;
/** The label value every label of a set beyond the cap is folded into. */
export const OVERFLOW_LABEL_VALUE = 'other';
/** Longer label values are cut: a client may send a model name of any length. */
export const MAX_LABEL_VALUE_LENGTH = 128;

export interface RegistryOptions {
  /** Label sets kept per metric; beyond it new sets fold into one set whose every label is `other`. */
  maxSeriesPerMetric?: number;
}

export interface GaugeSample {
  labels: readonly string[];
  value: number;
}

interface Series<T> {
  /** The inside of the braces, rendered once when the series is made. */
  pairs: string;
  data: T;
}

/**
 * The label sets of one metric. The key is each value prefixed by its length, so no two distinct sets share a
 * key whatever characters the values hold.
 */
class SeriesTable<T> {
  private readonly series = new Map<string, Series<T>>();

  constructor(
    private readonly labelNames: readonly string[],
    private readonly maxSeries: number,
    private readonly make: () => T,
  ) {}

  get(values: readonly string[]): T {
    const key = keyOf(values);
    const found = this.series.get(key);
    if (found !== undefined) return found.data;
    if (values.length !== this.labelNames.length) {
      throw new Error(`Expected ${this.labelNames.length} label values (${this.labelNames.join(', ')}), got ${values.length}.`);
    }
    if (this.series.size >= this.maxSeries) return this.overflow();
    return this.add(key, values.map(cut));
  }

  entries(): IterableIterator<Series<T>> {
    return this.series.values();
  }

  /** The one set beyond the cap: it may be the cap's + 1st. */
  private overflow(): T {
    const values = this.labelNames.map(() => OVERFLOW_LABEL_VALUE);
    const key = keyOf(values);
    return this.series.get(key)?.data ?? this.add(key, values);
  }

  private add(key: string, values: readonly string[]): T {
    const entry = { pairs: labelPairs(this.labelNames, values), data: this.make() };
    this.series.set(key, entry);
    return entry.data;
  }
}

/** Values are cut before keying, so two long values that render alike share one series. */
function keyOf(values: readonly string[]): string {
  let key = '';
  for (const value of values) {
    const kept = value.length > MAX_LABEL_VALUE_LENGTH ? cut(value) : value;
    key += `${kept.length}:${kept}`;
  }
  return key;
}

function cut(value: string): string {
  return value.length > MAX_LABEL_VALUE_LENGTH ? `${value.slice(0, MAX_LABEL_VALUE_LENGTH - 1)}…` : value;
}

export class Counter {
  private readonly table: SeriesTable<{ value: number }>;

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
    maxSeries: number,
  ) {
    this.table = new SeriesTable(labelNames, maxSeries, () => ({ value: 0 }));
  }

  /** Adds `by` (0 makes the series appear). A counter never goes down. */
  inc(labels: readonly string[], by = 1): void {
    if (!(by >= 0) || by === Number.POSITIVE_INFINITY) throw new RangeError(`Counter ${this.name} can only grow by a finite amount ≥ 0 (got ${by}).`);
    this.table.get(labels).value += by;
  }

  render(): string {
    let text = header(this.name, this.help, 'counter');
    for (const { pairs, data } of this.table.entries()) text += sampleLine(this.name, pairs, data.value);
    return text;
  }
}

interface HistogramData {
  /** Observations per bucket, not cumulative; the last slot is +Inf. */
  counts: Float64Array;
  sum: number;
  count: number;
}

export class Histogram {
  private readonly table: SeriesTable<HistogramData>;
  private readonly bounds: string[];

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
    private readonly buckets: readonly number[],
    maxSeries: number,
  ) {
    if (labelNames.includes('le')) throw new Error(`Histogram ${name} cannot have a label named le: the buckets use it.`);
    if (buckets.length === 0 || buckets.some((bound, index) => !Number.isFinite(bound) || (index > 0 && bound <= buckets[index - 1]!))) {
      throw new Error(`Histogram ${name} needs finite buckets in increasing order (got ${buckets.join(', ')}).`);
    }
    this.bounds = buckets.map(String);
    this.table = new SeriesTable(labelNames, maxSeries, () => ({ counts: new Float64Array(buckets.length + 1), sum: 0, count: 0 }));
  }

  observe(labels: readonly string[], value: number): void {
    if (!Number.isFinite(value)) return;
    const data = this.table.get(labels);
    let slot = 0;
    while (slot < this.buckets.length && value > this.buckets[slot]!) slot++;
    data.counts[slot]!++;
    data.sum += value;
    data.count++;
  }

  render(): string {
    let text = header(this.name, this.help, 'histogram');
    const bucketName = `${this.name}_bucket`;
    for (const { pairs, data } of this.table.entries()) {
      const prefix = pairs === '' ? '' : `${pairs},`;
      let cumulative = 0;
      for (let slot = 0; slot < this.bounds.length; slot++) {
        cumulative += data.counts[slot]!;
        text += sampleLine(bucketName, `${prefix}le="${this.bounds[slot]}"`, cumulative);
      }
      text += sampleLine(bucketName, `${prefix}le="+Inf"`, data.count);
      text += sampleLine(`${this.name}_sum`, pairs, data.sum);
      text += sampleLine(`${this.name}_count`, pairs, data.count);
    }
    return text;
  }
}

/** A gauge read at scrape time: `collect` gives its samples, of which the first `maxSeries` distinct sets are kept. */
class CollectedGauge {
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
    private readonly collect: () => Iterable<GaugeSample>,
    private readonly maxSeries: number,
  ) {}

  render(): string {
    let text = header(this.name, this.help, 'gauge');
    const seen = new Set<string>();
    try {
      for (const sample of this.collect()) {
        if (seen.size >= this.maxSeries) break;
        if (sample.labels.length !== this.labelNames.length) throw new Error(`Gauge ${this.name}: expected ${this.labelNames.length} label values, got ${sample.labels.length}.`);
        const pairs = labelPairs(this.labelNames, sample.labels.map(cut));
        // A duplicate set (the same key listed twice) would make Prometheus reject the whole scrape
        if (seen.has(pairs)) continue;
        seen.add(pairs);
        text += sampleLine(this.name, pairs, sample.value);
      }
    } catch {
      // One broken source must not cost the whole scrape; the comment says which (never the error: it may hold a secret)
      text += `# collecting ${this.name} failed\n`;
    }
    return text;
  }
}

function header(name: string, help: string, type: 'counter' | 'gauge' | 'histogram'): string {
  return `# HELP ${name} ${escapeHelp(help)}\n# TYPE ${name} ${type}\n`;
}

/** Counters, histograms and scrape-time gauges, rendered in the Prometheus text format in registration order. */
export class MetricsRegistry {
  private readonly metrics: Array<{ render(): string }> = [];
  private readonly names = new Set<string>();
  private readonly maxSeries: number;

  constructor(options: RegistryOptions = {}) {
    this.maxSeries = options.maxSeriesPerMetric ?? DEFAULT_MAX_SERIES;
    if (!Number.isInteger(this.maxSeries) || this.maxSeries < 1) throw new RangeError(`maxSeriesPerMetric must be a whole number ≥ 1 (got ${this.maxSeries}).`);
  }

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.register(name, labelNames, new Counter(name, help, labelNames, this.maxSeries));
  }

  histogram(name: string, help: string, labelNames: readonly string[], buckets: readonly number[]): Histogram {
    return this.register(name, labelNames, new Histogram(name, help, labelNames, buckets, this.maxSeries));
  }

  gauge(name: string, help: string, labelNames: readonly string[], collect: () => Iterable<GaugeSample>): void {
    this.register(name, labelNames, new CollectedGauge(name, help, labelNames, collect, this.maxSeries));
  }

  render(): string {
    let text = '';
    for (const metric of this.metrics) text += metric.render();
    return text;
  }

  private register<T extends { render(): string }>(name: string, labelNames: readonly string[], metric: T): T {
    assertMetricName(name);
    for (const label of labelNames) assertLabelName(label);
    if (new Set(labelNames).size !== labelNames.length) throw new Error(`Metric ${name} names a label twice.`);
    if (this.names.has(name)) throw new Error(`Metric ${name} is registered twice.`);
    this.names.add(name);
    this.metrics.push(metric);
    return metric;
  }
}
