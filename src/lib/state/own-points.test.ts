import { describe, expect, it } from 'vitest';
import { OwnPoints } from './own-points.svelte';

describe('OwnPoints', () => {
	it('[PT1] follows the total the server sends', () => {
		const points = new OwnPoints(12);
		points.changed(17);
		expect(points.total).toBe(17);
		points.reset(null);
		expect(points.total).toBeNull();
	});

	it('[BG8] announces each badge level once, however often it arrives', () => {
		const points = new OwnPoints(0);
		expect(points.awarded([{ kind: 'ideas', level: 1, count: 1, next: 5 }])).toHaveLength(1);
		expect(points.awarded([{ kind: 'ideas', level: 1, count: 1, next: 5 }])).toEqual([]);
		expect(points.awarded([{ kind: 'ideas', level: 2, count: 5, next: 20 }, { kind: 'conversation', level: 1, count: 10, next: 50 }]).map((badge) => `${badge.kind}:${badge.level}`)).toEqual(['ideas:2', 'conversation:1']);
	});
});
