/** The page's `form`, read for a moderation refusal. */
export function moderationFailureOf(form: unknown): { target: string; form: 'report' | 'moderate'; message: string } | null {
	if (!form || typeof form !== 'object') return null;
	const { moderationTarget, moderationForm, message } = form as Record<string, unknown>;
	if (typeof moderationTarget !== 'string' || typeof message !== 'string' || (moderationForm !== 'report' && moderationForm !== 'moderate')) return null;
	return { target: moderationTarget, form: moderationForm, message };
}
