import type { IdeaStatus } from '../../domain/ideas';
import type { InterfaceLocale } from '../../domain/locales';
import type { StatusColour, StatusLabels } from '../../domain/statuses';
import { m } from '../../paraglide/messages.js';

/** An idea's status in Agora's own words, in the reader's language (the city may rename them, ST9). */
export const STATUS_WORDS: Readonly<Record<IdeaStatus, (inputs?: Record<string, never>, options?: { locale?: InterfaceLocale }) => string>> = {
	proposed: m.idea_page_status_proposed,
	under_review: m.idea_page_status_under_review,
	accepted: m.idea_page_status_accepted,
	rejected: m.idea_page_status_rejected,
	in_progress: m.idea_page_status_in_progress,
	done: m.idea_page_status_done
};

/** ST9: the city's name for a status in `locale` where it set one, else Agora's: the one place status words are chosen. */
export function statusWord(status: IdeaStatus, labels: StatusLabels | null, locale: InterfaceLocale): string {
	return labels?.[status].names?.[locale] ?? STATUS_WORDS[status]({}, { locale });
}

/** The CSS colour of a palette choice, and the ink that reads on it (ST9: AA on every choice). */
export const STATUS_COLOUR_CSS: Readonly<Record<StatusColour, { readonly colour: string; readonly ink: string }>> = {
	muted: { colour: 'var(--color-ink-muted)', ink: '#ffffff' },
	danger: { colour: 'var(--color-danger)', ink: '#ffffff' },
	'topic-1': { colour: 'var(--topic-1)', ink: '#ffffff' },
	'topic-2': { colour: 'var(--topic-2)', ink: '#ffffff' },
	'topic-3': { colour: 'var(--topic-3)', ink: '#ffffff' },
	'topic-4': { colour: 'var(--topic-4)', ink: '#111827' },
	'topic-5': { colour: 'var(--topic-5)', ink: '#111827' },
	'topic-6': { colour: 'var(--topic-6)', ink: '#111827' },
	'topic-7': { colour: 'var(--topic-7)', ink: '#111827' },
	'topic-8': { colour: 'var(--topic-8)', ink: '#ffffff' }
};
