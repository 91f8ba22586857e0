import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_LABEL_VALUE_LENGTH, MetricsRegistry } from '../../../src/gateway/observe/metrics-registry.js';
import { parseExposition, samplesOf, valueOf } from './exposition-parser.js';

describe('MetricsRegistry', () => {
  it('renders counters, histograms and gauges in the exposition format', () => {
    const registry = new MetricsRegistry();
    const counter = registry.counter('test_requests_total', 'Requests.', ['route', 'status']);
    const histogram = registry.histogram('test_latency_seconds', 'Latency.', ['upstream'], [0.1, 1, 10]);
    registry.gauge('test_depth', 'Depth.', ['queue'], () => [{ labels: ['a'], value: 3 }, { labels: ['b'], value: 0 }]);
    registry.counter('test_plain_total', 'No labels.').inc([], 2);
    counter.inc(['smart', '200']);
    counter.inc(['smart', '200']);
    counter.inc(['smart', '502'], 5);
    for (const seconds of [0.05, 0.1, 0.5, 2, 99]) histogram.observe(['openai'], seconds);
    histogram.observe(['anthropic'], 0.2);

    const text = registry.render();
    const parsed = parseExposition(text);
    assert.equal(parsed.types.get('test_requests_total'), 'counter');
    assert.equal(parsed.types.get('test_latency_seconds'), 'histogram');
    assert.equal(parsed.types.get('test_depth'), 'gauge');
    assert.equal(valueOf(parsed, 'test_requests_total', { route: 'smart', status: '200' }), 2);
    assert.equal(valueOf(parsed, 'test_requests_total', { route: 'smart', status: '502' }), 5);
    assert.equal(valueOf(parsed, 'test_plain_total'), 2);
    assert.match(text, /^test_plain_total 2$/m, 'no braces without labels');
    assert.equal(valueOf(parsed, 'test_depth', { queue: 'a' }), 3);
    // le is inclusive: 0.1 falls in the 0.1 bucket
    const buckets = samplesOf(parsed, 'test_latency_seconds_bucket', { upstream: 'openai' }).map((sample) => [sample.labels.le, sample.value]);
    assert.deepEqual(buckets, [['0.1', 2], ['1', 3], ['10', 4], ['+Inf', 5]]);
    assert.equal(valueOf(parsed, 'test_latency_seconds_count', { upstream: 'openai' }), 5);
    assert.ok(Math.abs(valueOf(parsed, 'test_latency_seconds_sum', { upstream: 'openai' }) - 101.65) < 1e-9);
    assert.equal(valueOf(parsed, 'test_latency_seconds_count', { upstream: 'anthropic' }), 1);
  });

  it('escapes backslash, double quote and line feed in label values, and backslash and line feed in help', () => {
    const registry = new MetricsRegistry();
    const nasty = 'gpt "4o"\\mini\nnext line, {x="y"}';
    registry.counter('test_total', 'Help with a \\ and a\nline feed "quoted".', ['model']).inc([nasty]);
    const text = registry.render();
    assert.ok(text.includes('model="gpt \\"4o\\"\\\\mini\\nnext line, {x=\\"y\\"}"'), text);
    assert.ok(text.includes('# HELP test_total Help with a \\\\ and a\\nline feed "quoted".\n'), text);
    const parsed = parseExposition(text);
    assert.equal(parsed.samples[0]!.labels.model, nasty);
  });

  it('keeps at most maxSeriesPerMetric label sets and folds the rest into one "other" set', () => {
    const registry = new MetricsRegistry({ maxSeriesPerMetric: 3 });
    const counter = registry.counter('test_total', 'Capped.', ['model', 'client']);
    for (let index = 0; index < 50; index++) counter.inc([`random-model-${index}`, `client-${index % 2}`]);
    counter.inc(['random-model-0', 'client-0'], 10);
    const parsed = parseExposition(registry.render());
    const series = samplesOf(parsed, 'test_total');
    assert.equal(series.length, 4, 'three kept sets and the overflow set');
    assert.equal(valueOf(parsed, 'test_total', { model: 'random-model-0', client: 'client-0' }), 11, 'a kept set still counts');
    assert.equal(valueOf(parsed, 'test_total', { model: 'other', client: 'other' }), 47);
  });

  it('caps histograms and scrape-time gauges the same way', () => {
    const registry = new MetricsRegistry({ maxSeriesPerMetric: 2 });
    const histogram = registry.histogram('test_seconds', 'Capped.', ['model'], [1]);
    for (let index = 0; index < 10; index++) histogram.observe([`m${index}`], 0.5);
    registry.gauge('test_gauge', 'Capped.', ['id'], () => Array.from({ length: 10 }, (_, index) => ({ labels: [`g${index}`], value: index })));
    const parsed = parseExposition(registry.render());
    assert.equal(samplesOf(parsed, 'test_seconds_count').length, 3);
    assert.equal(valueOf(parsed, 'test_seconds_count', { model: 'other' }), 8);
    assert.deepEqual(samplesOf(parsed, 'test_gauge').map((sample) => sample.labels.id), ['g0', 'g1']);
  });

  it('cuts very long label values, and two values alike once cut share one series', () => {
    const registry = new MetricsRegistry();
    const counter = registry.counter('test_total', 'Long values.', ['model']);
    const long = 'x'.repeat(10_000);
    counter.inc([`${long}a`]);
    counter.inc([`${long}b`]);
    const parsed = parseExposition(registry.render());
    const [sample, ...rest] = samplesOf(parsed, 'test_total');
    assert.equal(rest.length, 0);
    assert.equal(sample!.value, 2);
    assert.equal(sample!.labels.model!.length, MAX_LABEL_VALUE_LENGTH);
  });

  it('never keys two distinct label sets alike, whatever characters they hold', () => {
    const registry = new MetricsRegistry();
    const counter = registry.counter('test_total', 'Keys.', ['a', 'b']);
    counter.inc(['1:x', '']);
    counter.inc(['1', 'x']);
    counter.inc(['', '1:x']);
    const parsed = parseExposition(registry.render());
    assert.equal(samplesOf(parsed, 'test_total').length, 3);
  });

  it('drops a gauge set given twice, and survives a gauge whose source throws', () => {
    const registry = new MetricsRegistry();
    registry.gauge('test_dup', 'Duplicates.', ['key'], () => [{ labels: ['k1'], value: 1 }, { labels: ['k1'], value: 2 }]);
    registry.gauge('test_broken', 'Throws.', ['key'], () => {
      throw new Error('store gone: sk-proj-should-never-appear-1234567890');
    });
    registry.counter('test_after_total', 'After.').inc([]);
    const text = registry.render();
    const parsed = parseExposition(text);
    assert.equal(valueOf(parsed, 'test_dup', { key: 'k1' }), 1);
    assert.deepEqual(parsed.comments, ['# collecting test_broken failed']);
    assert.equal(valueOf(parsed, 'test_after_total'), 1, 'later metrics still render');
    assert.ok(!text.includes('sk-proj'));
  });

  it('refuses invalid names, duplicate metrics, an le label and unordered buckets', () => {
    const registry = new MetricsRegistry();
    assert.throws(() => registry.counter('1bad', 'x'), /not a valid Prometheus metric name/);
    assert.throws(() => registry.counter('good_total', 'x', ['bad-label']), /not a valid Prometheus label name/);
    assert.throws(() => registry.counter('good_total', 'x', ['__reserved']), /label name/);
    registry.counter('dup_total', 'x');
    assert.throws(() => registry.counter('dup_total', 'x'), /registered twice/);
    assert.throws(() => registry.histogram('h_seconds', 'x', ['le'], [1]), /le/);
    assert.throws(() => registry.histogram('h2_seconds', 'x', [], [1, 1]), /increasing/);
    assert.throws(() => registry.counter('neg_total', 'x').inc([], -1), RangeError);
    assert.throws(() => registry.counter('arity_total', 'x', ['a', 'b']).inc(['only one']), /Expected 2 label values/);
  });

  it('ignores non-finite observations instead of poisoning the sum', () => {
    const registry = new MetricsRegistry();
    const histogram = registry.histogram('test_seconds', 'x', [], [1]);
    histogram.observe([], Number.NaN);
    histogram.observe([], Number.POSITIVE_INFINITY);
    histogram.observe([], 0.5);
    const parsed = parseExposition(registry.render());
    assert.equal(valueOf(parsed, 'test_seconds_count'), 1);
    assert.equal(valueOf(parsed, 'test_seconds_sum'), 0.5);
  });
});

