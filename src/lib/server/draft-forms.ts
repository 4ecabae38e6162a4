import type { Actions } from '@sveltejs/kit';
import { failFromDomain } from './http-errors';

const text = (value: FormDataEntryValue | null) => (typeof value === 'string' ? value : '');

/**
 * The answers a co-author or an invitee gives from a page (D10, D19), as form actions, so they work without
 * JavaScript; both "my drafts" and the editor page offer them. Each is one service call; `action` says which.
 */
export const draftAnswerActions = {
	invitation: async ({ request, locals }) => {
		const form = await request.formData();
		try {
			return { answered: await locals.app.services.drafts.answerInvitation(locals.actor, { draftId: text(form.get('draftId')), accept: form.get('accept') === 'yes' }) };
		} catch (error) {
			return failFromDomain(error, { action: 'invitation' });
		}
	},
	join: async ({ request, locals }) => {
		const form = await request.formData();
		try {
			return { answered: await locals.app.services.drafts.answerJoin(locals.actor, { requestId: text(form.get('requestId')), accept: form.get('accept') === 'yes' }) };
		} catch (error) {
			return failFromDomain(error, { action: 'join' });
		}
	}
} satisfies Actions;
