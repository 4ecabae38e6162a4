import { sql } from 'kysely';
import type { Executor } from './executor';

export interface ProjectRecord {
	id: string;
	slug: string;
	title: string;
	description: string;
	/** JSON text, see ProjectsTable. */
	translations: string;
	status: string;
	closesAt: string | null;
	/** I7: minutes after posting during which an author may edit an idea. */
	editWindowMinutes: number;
	/** ST7: see ProjectsTable. */
	supportThreshold: number | null;
	answerDays: number | null;
	/** E6: 1 when voting needs a verified e-mail address. */
	votingNeedsVerifiedEmail?: number;
	createdAt: string;
	/** AD4/AD5 (migration 035). */
	opensAt: string | null;
	voteMode: string;
	locationMode: string;
}

/** What an admin may change on a project (AD4/AD5); the id and creation time stay. */
export type ProjectChanges = Omit<ProjectRecord, 'id' | 'createdAt'>;

export function projectsRepository(db: Executor) {
	const columns = ['id', 'slug', 'title', 'description', 'translations', 'status', 'closes_at as closesAt', 'edit_window_minutes as editWindowMinutes', 'support_threshold as supportThreshold', 'answer_days as answerDays', 'voting_needs_verified_email as votingNeedsVerifiedEmail', 'created_at as createdAt', 'opens_at as opensAt', 'vote_mode as voteMode', 'location_mode as locationMode'] as const;
	const rowOf = (project: ProjectChanges) => ({
		slug: project.slug,
		title: project.title,
		description: project.description,
		translations: project.translations,
		status: project.status,
		closes_at: project.closesAt,
		edit_window_minutes: project.editWindowMinutes,
		opens_at: project.opensAt,
		vote_mode: project.voteMode,
		location_mode: project.locationMode,
		support_threshold: project.supportThreshold,
		answer_days: project.answerDays,
		voting_needs_verified_email: project.votingNeedsVerifiedEmail ?? 0
	});
	const findBySlug = (slug: string): Promise<ProjectRecord | undefined> =>
		db.selectFrom('projects').select(columns).where('slug', '=', slug).executeTakeFirst();
	return {
		/** Inserts unless a project with the same slug exists; returns the stored project either way. */
		async insertIfAbsent(project: ProjectRecord): Promise<ProjectRecord> {
			await db
				.insertInto('projects')
				.values({
					id: project.id,
					...rowOf(project),
					created_at: project.createdAt
				})
				.onConflict((conflict) => conflict.column('slug').doNothing())
				.execute();
			const stored = await findBySlug(project.slug);
			if (!stored) throw new Error(`project ${project.slug} vanished after insert`);
			return stored;
		},
		/** AD4: inserts; returns false when the slug is taken. */
		async insertIfSlugFree(project: ProjectRecord): Promise<boolean> {
			const result = await db
				.insertInto('projects')
				.values({ id: project.id, ...rowOf(project), created_at: project.createdAt })
				.onConflict((conflict) => conflict.column('slug').doNothing())
				.executeTakeFirst();
			return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
		},
		/** AD4: replaces the project's editable fields; false when there is no such project. */
		async update(id: string, changes: ProjectChanges): Promise<boolean> {
			const result = await db.updateTable('projects').set(rowOf(changes)).where('id', '=', id).executeTakeFirst();
			return Number(result.numUpdatedRows) === 1;
		},
		async findById(id: string): Promise<ProjectRecord | undefined> {
			return db.selectFrom('projects').select(columns).where('id', '=', id).executeTakeFirst();
		},
		findBySlug,
		/** ST7: the project's promise, or none (both null). */
		async setAnswerPromise(id: string, promise: { supportThreshold: number; answerDays: number } | null): Promise<void> {
			await db
				.updateTable('projects')
				.set({ support_threshold: promise?.supportThreshold ?? null, answer_days: promise?.answerDays ?? null })
				.where('id', '=', id)
				.execute();
		},
		/** E6: returns whether the project exists. */
		async setVotingNeedsVerifiedEmail(id: string, needed: boolean): Promise<boolean> {
			const result = await db.updateTable('projects').set({ voting_needs_verified_email: needed ? 1 : 0 }).where('id', '=', id).executeTakeFirst();
			return Number(result.numUpdatedRows) === 1;
		},
		async list(): Promise<ProjectRecord[]> {
			return db.selectFrom('projects').select(columns).orderBy('created_at', 'desc').execute();
		},
		/** Per project: ideas, votes cast, and distinct people who posted or voted. */
		async numbers(): Promise<{ projectId: string; ideaCount: number; voteCount: number; participantCount: number }[]> {
			const counts = await db
				.selectFrom('ideas')
				.select([
					'project_id as projectId',
					sql<number>`count(*)`.as('ideaCount'),
					sql<number>`coalesce(sum(upvotes + downvotes), 0)`.as('voteCount')
				])
				.groupBy('project_id')
				.execute();
			const people = await db
				.selectFrom(
					db
						.selectFrom('ideas')
						.select(['project_id', 'author_id as user_id'])
						.union(db.selectFrom('votes').innerJoin('ideas', 'ideas.id', 'votes.idea_id').select(['ideas.project_id', 'votes.user_id']))
						.as('participants')
				)
				.select(['project_id as projectId', sql<number>`count(distinct user_id)`.as('participantCount')])
				.groupBy('project_id')
				.execute();
			const participants = new Map(people.map((row) => [row.projectId, Number(row.participantCount)]));
			return counts.map((row) => ({
				projectId: row.projectId,
				ideaCount: Number(row.ideaCount),
				voteCount: Number(row.voteCount),
				participantCount: participants.get(row.projectId) ?? 0
			}));
		}
	};
}