describe('the exposition parser used by these tests', () => {
  const valid = '# HELP h_seconds x\n# TYPE h_seconds histogram\nh_seconds_bucket{le="1"} 1\nh_seconds_bucket{le="+Inf"} 2\nh_seconds_sum 3\nh_seconds_count 2\n';

  it('accepts a valid histogram', () => {
    assert.equal(parseExposition(valid).samples.length, 4);
  });

  it('rejects what Prometheus would reject', () => {
    const broken: Array<[string, RegExp]> = [
      [valid.replace('le="1"} 1', 'le="1"} 3'), /not cumulative/],
      [valid.replace('h_seconds_bucket{le="+Inf"} 2\n', ''), /not \+Inf/],
      [valid.replace('h_seconds_count 2\n', ''), /_count missing/],
      ['# TYPE c_total counter\nc_total{a="x\\t"} 1\n', /unknown escape/],
      ['# TYPE c_total counter\nc_total{a="x"} 1\nc_total{a="x"} 2\n', /series given twice/],
      ['c_total 1\n', /before/],
      ['# TYPE c_total counter\nc_total one\n', /not a number/],
      ['# TYPE c_total counter\nc_total{a="x} 1\n', /unterminated|malformed/],
      ['# TYPE c_total counter\nc_total 1', /line feed/],
    ];
    for (const [text, error] of broken) assert.throws(() => parseExposition(text), error, text);
  });
});
