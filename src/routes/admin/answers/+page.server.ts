import { error, redirect } from '@sveltejs/kit';
import { mayAnswer } from '$lib/domain/answers';
import { rethrowAsHttp } from '$lib/server/http-errors';
import { localizeHref } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';
import type { PageServerLoad } from './$types';

/** ST5: the staff's list of ideas waiting for the city's answer (moderators and admins). */
export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.actor.kind !== 'user') redirect(303, localizeHref(`/signin?returnTo=${encodeURIComponent('/admin/answers')}`, { locale: locals.locale }));
	if (!mayAnswer(locals.actor)) error(403, m.needs_forbidden({}, { locale: locals.locale }));
	const { services } = locals.app;
	try {
		const query = { projectId: url.searchParams.get('project') || undefined, sort: url.searchParams.get('sort') ?? undefined };
		const [waiting, projects] = await Promise.all([services.answers.needsAnswer(locals.actor, query), services.projects.list()]);
		return { ...waiting, projects, chosen: { project: query.projectId ?? '', sort: query.sort === 'supported' ? 'supported' : 'oldest' }, now: new Date().toISOString() };
	} catch (failure) {
		rethrowAsHttp(failure);
	}
};
