import { requireSignedIn, roleSchema, type Actor } from '../../domain/actors';
import {
	answerIdeaSchema,
	daysBetween,
	mayAnswer,
	medianOf,
	NEEDS_ANSWER_LIMIT,
	needsAnswerQuerySchema,
	orderWaiting,
	promiseStateOf,
	statusChoices,
	type AnswerFigures,
	type AnswerPromise,
	type OfficialAnswer,
	type WaitingIdea
} from '../../domain/answers';
import { DomainError } from '../../domain/errors';
import { CONTENT_LANGUAGES, IDEA_STATUSES, type ContentLanguage, type IdeaStatus } from '../../domain/ideas';
import { limitSubjectOf } from '../../domain/limits';
import { parseInput } from '../../domain/validation';
import type { ServicePorts } from '../ports';
import type { AnswerViewRecord } from '../storage/store';
import { toProject } from './projects';

/** How long a node trusts what it read of a project's promise (ST7): an admin's change reaches every node within it. */
export const PROMISE_CACHE_MS = 30_000;

const statusOf = (value: string): IdeaStatus => ((IDEA_STATUSES as readonly string[]).includes(value) ? (value as IdeaStatus) : 'proposed');
const languageOf = (value: string): ContentLanguage => ((CONTENT_LANGUAGES as readonly string[]).includes(value) ? (value as ContentLanguage) : 'en');

export function toOfficialAnswer(record: AnswerViewRecord): OfficialAnswer {
	return {
		id: record.id,
		ideaId: record.ideaId,
		from: statusOf(record.statusFrom),
		to: statusOf(record.statusTo),
		department: record.department,
		message: record.message,
		language: languageOf(record.language),
		staff: { id: record.staffId, displayName: record.staffName, role: roleSchema.catch('moderator').parse(record.staffRole) },
		at: record.createdAt
	};
}

