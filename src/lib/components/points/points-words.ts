import type { AwardLimit, BadgeKind, PointReason, PointsHistoryLine, ReversalCause } from '../../domain/points';
import { m } from '../../paraglide/messages.js';

/** PT1: each reason as the "how points work" table and the admin form name it. */
export const REASON_WORDS: Readonly<Record<PointReason, () => string>> = {
	idea_posted: m.points_reason_idea_posted,
	comment_posted: m.points_reason_comment_posted,
	vote_received: m.points_reason_vote_received,
	draft_coauthored: m.points_reason_draft_coauthored,
	answer_received: m.points_reason_answer_received,
	idea_accepted: m.points_reason_idea_accepted,
	idea_implemented: m.points_reason_idea_implemented
};

/** PT1: each reason inside a history line ("upvote received on “…”"). */
const LINE_WORDS: Readonly<Record<PointReason, () => string>> = {
	idea_posted: m.points_line_idea_posted,
	comment_posted: m.points_line_comment_posted,
	vote_received: m.points_line_vote_received,
	draft_coauthored: m.points_line_draft_coauthored,
	answer_received: m.points_line_answer_received,
	idea_accepted: m.points_line_idea_accepted,
	idea_implemented: m.points_line_idea_implemented
};

/** PT9: why points were taken back. */
export const CAUSE_WORDS: Readonly<Record<ReversalCause, () => string>> = {
	hidden: m.points_cause_hidden,
	withdrawn: m.points_cause_withdrawn,
	deleted: m.points_cause_deleted,
	vote_removed: m.points_cause_vote_removed,
	answer_changed: m.points_cause_answer_changed
};

/** BG1: each badge's name, and what it counts. */
export const BADGE_NAMES: Readonly<Record<BadgeKind, () => string>> = {
	ideas: m.badge_name_ideas,
	co_author: m.badge_name_co_author,
	bridge_builder: m.badge_name_bridge_builder,
	accepted: m.badge_name_accepted,
	implemented: m.badge_name_implemented,
	conversation: m.badge_name_conversation
};

export const BADGE_ABOUT: Readonly<Record<BadgeKind, () => string>> = {
	ideas: m.badge_about_ideas,
	co_author: m.badge_about_co_author,
	bridge_builder: m.badge_about_bridge_builder,
	accepted: m.badge_about_accepted,
	implemented: m.badge_about_implemented,
	conversation: m.badge_about_conversation
};

/** PT3/PT6: what cut an award, or null when nothing did. */
export function limitWords(limit: AwardLimit, points: number): string | null {
	if (limit === 'daily_cap') return m.points_limit_daily_cap();
	if (limit === 'repeat_comment') return points > 0 ? m.points_limit_repeat_half() : m.points_limit_repeat_none();
	return null;
}

/** The points of a line with their sign: "+5", "−5" (a true minus sign), "0". */
export function signedPoints(points: number, locale: string): string {
	const figure = new Intl.NumberFormat(locale).format(Math.abs(points));
	if (points > 0) return `+${figure}`;
	if (points < 0) return `\u2212${figure}`;
	return figure;
}

/** PT12: what a history line is about, in words: "upvote received: “…”", "reversed: hidden by a moderator — …". */
export function lineWords(line: Pick<PointsHistoryLine, 'reason' | 'ideaTitle' | 'cause'>): string {
	const reason = LINE_WORDS[line.reason]();
	const about = line.ideaTitle === null ? m.points_line_on_hidden({ reason }) : m.points_line_on({ reason, title: line.ideaTitle });
	return line.cause ? `${m.points_line_reversal({ cause: CAUSE_WORDS[line.cause]() })} · ${about}` : about;
}
