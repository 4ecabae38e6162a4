import type { AuditAction, ModerationReason } from '../../domain/moderation';
import { m } from '../../paraglide/messages.js';
import type { Locale } from '../../paraglide/runtime.js';

/** MO1: each reason's words in the reader's language. */
export function reasonLabel(reason: ModerationReason, locale?: Locale): string {
	const options = locale ? { locale } : {};
	switch (reason) {
		case 'spam':
			return m.moderation_reason_spam({}, options);
		case 'harassment':
			return m.moderation_reason_harassment({}, options);
		case 'off_topic':
			return m.moderation_reason_off_topic({}, options);
		case 'personal_data':
			return m.moderation_reason_personal_data({}, options);
		case 'illegal':
			return m.moderation_reason_illegal({}, options);
		case 'other':
			return m.moderation_reason_other({}, options);
	}
}

/** MO7: each logged action's words. */
export function actionLabel(action: AuditAction): string {
	switch (action) {
		case 'hidden':
			return m.moderation_action_hidden();
		case 'restored':
			return m.moderation_action_restored();
		case 'blocked':
			return m.moderation_action_blocked();
		case 'unblocked':
			return m.moderation_action_unblocked();
		case 'dismissed':
			return m.moderation_action_dismissed();
	}
}
