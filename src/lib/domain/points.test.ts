import { describe, expect, it } from 'vitest';
import {
	badgeCountsOf,
	badgesOf,
	boardKeySchema,
	boardsOf,
	DAILY_CAPS,
	decideAward,
	DEFAULT_POINT_WEIGHTS as W,
	newBadges,
	pointWeightsSchema,
	voteEarnsPoints,
	weightsKeepConstructiveFirst
} from './points';

describe('points rules (PT), badges (BG) and boards (LB1)', () => {
	it('[PT3] an award past the daily cap is kept at 0 points and says so', () => {
		expect(decideAward(W, 'vote_received', { awardedToday: DAILY_CAPS.vote_received - 1 })).toEqual({ points: W.vote_received, limitedBy: null });
		expect(decideAward(W, 'vote_received', { awardedToday: DAILY_CAPS.vote_received })).toEqual({ points: 0, limitedBy: 'daily_cap' });
	});

	it('[PT6] the n-th comment on one idea earns the weight, a half, a quarter, then nothing', () => {
		const weights = { ...W, comment_posted: 8 };
		expect([1, 2, 3, 4, 9].map((nthOnIdea) => decideAward(weights, 'comment_posted', { awardedToday: 0, nthOnIdea }).points)).toEqual([8, 4, 2, 0, 0]);
		expect(decideAward(weights, 'comment_posted', { awardedToday: 0, nthOnIdea: 2 }).limitedBy).toBe('repeat_comment');
	});

	it('[PT4] an author’s or co-author’s own vote earns nothing; [PT5] nor a vote from an account made after the idea', () => {
		const idea = { authorIds: ['bruno', 'amira'], createdAt: '2026-06-01T10:00:00.000Z' };
		expect(voteEarnsPoints({ voterId: 'fatou', voterCreatedAt: '2026-05-01T10:00:00.000Z' }, idea)).toBe(true);
		expect(voteEarnsPoints({ voterId: 'amira', voterCreatedAt: '2026-05-01T10:00:00.000Z' }, idea)).toBe(false);
		expect(voteEarnsPoints({ voterId: 'fresh', voterCreatedAt: '2026-06-01T10:00:00.001Z' }, idea)).toBe(false);
		expect(voteEarnsPoints({ voterId: 'same', voterCreatedAt: idea.createdAt }, idea)).toBe(false);
	});

	it('[PT8] the defaults put what helps the city first; a table that rewards volume more is refused', () => {
		expect(weightsKeepConstructiveFirst(W)).toBe(true);
		expect(weightsKeepConstructiveFirst({ ...W, comment_posted: 30 })).toBe(false);
		expect(weightsKeepConstructiveFirst({ ...W, draft_coauthored: 5 })).toBe(false);
	});

	it('[PT2] weights are whole numbers from 0 to 1,000 for exactly the known reasons', () => {
		expect(pointWeightsSchema.safeParse(W).success).toBe(true);
		expect(pointWeightsSchema.safeParse({ ...W, idea_posted: '7' }).data?.idea_posted).toBe(7);
		for (const garbage of [{ ...W, idea_posted: -1 }, { ...W, idea_posted: 1001 }, { ...W, idea_posted: 2.5 }, { ...W, nope: 1 }, {}]) expect(pointWeightsSchema.safeParse(garbage).success).toBe(false);
	});

	it('[BG1] badges have three levels from standing awards; [BG7] only comments that earned points count; [BG8] only rises are new', () => {
		const aggregate = (ideas: number, earningComments: number, districts: number) => ({
			byReason: new Map([
				['idea_posted', { standing: ideas, earning: ideas }],
				['comment_posted', { standing: earningComments + 5, earning: earningComments }]
			] as const),
			supporterDistricts: districts
		});
		const before = badgesOf(badgeCountsOf(aggregate(4, 9, 2)));
		expect(before).toEqual([{ kind: 'ideas', level: 1, count: 4, next: 5 }]);
		const after = badgesOf(badgeCountsOf(aggregate(5, 10, 8)));
		expect(after).toEqual([
			{ kind: 'ideas', level: 2, count: 5, next: 20 },
			{ kind: 'bridge_builder', level: 3, count: 8, next: null },
			{ kind: 'conversation', level: 1, count: 10, next: 50 }
		]);
		expect(newBadges(before, after).map((badge) => badge.kind)).toEqual(['ideas', 'bridge_builder', 'conversation']);
		expect(newBadges(after, after)).toEqual([]);
	});

	it('[LB1] a line counts on the all-time, its month’s, its project’s and its district’s boards; board keys are checked', () => {
		expect(boardsOf({ createdAt: '2026-12-02T01:00:00.000Z', projectId: 'p1', districtSlug: 'ixelles' })).toEqual(['all', 'month:2026-12', 'project:p1', 'district:ixelles']);
		for (const good of ['all', 'month:2026-01', 'project:abc_DEF-1', 'district:saint-gilles']) expect(boardKeySchema.safeParse(good).success).toBe(true);
		for (const bad of ['', 'month:2026-13', 'month:26-01', 'project:', 'project:a b', 'district:Ixelles', 'everyone', 5, null]) expect(boardKeySchema.safeParse(bad).success).toBe(false);
	});
});
