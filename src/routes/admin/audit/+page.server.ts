import { rethrowAsHttp } from '$lib/server/http-errors';
import { auditQueryOf, requireModeratorPage } from '$lib/server/staff-pages';
import type { PageServerLoad } from './$types';

/** MO7: the audit log, filtered (a GET form: shareable, works without JavaScript); moderators and admins read it. */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireModeratorPage(locals.actor, locals.locale, '/admin/audit');
	const query = auditQueryOf(url);
	try {
		const [page, moderators] = await Promise.all([locals.app.services.moderation.audit(locals.actor, query), locals.app.services.moderation.auditModerators(locals.actor)]);
		return { page, moderators, query, canExport: locals.actor.kind === 'user' && locals.actor.role === 'admin' };
	} catch (failure) {
		rethrowAsHttp(failure);
	}
};
