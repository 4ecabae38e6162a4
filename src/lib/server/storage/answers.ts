import { sql } from 'kysely';
import type { Executor } from './executor';

/** ST3: one official response as stored, with the staff member's role now (the name is the one signed). */
export interface AnswerRecord {
	id: string;
	ideaId: string;
	statusFrom: string;
	statusTo: string;
	department: string;
	message: string;
	language: string;
	staffId: string;
	staffName: string;
	createdAt: string;
}

export interface AnswerViewRecord extends AnswerRecord {
	staffRole: string;
}

/** ST5: an idea waiting for its first answer, as the staff's list needs it. */
export interface WaitingIdeaRecord {
	id: string;
	projectId: string;
	projectSlug: string;
	title: string;
	language: string;
	status: string;
	upvotes: number;
	commentCount: number;
	createdAt: string;
	thresholdReachedAt: string | null;
}

/** ST6: the times the figures are made of, for one project's listed ideas. */
export interface AnswerTimesRecord {
	createdAt: string;
	firstAnsweredAt: string | null;
	thresholdReachedAt: string | null;
}

export function answersRepository(db: Executor) {
	return {
		async insert(answer: AnswerRecord): Promise<void> {
			await db
				.insertInto('idea_answers')
				.values({
					id: answer.id,
					idea_id: answer.ideaId,
					status_from: answer.statusFrom,
					status_to: answer.statusTo,
					department: answer.department,
					message: answer.message,
					language: answer.language,
					staff_id: answer.staffId,
					staff_name: answer.staffName,
					created_at: answer.createdAt
				})
				.execute();
		},
		/** The idea's new status; the first answer's time is kept once set (ST6). */
		async setStatus(ideaId: string, status: string, at: string): Promise<void> {
			await db
				.updateTable('ideas')
				.set({ status, first_answered_at: sql<string>`coalesce(first_answered_at, ${at})`, changed_at: at })
				.where('id', '=', ideaId)
				.execute();
		},
		/** Every answer of an idea, newest first. */
		async listFor(ideaId: string): Promise<AnswerViewRecord[]> {
			return db
				.selectFrom('idea_answers as a')
				.innerJoin('users as u', 'u.id', 'a.staff_id')
				.select([
					'a.id',
					'a.idea_id as ideaId',
					'a.status_from as statusFrom',
					'a.status_to as statusTo',
					'a.department',
					'a.message',
					'a.language',
					'a.staff_id as staffId',
					'a.staff_name as staffName',
					'a.created_at as createdAt',
					'u.role as staffRole'
				])
				.where('a.idea_id', '=', ideaId)
				.orderBy('a.created_at', 'desc')
				.orderBy('a.id', 'desc')
				.execute();
		},
		/** ST5: listed ideas (not withdrawn, not duplicates) without an official response, oldest first. */
		async waiting(query: { projectId?: string; limit: number }): Promise<WaitingIdeaRecord[]> {
			let select = db
				.selectFrom('ideas as i')
				.innerJoin('projects as p', 'p.id', 'i.project_id')
				.select([
					'i.id',
					'i.project_id as projectId',
					'p.slug as projectSlug',
					'i.title',
					'i.language',
					'i.status',
					'i.upvotes',
					'i.comment_count as commentCount',
					'i.created_at as createdAt',
					'i.threshold_reached_at as thresholdReachedAt'
				])
				.where('i.first_answered_at', 'is', null)
				.where('i.withdrawn_at', 'is', null)
				.where('i.hidden_at', 'is', null)
				.where('i.duplicate_of', 'is', null);
			if (query.projectId) select = select.where('i.project_id', '=', query.projectId);
			// Past the threshold first, so that no promise falls outside the list however long it is.
			return select
				.orderBy(sql`case when i.threshold_reached_at is null then 1 else 0 end`)
				.orderBy('i.created_at', 'asc')
				.limit(query.limit)
				.execute();
		},
		/** ST6: the times of every listed idea of a project. */
		async timesOf(projectId: string): Promise<AnswerTimesRecord[]> {
			return db
				.selectFrom('ideas')
				.select(['created_at as createdAt', 'first_answered_at as firstAnsweredAt', 'threshold_reached_at as thresholdReachedAt'])
				.where('project_id', '=', projectId)
				.where('withdrawn_at', 'is', null)
				.where('hidden_at', 'is', null)
				.where('duplicate_of', 'is', null)
				.execute();
		},
		async timesOfIdea(ideaId: string): Promise<AnswerTimesRecord | undefined> {
			return db
				.selectFrom('ideas')
				.select(['created_at as createdAt', 'first_answered_at as firstAnsweredAt', 'threshold_reached_at as thresholdReachedAt'])
				.where('id', '=', ideaId)
				.executeTakeFirst();
		},
		/** ST7: marks an idea as past its threshold unless it already was; true when this call marked it. */
		async markThresholdReached(ideaId: string, at: string): Promise<boolean> {
			const result = await db.updateTable('ideas').set({ threshold_reached_at: at }).where('id', '=', ideaId).where('threshold_reached_at', 'is', null).executeTakeFirst();
			return Number(result.numUpdatedRows) === 1;
		}
	};
}
