import type { Executor } from './executor';

/** I8: an earlier version of an idea, kept when an edit replaced it. */
export interface IdeaRevisionRecord {
	id: string;
	ideaId: string;
	title: string;
	body: string;
	bodyText: string;
	topicId: string;
	writtenAt: string;
	replacedAt: string;
	replacedBy: string;
}

/** An earlier version with the name and role of the person whose edit replaced it and its topic's slug. */
export interface IdeaRevisionViewRecord extends IdeaRevisionRecord {
	replacedByName: string;
	replacedByRole: string;
	topicSlug: string;
	topicName: string;
}

export function ideaRevisionsRepository(db: Executor) {
	return {
		async insert(revision: IdeaRevisionRecord): Promise<void> {
			await db
				.insertInto('idea_revisions')
				.values({
					id: revision.id,
					idea_id: revision.ideaId,
					title: revision.title,
					body: revision.body,
					body_text: revision.bodyText,
					topic_id: revision.topicId,
					written_at: revision.writtenAt,
					replaced_at: revision.replacedAt,
					replaced_by: revision.replacedBy
				})
				.execute();
		},
		/** Every earlier version of an idea, newest first. */
		async listFor(ideaId: string): Promise<IdeaRevisionViewRecord[]> {
			return db
				.selectFrom('idea_revisions as r')
				.innerJoin('users as u', 'u.id', 'r.replaced_by')
				.innerJoin('topics as t', 't.id', 'r.topic_id')
				.select([
					'r.id',
					'r.idea_id as ideaId',
					'r.title',
					'r.body',
					'r.body_text as bodyText',
					'r.topic_id as topicId',
					'r.written_at as writtenAt',
					'r.replaced_at as replacedAt',
					'r.replaced_by as replacedBy',
					'u.display_name as replacedByName',
					'u.role as replacedByRole',
					't.slug as topicSlug',
					't.name as topicName'
				])
				.where('r.idea_id', '=', ideaId)
				.orderBy('r.replaced_at', 'desc')
				.orderBy('r.id', 'desc')
				.execute();
		}
	};
}
