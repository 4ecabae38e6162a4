import { inLocale } from '$lib/domain/projects';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => {
	const { actor, app } = locals;
	return {
		// N1: the bell's list, rendered with the page so the count is right before any script runs.
		notifications: actor.kind === 'user' ? (await app.services.notifications.list(actor)).items : null,
		/** E5: the signed-in person's address and whether it is confirmed (the banner, the vote hint). */
		emailStatus: await app.services.accountEmail.emailStatus(actor),
		cityName: inLocale(app.config.city.name, app.config.city.translations, locals.locale),
		locale: locals.locale,
		// ST9: the city's names and colours for statuses, shared with every component through the layout's context.
		statusLabels: await app.services.statuses.labels(),
		/** PT1: the signed-in person's all-time points, shown discreetly in their menu and kept live. */
		ownPoints: await app.services.points.ownTotal(actor),
		user: actor.kind === 'user' ? { id: actor.userId, displayName: actor.displayName, role: actor.role, blocked: actor.blocked === true } : null
	};
};
