import type { IdeaStatus } from '../../domain/ideas';
import { m } from '../../paraglide/messages.js';

/** An idea's status in the reader's language: the one place its words are chosen. */
export const STATUS_WORDS: Readonly<Record<IdeaStatus, () => string>> = {
	proposed: m.idea_page_status_proposed,
	under_review: m.idea_page_status_under_review,
	accepted: m.idea_page_status_accepted,
	rejected: m.idea_page_status_rejected,
	in_progress: m.idea_page_status_in_progress,
	done: m.idea_page_status_done
};
