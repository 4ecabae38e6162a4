import { z } from 'zod';
import { isModeratorRole, type Actor, type Role } from './actors';
import { contentLanguageSchema, IDEA_STATUSES, idSchema, type ContentLanguage, type IdeaStatus } from './ideas';
import { personText } from './text';

export const ANSWER_DEPARTMENT_MIN = 2;
export const ANSWER_DEPARTMENT_MAX = 80;
export const ANSWER_MESSAGE_MIN = 20;
export const ANSWER_MESSAGE_MAX = 4000;

/**
 * ST2: where a status may go next. The path is proposed → under review → accepted or rejected → in progress → done;
 * review may be skipped, a rejected idea may be reconsidered, an accepted one may still fall through. Answering with
 * the status an idea already has is an update of the city's answer (ST4), always allowed except from "proposed".
 */
export const STATUS_NEXT: Readonly<Record<IdeaStatus, readonly IdeaStatus[]>> = {
	proposed: ['under_review', 'accepted', 'rejected'],
	under_review: ['accepted', 'rejected'],
	accepted: ['in_progress', 'rejected'],
	rejected: ['under_review'],
	in_progress: ['done'],
	done: []
};

/** ST2/ST4: the statuses a staff member may choose now for an idea in `current`, the unchanged one included. */
export function statusChoices(current: IdeaStatus): readonly IdeaStatus[] {
	return current === 'proposed' ? STATUS_NEXT.proposed : [current, ...STATUS_NEXT[current]];
}

/** ST1: moderators and admins answer for the city; facilitators run town halls, citizens propose. */
export function mayAnswer(actor: Actor): boolean {
	return actor.kind === 'user' && isModeratorRole(actor.role);
}

/** Input of `answers.answer` (ST3): the status, and the signed message that must come with it. */
export const answerIdeaSchema = z.object({
	ideaId: idSchema,
	status: z.enum(IDEA_STATUSES, { error: 'answer_status_invalid' }),
	department: personText({ kind: 'line', min: ANSWER_DEPARTMENT_MIN, max: ANSWER_DEPARTMENT_MAX, required: 'answer_department_required' }),
	message: personText({ kind: 'multiline', min: ANSWER_MESSAGE_MIN, max: ANSWER_MESSAGE_MAX, required: 'answer_message_required' }),
	language: contentLanguageSchema.default('en')
});

/** ST3: the city's signed answer: what status it set, from which, why, by whom and for which department. */
export interface OfficialAnswer {
	readonly id: string;
	readonly ideaId: string;
	readonly from: IdeaStatus;
	readonly to: IdeaStatus;
	readonly department: string;
	readonly message: string;
	readonly language: ContentLanguage;
	readonly staff: { readonly id: string; readonly displayName: string; readonly role: Role };
	readonly at: string;
}

/** ST7: a project's promise: ideas with this many upvotes get an answer within `answerDays`. */
export interface AnswerPromise {
	readonly supportThreshold: number;
	readonly answerDays: number;
}

export const SUPPORT_THRESHOLD_MAX = 1_000_000;
export const ANSWER_DAYS_MAX = 365;

/** Input of `projects.setAnswerPromise` (ST7): both numbers, or neither for no promise. */
export const answerPromiseSchema = z
	.object({
		supportThreshold: z.coerce.number({ error: 'validation_invalid' }).int('validation_invalid').min(1, 'validation_invalid').max(SUPPORT_THRESHOLD_MAX, 'validation_invalid'),
		answerDays: z.coerce.number({ error: 'validation_invalid' }).int('validation_invalid').min(1, 'validation_invalid').max(ANSWER_DAYS_MAX, 'validation_invalid')
	})
	.nullable();

/**
 * ST7/ST8: where an idea stands with the city's promise. `waiting`: crossed, not answered, before the date; `overdue`:
 * past it; `kept` / `late`: answered on time or after it. Null when it never crossed a threshold.
 */
export interface PromiseState {
	readonly reachedAt: string;
	readonly due: string;
	readonly state: 'waiting' | 'overdue' | 'kept' | 'late';
}

const DAY_MS = 86_400_000;

export function promiseStateOf(
	idea: { readonly thresholdReachedAt: string | null; readonly firstAnsweredAt: string | null },
	promise: AnswerPromise | null,
	now: Date
): PromiseState | null {
	if (idea.thresholdReachedAt === null || promise === null) return null;
	const due = new Date(new Date(idea.thresholdReachedAt).getTime() + promise.answerDays * DAY_MS).toISOString();
	// An answer before the threshold was crossed keeps the promise too: the city had already spoken.
	if (idea.firstAnsweredAt !== null) return { reachedAt: idea.thresholdReachedAt, due, state: idea.firstAnsweredAt <= due ? 'kept' : 'late' };
	return { reachedAt: idea.thresholdReachedAt, due, state: now.toISOString() > due ? 'overdue' : 'waiting' };
}

/** ST6: whole days between two ISO times, rounded down (an answer within the day waited 0 days). */
export function daysBetween(from: string, to: string): number {
	return Math.max(0, Math.floor((new Date(to).getTime() - new Date(from).getTime()) / DAY_MS));
}

/** ST6: the median of some waits in days (one decimal), null for none. */
export function medianOf(values: readonly number[]): number | null {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
	return Math.round(median * 10) / 10;
}

/** ST6: the published figures of a project: how fast, and how faithfully, the city answers. */
export interface AnswerFigures {
	readonly answered: number;
	readonly waiting: number;
	/** Days from posting to the first official response, median over answered ideas; null before any answer. */
	readonly medianDaysToFirstAnswer: number | null;
	/** ST8: promises kept, kept late, and overdue now. */
	readonly promises: { readonly kept: number; readonly late: number; readonly overdue: number };
}

export const NEEDS_ANSWER_SORTS = ['oldest', 'supported'] as const;
export type NeedsAnswerSort = (typeof NEEDS_ANSWER_SORTS)[number];
export const NEEDS_ANSWER_LIMIT = 200;

/** Input of `answers.needsAnswer`: an optional project and the order after the overdue ones (ST5). */
export const needsAnswerQuerySchema = z.object({
	projectId: idSchema.optional().catch(undefined),
	sort: z.enum(NEEDS_ANSWER_SORTS).catch('oldest')
});

/** ST5: one idea waiting for the city, as the staff's list shows it. */
export interface WaitingIdea {
	readonly id: string;
	readonly projectId: string;
	readonly projectSlug: string;
	readonly title: string;
	readonly language: ContentLanguage;
	readonly status: IdeaStatus;
	readonly upvotes: number;
	readonly commentCount: number;
	readonly createdAt: string;
	readonly waitedDays: number;
	readonly promise: PromiseState | null;
}

/**
 * ST5: overdue promises first (longest overdue first), then ideas past the threshold, then the rest by the chosen
 * order: oldest first, or most supported first (oldest first among equals).
 */
export function orderWaiting(ideas: readonly WaitingIdea[], sort: NeedsAnswerSort): WaitingIdea[] {
	const rank = (idea: WaitingIdea) => (idea.promise?.state === 'overdue' ? 0 : idea.promise ? 1 : 2);
	return [...ideas].sort((a, b) => {
		const byRank = rank(a) - rank(b);
		if (byRank !== 0) return byRank;
		if (rank(a) < 2 && a.promise && b.promise && a.promise.due !== b.promise.due) return a.promise.due < b.promise.due ? -1 : 1;
		if (sort === 'supported' && a.upvotes !== b.upvotes) return b.upvotes - a.upvotes;
		return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0;
	});
}
