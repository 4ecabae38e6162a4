import { failFromDomain, rethrowAsHttp } from '$lib/server/http-errors';
import { requireModeratorPage } from '$lib/server/staff-pages';
import type { Actions, PageServerLoad } from './$types';

/** MO2: the moderators' queue: every item with open reports, grouped, most reported first. */
export const load: PageServerLoad = async ({ locals }) => {
	requireModeratorPage(locals.actor, locals.locale, '/admin/moderation');
	try {
		return { queue: await locals.app.services.moderation.queue(locals.actor) };
	} catch (failure) {
		rethrowAsHttp(failure);
	}
};

const text = (value: FormDataEntryValue | null, max: number) => (typeof value === 'string' ? value.slice(0, max) : '');
const itemOf = (form: FormData) => ({ targetKind: form.get('targetKind'), targetId: form.get('targetId') });
const echoOf = (form: FormData, action: string) => ({ action, target: `${text(form.get('targetKind') ?? 'user', 16)}:${text(form.get('targetId') ?? form.get('userId'), 64)}` });

/**
 * MO3–MO6 from the queue, with or without JavaScript: each action calls one service method (which checks the role
 * again and parses the fields) and answers what it did, or the refusal beside the item's form.
 */
export const actions: Actions = {
	hide: async ({ request, locals }) => {
		const form = await request.formData();
		try {
			await locals.app.services.moderation.hide(locals.actor, { ...itemOf(form), reason: form.get('reason'), note: form.get('note') });
		} catch (error) {
			return failFromDomain(error, echoOf(form, 'hide'));
		}
		return { done: 'hide' };
	},
	dismiss: async ({ request, locals }) => {
		const form = await request.formData();
		try {
			await locals.app.services.moderation.dismiss(locals.actor, { ...itemOf(form), note: form.get('note') });
		} catch (error) {
			return failFromDomain(error, echoOf(form, 'dismiss'));
		}
		return { done: 'dismiss' };
	},
	block: async ({ request, locals }) => {
		const form = await request.formData();
		try {
			await locals.app.services.moderation.block(locals.actor, { userId: form.get('userId'), reason: form.get('reason'), note: form.get('note') });
		} catch (error) {
			return failFromDomain(error, { action: 'block', target: `user:${text(form.get('userId'), 64)}` });
		}
		return { done: 'block' };
	},
	unblock: async ({ request, locals }) => {
		const form = await request.formData();
		try {
			await locals.app.services.moderation.unblock(locals.actor, { userId: form.get('userId'), note: form.get('note') });
		} catch (error) {
			return failFromDomain(error, { action: 'unblock', target: `user:${text(form.get('userId'), 64)}` });
		}
		return { done: 'unblock' };
	}
};
