import { describe, expect, it } from 'vitest';
import { castVoteSchema, tallyChange } from './votes';

describe('tallyChange', () => {
	it('[V2] casting the same value again changes nothing', () => {
		expect(tallyChange(1, 1)).toEqual({ up: 0, down: 0 });
	});
	it('[V2] switching from up to down moves one vote across', () => {
		expect(tallyChange(1, -1)).toEqual({ up: -1, down: 1 });
	});
	it('[V3] withdrawing removes the vote', () => {
		expect(tallyChange(-1, null)).toEqual({ up: 0, down: -1 });
	});
	it('[V1] a first vote adds one', () => {
		expect(tallyChange(null, 1)).toEqual({ up: 1, down: 0 });
	});
});

describe('castVoteSchema', () => {
	it.each([0, 2, '1', null, true])('rejects the value %j', (value) => {
		expect(castVoteSchema.safeParse({ ideaId: 'abc', value }).success).toBe(false);
	});
	it('rejects ids that are not ids', () => {
		expect(castVoteSchema.safeParse({ ideaId: '../etc', value: 1 }).success).toBe(false);
	});
});
