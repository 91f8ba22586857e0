/**
 * A strict reader of the Prometheus text format (0.0.4), for checking our own output: it throws on any line
 * that is not a comment, a HELP/TYPE line or `name{labels} value`, on a sample before its TYPE, on a series
 * given twice, and on a histogram whose buckets are not cumulative or lack +Inf, _sum or _count.
 */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  types: Map<string, string>;
  help: Map<string, string>;
  samples: Sample[];
  comments: string[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)$`);
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

export function parseExposition(text: string): Exposition {
  if (text !== '' && !text.endsWith('\n')) throw new Error('the exposition must end with a line feed');
  const result: Exposition = { types: new Map(), help: new Map(), samples: [], comments: [] };
  const seen = new Set<string>();
  const lines = text.split('\n').slice(0, -1);
  for (const [index, line] of lines.entries()) {
    const where = `line ${index + 1} (${JSON.stringify(line)})`;
    if (line.startsWith('# HELP ')) {
      const match = new RegExp(`^# HELP (${NAME}) (.*)$`).exec(line);
      if (!match) throw new Error(`${where}: malformed HELP`);
      result.help.set(match[1]!, match[2]!);
    } else if (line.startsWith('# TYPE ')) {
      const match = new RegExp(`^# TYPE (${NAME}) (\\w+)$`).exec(line);
      if (!match || !TYPES.has(match[2]!)) throw new Error(`${where}: malformed TYPE`);
      if (result.types.has(match[1]!)) throw new Error(`${where}: TYPE given twice`);
      result.types.set(match[1]!, match[2]!);
    } else if (line.startsWith('#')) {
      result.comments.push(line);
    } else {
      const match = SAMPLE.exec(line);
      if (!match) throw new Error(`${where}: neither a comment nor name{labels} value`);
      const sample = { name: match[1]!, labels: parseLabels(match[2] ?? '', where), value: parseValue(match[3]!, where) };
      if (familyOf(sample.name, result.types) === null) throw new Error(`${where}: sample before (or without) its TYPE`);
      const id = seriesId(sample.name, sample.labels);
      if (seen.has(id)) throw new Error(`${where}: series given twice`);
      seen.add(id);
      result.samples.push(sample);
    }
  }
  checkHistograms(result);
  return result;
}

function parseLabels(text: string, where: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let at = 0;
  while (at < text.length) {
    const name = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(text.slice(at))?.[0];
    if (!name || text[at + name.length] !== '=' || text[at + name.length + 1] !== '"') throw new Error(`${where}: malformed label at ${at}`);
    at += name.length + 2;
    let value = '';
    for (;;) {
      const char = text[at];
      if (char === undefined) throw new Error(`${where}: unterminated label value`);
      if (char === '"') break;
      if (char === '\n') throw new Error(`${where}: raw line feed in a label value`);
      if (char === '\\') {
        const next = text[at + 1];
        if (next === '\\') value += '\\';
        else if (next === '"') value += '"';
        else if (next === 'n') value += '\n';
        else throw new Error(`${where}: unknown escape \\${next}`);
        at += 2;
        continue;
      }
      value += char;
      at++;
    }
    if (name in labels) throw new Error(`${where}: label ${name} given twice`);
    labels[name] = value;
    at++;
    if (at < text.length) {
      if (text[at] !== ',') throw new Error(`${where}: expected , between labels`);
      at++;
    }
  }
  return labels;
}

function parseValue(text: string, where: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  if (text === 'NaN') return Number.NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`${where}: ${text} is not a number`);
  return Number(text);
}

function familyOf(name: string, types: ReadonlyMap<string, string>): string | null {
  if (types.has(name)) return name;
  for (const suffix of ['_bucket', '_sum', '_count']) {
    const base = name.slice(0, -suffix.length);
    if (name.endsWith(suffix) && types.get(base) === 'histogram') return base;
  }
  return null;
}

function seriesId(name: string, labels: Record<string, string>): string {
  return `${name}${JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)))}`;
}

function checkHistograms(exposition: Exposition): void {
  for (const [family, type] of exposition.types) {
    if (type !== 'histogram') continue;
    const series = new Map<string, { buckets: Array<[number, number]>; sum?: number; count?: number }>();
    const entry = (labels: Record<string, string>) => {
      const { le: _le, ...rest } = labels;
      const id = seriesId('', rest);
      let found = series.get(id);
      if (!found) series.set(id, (found = { buckets: [] }));
      return found;
    };
    for (const sample of exposition.samples) {
      if (sample.name === `${family}_bucket`) {
        if (sample.labels.le === undefined) throw new Error(`${family}: a bucket without le`);
        entry(sample.labels).buckets.push([parseValue(sample.labels.le, family), sample.value]);
      } else if (sample.name === `${family}_sum`) entry(sample.labels).sum = sample.value;
      else if (sample.name === `${family}_count`) entry(sample.labels).count = sample.value;
      else if (sample.name === family) throw new Error(`${family}: a histogram sample without a suffix`);
    }
    for (const [id, { buckets, sum, count }] of series) {
      const where = `${family}${id}`;
      if (sum === undefined || count === undefined) throw new Error(`${where}: _sum or _count missing`);
      const last = buckets[buckets.length - 1];
      if (!last || last[0] !== Number.POSITIVE_INFINITY) throw new Error(`${where}: the last bucket is not +Inf`);
      if (last[1] !== count) throw new Error(`${where}: +Inf bucket ${last[1]} ≠ _count ${count}`);
      for (let index = 1; index < buckets.length; index++) {
        if (buckets[index]![0] <= buckets[index - 1]![0]) throw new Error(`${where}: buckets not in increasing le order`);
        if (buckets[index]![1] < buckets[index - 1]![1]) throw new Error(`${where}: buckets not cumulative`);
      }
    }
  }
}

/** The value of the one sample named `name` whose labels include `labels`; throws when none or several match. */
export function valueOf(exposition: Exposition, name: string, labels: Record<string, string> = {}): number {
  const found = samplesOf(exposition, name, labels);
  if (found.length !== 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0]!.value;
}

export function samplesOf(exposition: Exposition, name: string, labels: Record<string, string> = {}): Sample[] {
  return exposition.samples.filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
}
