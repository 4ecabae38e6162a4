import type { RequestEvent } from '@sveltejs/kit';
import { failFromDomain } from './http-errors';

type ModerationActionEvent = Pick<RequestEvent, 'request' | 'locals'>;

const text = (value: FormDataEntryValue | null, max: number) => (typeof value === 'string' ? value.slice(0, max) : '');
/** Which item a refusal belongs to, so the page shows it beside that item's form. */
const targetOf = (form: FormData) => `${text(form.get('targetKind'), 16)}:${text(form.get('targetId'), 64)}`;

/**
 * MO1/MO3/MO4: the forms an idea page carries for reports and for moderators' decisions, with or without JavaScript.
 * Each calls one service method, which parses the fields; a refusal comes back with `moderationTarget` and
 * `moderationForm` naming the item's form, so the words show beside it.
 */
export const moderationActions = {
	report: async ({ request, locals }: ModerationActionEvent) => {
		const form = await request.formData();
		try {
			await locals.app.services.moderation.report(locals.actor, { targetKind: form.get('targetKind'), targetId: form.get('targetId'), reason: form.get('reason'), note: form.get('note') });
		} catch (error) {
			return failFromDomain(error, { moderationTarget: targetOf(form), moderationForm: 'report' });
		}
		return { reported: targetOf(form) };
	},
	moderate: async ({ request, locals }: ModerationActionEvent) => {
		const form = await request.formData();
		const input = { targetKind: form.get('targetKind'), targetId: form.get('targetId'), reason: form.get('reason'), note: form.get('note') };
		try {
			const { moderation } = locals.app.services;
			await (form.get('decision') === 'restore' ? moderation.restore(locals.actor, input) : moderation.hide(locals.actor, input));
		} catch (error) {
			return failFromDomain(error, { moderationTarget: targetOf(form), moderationForm: 'moderate' });
		}
		return { moderated: targetOf(form) };
	}
};
