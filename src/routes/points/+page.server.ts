import { BADGE_KINDS, BADGES, DAILY_CAPS, DEFAULT_POINT_WEIGHTS, POINT_REASONS } from '$lib/domain/points';
import type { PageServerLoad } from './$types';

/** PT2: the weights in force, published to everyone (guests too), with the caps and badges they go with. */
export const load: PageServerLoad = async ({ locals }) => {
	const weights = await locals.app.services.points.weights();
	return {
		reasons: POINT_REASONS.map((reason) => ({ reason, points: weights[reason], cap: DAILY_CAPS[reason], standard: DEFAULT_POINT_WEIGHTS[reason] })),
		// BG1: every badge has three levels.
		badges: BADGE_KINDS.map((kind) => {
			const [one, two, three] = BADGES[kind];
			return { kind, thresholds: { one, two, three } };
		})
	};
};
