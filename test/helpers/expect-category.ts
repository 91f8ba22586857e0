import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Category } from '../../src/core/categories.js';
import type { ClassifyInput } from '../../src/core/diagnosis.js';
import { classify } from '../../src/providers/classify.js';

export type CategoryCase = [name: string, input: ClassifyInput, expected: Category];

/** One test per row: the input must be classified as expected. */
export function itClassifies(rows: readonly CategoryCase[]): void {
  for (const [name, input, expected] of rows) {
    it(`${name} → ${expected}`, () => {
      const diagnosis = classify(input);
      assert.equal(diagnosis.category, expected, diagnosis.evidence.join(' | '));
    });
  }
}
