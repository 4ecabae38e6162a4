import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffSequences, type DiffStep } from './sequence-diff';

/** Replays a script: the equal and insert steps, in order, must spell `b`, and equal and delete steps must walk `a`. */
function replay<T>(a: readonly T[], b: readonly T[], steps: readonly DiffStep[]): { result: T[]; walked: number[] } {
	const result: T[] = [];
	const walked: number[] = [];
	for (const step of steps) {
		if (step.op === 'insert') result.push(b[step.index]!);
		else {
			walked.push(step.index);
			if (step.op === 'equal') result.push(a[step.index]!);
		}
	}
	return { result, walked };
}

/** The longest common subsequence by the textbook table, to check the script is the shortest. */
function lcsLength<T>(a: readonly T[], b: readonly T[]): number {
	const table = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
	for (let i = 1; i <= a.length; i++)
		for (let j = 1; j <= b.length; j++) table[i]![j] = a[i - 1] === b[j - 1] ? table[i - 1]![j - 1]! + 1 : Math.max(table[i - 1]![j]!, table[i]![j - 1]!);
	return table[a.length]![b.length]!;
}

describe('diffSequences', () => {
	it('[D36] turns a into b with the fewest insertions and deletions', () => {
		const sequence = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 30 });
		fc.assert(
			fc.property(sequence, sequence, (a, b) => {
				const steps = diffSequences(a, b, a.length + b.length)!;
				const { result, walked } = replay(a, b, steps);
				expect(result).toEqual(b);
				expect(walked).toEqual(a.map((_, index) => index));
				const edits = steps.filter((step) => step.op !== 'equal').length;
				expect(edits).toBe(a.length + b.length - 2 * lcsLength(a, b));
			}),
			{ numRuns: 300 }
		);
	});

	it('[D36] gives up past its edit budget', () => {
		expect(diffSequences([1, 2, 3, 4], [5, 6, 7, 8], 3)).toBeNull();
		expect(diffSequences([1, 2, 3, 4], [1, 2, 9, 4], 2)).not.toBeNull();
	});

	it('compares long sequences with few differences', () => {
		const a = Array.from({ length: 50_000 }, (_, index) => index);
		const b = [...a.slice(0, 10), -1, ...a.slice(10, 40_000), ...a.slice(40_001), -2];
		const steps = diffSequences(a, b, 10)!;
		expect(steps.filter((step) => step.op !== 'equal')).toEqual([
			{ op: 'insert', index: 10 },
			{ op: 'delete', index: 40_000 },
			{ op: 'insert', index: 50_000 }
		]);
	});
});