/** The city's answers to ideas (ST1–ST8): statuses with signed messages, the staff's queue, the published figures. */
export function createAnswersService({ store, events, clock, ids, limits }: ServicePorts) {
	const promises = new Map<string, { promise: AnswerPromise | null; readAt: number }>();

	async function promiseOf(projectId: string): Promise<AnswerPromise | null> {
		const cached = promises.get(projectId);
		const now = clock.now().getTime();
		if (cached && now - cached.readAt < PROMISE_CACHE_MS) return cached.promise;
		const record = await store.projects.findById(projectId);
		const promise = record ? toProject(record).answerPromise : null;
		promises.set(projectId, { promise, readAt: now });
		return promise;
	}

	function requireStaff(actor: Actor) {
		const staff = requireSignedIn(actor, 'auth_sign_in_to_manage');
		if (!mayAnswer(staff)) throw new DomainError('forbidden', 'answer_forbidden');
		return staff;
	}

	return {
		/**
		 * ST1–ST4: a moderator or admin answers an idea for the city: a status allowed from the current one (ST2, the
		 * same one for an update) and a message signed with a department and their name. Live for everyone looking.
		 */
		async answer(actor: Actor, input: unknown): Promise<OfficialAnswer> {
			requireSignedIn(actor, 'auth_sign_in_to_manage');
			const { ideaId, status, department, message, language } = parseInput(answerIdeaSchema, input);
			const staff = requireStaff(actor);
			await limits.take('idea.answer', limitSubjectOf(actor));
			const at = clock.now().toISOString();
			const { answer, projectId, title } = await store.transaction(async (tx) => {
				const idea = await tx.ideas.lockForChange(ideaId);
				if (!idea) throw new DomainError('not_found', 'idea_not_found');
				if (idea.withdrawnAt !== null || idea.duplicateOf !== null || idea.hiddenAt !== null) throw new DomainError('conflict', 'answer_idea_closed');
				const from = statusOf(idea.status);
				if (!statusChoices(from).includes(status)) {
					throw new DomainError('conflict', 'answer_status_not_allowed', {}, { status: { key: 'answer_status_not_allowed' } });
				}
				const record = {
					id: ids.next(),
					ideaId,
					statusFrom: from,
					statusTo: status,
					department,
					message,
					language,
					staffId: staff.userId,
					staffName: staff.displayName,
					createdAt: at
				};
				await tx.answers.insert(record);
				await tx.answers.setStatus(ideaId, status, at);
				return { answer: toOfficialAnswer({ ...record, staffRole: staff.role }), projectId: idea.projectId, title: idea.title };
			});
			events.publish({ type: 'idea.answered', projectId, ideaId, ideaTitle: title, status, answer });
			return answer;
		},

		/** ST3: every answer of an idea, newest first: its public status history. */
		async history(ideaId: string): Promise<OfficialAnswer[]> {
			return (await store.answers.listFor(ideaId)).map(toOfficialAnswer);
		},

		/** ST5: listed ideas without an official response, overdue promises first; staff only. */
		async needsAnswer(actor: Actor, query: unknown): Promise<{ ideas: WaitingIdea[]; truncated: boolean }> {
			requireStaff(actor);
			const { projectId, sort } = parseInput(needsAnswerQuerySchema, typeof query === 'object' && query !== null ? query : {});
			const now = clock.now();
			const rows = await store.answers.waiting({ projectId, limit: NEEDS_ANSWER_LIMIT + 1 });
			const ideas: WaitingIdea[] = [];
			for (const row of rows.slice(0, NEEDS_ANSWER_LIMIT)) {
				const promise = promiseStateOf({ thresholdReachedAt: row.thresholdReachedAt, firstAnsweredAt: null }, await promiseOf(row.projectId), now);
				ideas.push({
					id: row.id,
					projectId: row.projectId,
					projectSlug: row.projectSlug,
					title: row.title,
					language: languageOf(row.language),
					status: statusOf(row.status),
					upvotes: row.upvotes,
					commentCount: row.commentCount,
					createdAt: row.createdAt,
					waitedDays: daysBetween(row.createdAt, now.toISOString()),
					promise
				});
			}
			return { ideas: orderWaiting(ideas, sort), truncated: rows.length > NEEDS_ANSWER_LIMIT };
		},

		/** ST6/ST8: a project's published figures: answered, waiting, median days to a first answer, promises kept. */
		async figures(projectId: string): Promise<AnswerFigures> {
			const [times, promise] = await Promise.all([store.answers.timesOf(projectId), promiseOf(projectId)]);
			const now = clock.now();
			const waits: number[] = [];
			const promisesKept = { kept: 0, late: 0, overdue: 0 };
			for (const idea of times) {
				if (idea.firstAnsweredAt !== null) waits.push(daysBetween(idea.createdAt, idea.firstAnsweredAt));
				const state = promiseStateOf(idea, promise, now)?.state;
				if (state === 'kept' || state === 'late' || state === 'overdue') promisesKept[state] += 1;
			}
			return { answered: waits.length, waiting: times.length - waits.length, medianDaysToFirstAnswer: medianOf(waits), promises: promisesKept };
		},

		/**
		 * ST7: an idea's new upvotes, as counted: the first time they reach the project's threshold, the idea is marked
		 * (once, never unmarked) and `idea.thresholdReached` tells its followers and the staff.
		 */
		async noteSupport(projectId: string, ideaId: string, upvotes: number): Promise<void> {
			const promise = await promiseOf(projectId);
			if (!promise || upvotes < promise.supportThreshold) return;
			const at = clock.now().toISOString();
			if (!(await store.answers.markThresholdReached(ideaId, at))) return;
			const due = promiseStateOf({ thresholdReachedAt: at, firstAnsweredAt: null }, promise, clock.now())!.due;
			events.publish({ type: 'idea.thresholdReached', projectId, ideaId, threshold: promise.supportThreshold, reachedAt: at, due });
		},

		/** ST7/ST8: where an idea stands with its project's promise, for its page. */
		async promiseOf(idea: { projectId: string; id: string }) {
			const [promise, times] = await Promise.all([promiseOf(idea.projectId), store.answers.timesOfIdea(idea.id)]);
			return { promise, state: times ? promiseStateOf(times, promise, clock.now()) : null };
		},

		/** Forgets what this node read of a project's promise (after an admin changed it here). */
		forgetPromise(projectId: string): void {
			promises.delete(projectId);
		}
	};
}

export type AnswersService = ReturnType<typeof createAnswersService>;
