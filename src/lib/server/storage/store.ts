import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, Dialect } from './schema';
import { migrateToLatest } from './migrate';
import { openDatabase, type DatabaseLocation } from './db';

export interface UserRecord {
	id: string;
	email: string;
	displayName: string;
	passwordHash: string;
	role: string;
	/** L2: null until the person chooses a language. */
	locale?: string | null;
	createdAt: string;
}

export interface DistrictRecord {
	id: string;
	slug: string;
	name: string;
	centreLat: number;
	centreLng: number;
	geometry: string;
	approximate: boolean;
}

export interface TopicRecord {
	id: string;
	slug: string;
	name: string;
	/** JSON text, see TopicsTable. */
	translations: string;
	position: number;
}

export interface ProjectRecord {
	id: string;
	slug: string;
	title: string;
	description: string;
	/** JSON text, see ProjectsTable. */
	translations: string;
	status: string;
	closesAt: string | null;
	createdAt: string;
}

export interface IdeaRecord {
	id: string;
	projectId: string;
	authorId: string;
	title: string;
	body: string;
	topicId: string;
	districtId: string;
	lat: number;
	lng: number;
	locationApproximate: boolean;
	language: string;
	status: string;
	createdAt: string;
}

/** An idea joined with its topic, district, author and, for a signed-in viewer, that viewer's vote. */
export interface IdeaViewRecord extends Omit<IdeaRecord, 'locationApproximate'> {
	locationApproximate: number;
	topicSlug: string;
	topicName: string;
	districtSlug: string;
	districtName: string;
	authorName: string;
	authorRole: string;
	upvotes: number;
	downvotes: number;
	votesVersion: number;
	commentCount: number;
	myVote: number | null;
}

export interface CommentRecord {
	id: string;
	ideaId: string;
	authorId: string;
	authorName: string;
	body: string;
	createdAt: string;
}

export interface Tally {
	upvotes: number;
	downvotes: number;
}

export interface VersionedTally extends Tally {
	votesVersion: number;
}

type Executor = Kysely<Database> | Transaction<Database>;

function repositories(db: Executor, dialect: Dialect) {
	const ideaViews = (viewerId: string | null) =>
		db
			.selectFrom('ideas as i')
			.innerJoin('topics as t', 't.id', 'i.topic_id')
			.innerJoin('districts as d', 'd.id', 'i.district_id')
			.innerJoin('users as u', 'u.id', 'i.author_id')
			.leftJoin('votes as v', (join) =>
				join.onRef('v.idea_id', '=', 'i.id').on('v.user_id', '=', viewerId ?? '')
			)
			.select([
				'i.id',
				'i.project_id as projectId',
				'i.author_id as authorId',
				'i.title',
				'i.body',
				'i.topic_id as topicId',
				'i.district_id as districtId',
				'i.lat',
				'i.lng',
				'i.location_approximate as locationApproximate',
				'i.language',
				'i.status',
				'i.created_at as createdAt',
				'i.upvotes',
				'i.downvotes',
				'i.votes_version as votesVersion',
				'i.comment_count as commentCount',
				't.slug as topicSlug',
				't.name as topicName',
				'd.slug as districtSlug',
				'd.name as districtName',
				'u.display_name as authorName',
				'u.role as authorRole',
				'v.value as myVote'
			]);

	return {
		users: {
			/** Inserts unless the e-mail is taken; returns whether it did. */
			async insertIfEmailFree(user: UserRecord): Promise<boolean> {
				const result = await db
					.insertInto('users')
					.values({
						id: user.id,
						email: user.email,
						display_name: user.displayName,
						password_hash: user.passwordHash,
						role: user.role,
						locale: user.locale ?? null,
						created_at: user.createdAt
					})
					.onConflict((conflict) => conflict.column('email').doNothing())
					.executeTakeFirst();
				return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
			},
			/** Returns whether the account exists. */
			async setRole(id: string, role: string): Promise<boolean> {
				const result = await db.updateTable('users').set({ role }).where('id', '=', id).executeTakeFirst();
				return Number(result.numUpdatedRows) === 1;
			},
			async setLocale(id: string, locale: string): Promise<void> {
				await db.updateTable('users').set({ locale }).where('id', '=', id).execute();
			},
			async findByEmail(email: string): Promise<UserRecord | undefined> {
				return db
					.selectFrom('users')
					.select(['id', 'email', 'display_name as displayName', 'password_hash as passwordHash', 'role', 'locale', 'created_at as createdAt'])
					.where('email', '=', email)
					.executeTakeFirst();
			}
		},

		sessions: {
			async insert(session: { id: string; userId: string; createdAt: string; expiresAt: string }): Promise<void> {
				await db
					.insertInto('sessions')
					.values({ id: session.id, user_id: session.userId, created_at: session.createdAt, expires_at: session.expiresAt })
					.execute();
			},
			/** The user behind a session that has not expired at `now`, with the session's expiry. */
			async findUser(sessionId: string, now: string): Promise<(Omit<UserRecord, 'passwordHash'> & { expiresAt: string }) | undefined> {
				return db
					.selectFrom('sessions as s')
					.innerJoin('users as u', 'u.id', 's.user_id')
					.select(['u.id', 'u.email', 'u.display_name as displayName', 'u.role', 'u.locale', 'u.created_at as createdAt', 's.expires_at as expiresAt'])
					.where('s.id', '=', sessionId)
					.where('s.expires_at', '>', now)
					.executeTakeFirst();
			},
			async delete(sessionId: string): Promise<void> {
				await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
			},
			async deleteExpired(now: string): Promise<number> {
				const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
				return Number(result.numDeletedRows);
			}
		},

		city: {
			async upsertDistricts(districts: readonly DistrictRecord[]): Promise<void> {
				for (const district of districts) {
					const values = {
						id: district.id,
						slug: district.slug,
						name: district.name,
						centre_lat: district.centreLat,
						centre_lng: district.centreLng,
						geometry: district.geometry,
						approximate: district.approximate ? 1 : 0
					};
					await db
						.insertInto('districts')
						.values(values)
						.onConflict((conflict) =>
							conflict.column('slug').doUpdateSet({
								name: values.name,
								centre_lat: values.centre_lat,
								centre_lng: values.centre_lng,
								geometry: values.geometry,
								approximate: values.approximate
							})
						)
						.execute();
				}
			},
			async listDistricts(): Promise<DistrictRecord[]> {
				const rows = await db
					.selectFrom('districts')
					.select(['id', 'slug', 'name', 'centre_lat as centreLat', 'centre_lng as centreLng', 'geometry', 'approximate'])
					.orderBy('name')
					.execute();
				return rows.map((row) => ({ ...row, approximate: row.approximate === 1 }));
			},
			/** Of these districts, the ones that ideas are placed in. */
			async districtSlugsInUse(slugs: readonly string[]): Promise<string[]> {
				if (slugs.length === 0) return [];
				const rows = await db
					.selectFrom('districts as d')
					.innerJoin('ideas as i', 'i.district_id', 'd.id')
					.select('d.slug')
					.distinct()
					.where('d.slug', 'in', slugs)
					.execute();
				return rows.map((row) => row.slug);
			},
			async deleteDistricts(slugs: readonly string[]): Promise<void> {
				if (slugs.length > 0) await db.deleteFrom('districts').where('slug', 'in', slugs).execute();
			},
			async upsertTopics(topics: readonly TopicRecord[]): Promise<void> {
				for (const topic of topics) {
					await db
						.insertInto('topics')
						.values(topic)
						.onConflict((conflict) =>
							conflict.column('slug').doUpdateSet({ name: topic.name, translations: topic.translations, position: topic.position })
						)
						.execute();
				}
			},
			async listTopics(): Promise<TopicRecord[]> {
				return db.selectFrom('topics').select(['id', 'slug', 'name', 'translations', 'position']).orderBy('position').execute();
			}
		},

		projects: (() => {
			const columns = ['id', 'slug', 'title', 'description', 'translations', 'status', 'closes_at as closesAt', 'created_at as createdAt'] as const;
			const findBySlug = (slug: string): Promise<ProjectRecord | undefined> =>
				db.selectFrom('projects').select(columns).where('slug', '=', slug).executeTakeFirst();
			return {
				/** Inserts unless a project with the same slug exists; returns the stored project either way. */
				async insertIfAbsent(project: ProjectRecord): Promise<ProjectRecord> {
					await db
						.insertInto('projects')
						.values({
							id: project.id,
							slug: project.slug,
							title: project.title,
							description: project.description,
							translations: project.translations,
							status: project.status,
							closes_at: project.closesAt,
							created_at: project.createdAt
						})
						.onConflict((conflict) => conflict.column('slug').doNothing())
						.execute();
					const stored = await findBySlug(project.slug);
					if (!stored) throw new Error(`project ${project.slug} vanished after insert`);
					return stored;
				},
				async findById(id: string): Promise<ProjectRecord | undefined> {
					return db.selectFrom('projects').select(columns).where('id', '=', id).executeTakeFirst();
				},
				findBySlug,
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
		})(),

		ideas: {
			async insert(idea: IdeaRecord): Promise<void> {
				await db
					.insertInto('ideas')
					.values({
						id: idea.id,
						project_id: idea.projectId,
						author_id: idea.authorId,
						title: idea.title,
						body: idea.body,
						topic_id: idea.topicId,
						district_id: idea.districtId,
						lat: idea.lat,
						lng: idea.lng,
						location_approximate: idea.locationApproximate ? 1 : 0,
						language: idea.language,
						status: idea.status,
						created_at: idea.createdAt,
						changed_at: idea.createdAt
					})
					.execute();
			},
			async findView(id: string, viewerId: string | null): Promise<IdeaViewRecord | undefined> {
				return ideaViews(viewerId).where('i.id', '=', id).executeTakeFirst();
			},
			/**
			 * The ideas of a project created, voted on or commented on after `since` (an ISO time), newest first, at most
			 * `limit`.
			 */
			async listChangedSince(projectId: string, viewerId: string | null, since: string, limit: number): Promise<IdeaViewRecord[]> {
				return ideaViews(viewerId)
					.where('i.project_id', '=', projectId)
					.where('i.changed_at', '>', since)
					.orderBy('i.created_at', 'desc')
					.orderBy('i.id', 'desc')
					.limit(limit)
					.execute();
			},
			/** Newest first. */
			async listViews(projectId: string, viewerId: string | null, limit: number): Promise<IdeaViewRecord[]> {
				return ideaViews(viewerId)
					.where('i.project_id', '=', projectId)
					.orderBy('i.created_at', 'desc')
					.orderBy('i.id', 'desc')
					.limit(limit)
					.execute();
			},
			/**
			 * Reads the idea with its counts and, on PostgreSQL, locks its row until the transaction ends, so concurrent
			 * votes on one idea apply one after another (SQLite serialises write transactions by itself).
			 */
			async lockForVote(id: string): Promise<({ projectId: string; projectStatus: string } & VersionedTally) | undefined> {
				let query = db
					.selectFrom('ideas as i')
					.innerJoin('projects as p', 'p.id', 'i.project_id')
					.select(['i.project_id as projectId', 'p.status as projectStatus', 'i.upvotes', 'i.downvotes', 'i.votes_version as votesVersion'])
					.where('i.id', '=', id);
				if (dialect === 'postgres') query = query.forUpdate('i');
				return query.executeTakeFirst();
			},
			/**
			 * The counts of these ideas, with `userId`'s own vote on each (null without one), read in one statement so
			 * that each vote and version belong together. Unknown ids are left out.
			 */
			async voteStandings(
				ids: readonly string[],
				userId: string | null
			): Promise<(VersionedTally & { id: string; projectId: string; myVote: number | null })[]> {
				if (ids.length === 0) return [];
				return db
					.selectFrom('ideas as i')
					.leftJoin('votes as v', (join) => join.onRef('v.idea_id', '=', 'i.id').on('v.user_id', '=', userId ?? ''))
					.select(['i.id', 'i.project_id as projectId', 'i.upvotes', 'i.downvotes', 'i.votes_version as votesVersion', 'v.value as myVote'])
					.where('i.id', 'in', ids)
					.execute();
			},
			/** Moves the cached counts by the given deltas, bumps their version and stamps `changedAt`; returns the new counts. */
			async addToTally(id: string, up: number, down: number, changedAt: string): Promise<VersionedTally> {
				return db
					.updateTable('ideas')
					.set((eb) => ({
						upvotes: eb('upvotes', '+', up),
						downvotes: eb('downvotes', '+', down),
						votes_version: eb('votes_version', '+', 1),
						changed_at: changedAt
					}))
					.where('id', '=', id)
					.returning(['upvotes', 'downvotes', 'votes_version as votesVersion'])
					.executeTakeFirstOrThrow();
			}
		},

		votes: {
			async find(ideaId: string, userId: string): Promise<number | null> {
				const row = await db
					.selectFrom('votes')
					.select('value')
					.where('idea_id', '=', ideaId)
					.where('user_id', '=', userId)
					.executeTakeFirst();
				return row?.value ?? null;
			},
			async upsert(vote: { ideaId: string; userId: string; value: number; updatedAt: string }): Promise<void> {
				await db
					.insertInto('votes')
					.values({ idea_id: vote.ideaId, user_id: vote.userId, value: vote.value, updated_at: vote.updatedAt })
					.onConflict((conflict) =>
						conflict.columns(['idea_id', 'user_id']).doUpdateSet({ value: vote.value, updated_at: vote.updatedAt })
					)
					.execute();
			},
			async delete(ideaId: string, userId: string): Promise<void> {
				await db.deleteFrom('votes').where('idea_id', '=', ideaId).where('user_id', '=', userId).execute();
			},
			/** Recounts from the votes themselves: the ground truth the cached tally must equal. */
			async count(ideaId: string): Promise<Tally> {
				const row = await db
					.selectFrom('votes')
					.select([
						sql<number>`coalesce(sum(case when value = 1 then 1 else 0 end), 0)`.as('upvotes'),
						sql<number>`coalesce(sum(case when value = -1 then 1 else 0 end), 0)`.as('downvotes')
					])
					.where('idea_id', '=', ideaId)
					.executeTakeFirstOrThrow();
				return { upvotes: Number(row.upvotes), downvotes: Number(row.downvotes) };
			}
		},

		comments: {
			async insert(comment: Omit<CommentRecord, 'authorName'>): Promise<void> {
				await db
					.insertInto('comments')
					.values({
						id: comment.id,
						idea_id: comment.ideaId,
						author_id: comment.authorId,
						body: comment.body,
						created_at: comment.createdAt
					})
					.execute();
				await db
					.updateTable('ideas')
					.set((eb) => ({ comment_count: eb('comment_count', '+', 1), changed_at: comment.createdAt }))
					.where('id', '=', comment.ideaId)
					.execute();
			},
			/** Oldest first, as a conversation reads. */
			async listByIdea(ideaId: string, limit: number): Promise<CommentRecord[]> {
				return db
					.selectFrom('comments as c')
					.innerJoin('users as u', 'u.id', 'c.author_id')
					.select(['c.id', 'c.idea_id as ideaId', 'c.author_id as authorId', 'u.display_name as authorName', 'c.body', 'c.created_at as createdAt'])
					.where('c.idea_id', '=', ideaId)
					.orderBy('c.created_at')
					.orderBy('c.id')
					.limit(limit)
					.execute();
			}
		},

		documents: {
			async append(document: string, update: Uint8Array, createdAt: string): Promise<void> {
				await db.insertInto('document_updates').values({ document, update, created_at: createdAt }).execute();
			},
			async load(document: string): Promise<{ id: number; update: Uint8Array }[]> {
				const rows = await db
					.selectFrom('document_updates')
					.select(['id', 'update'])
					.where('document', '=', document)
					.orderBy('id')
					.execute();
				return rows.map((row) => ({ id: Number(row.id), update: new Uint8Array(row.update) }));
			},
			/**
			 * Replaces the rows `ids` by one snapshot, so loading stays fast as a document grows. Only those rows: on
			 * PostgreSQL, ids of concurrent inserts can commit out of order, so "every id up to n" could take a row the
			 * snapshot does not hold.
			 */
			async compact(document: string, snapshot: Uint8Array, ids: readonly number[], createdAt: string): Promise<void> {
				for (let start = 0; start < ids.length; start += 500) {
					const batch = ids.slice(start, start + 500);
					await db.deleteFrom('document_updates').where('document', '=', document).where('id', 'in', batch).execute();
				}
				await db.insertInto('document_updates').values({ document, update: snapshot, created_at: createdAt }).execute();
			}
		},

		idempotency: {
			async find(accountId: string, command: string, key: string): Promise<string | undefined> {
				const row = await db
					.selectFrom('idempotency_keys')
					.select('result')
					.where('account_id', '=', accountId)
					.where('command', '=', command)
					.where('key', '=', key)
					.executeTakeFirst();
				return row?.result;
			},
			/**
			 * Records a result unless the key was recorded already; returns whether it did. Inside a transaction on
			 * PostgreSQL, a concurrent insert of the same key waits for the first to commit, then records nothing.
			 */
			async insertIfAbsent(entry: { accountId: string; command: string; key: string; result: string; createdAt: string }): Promise<boolean> {
				const inserted = await db
					.insertInto('idempotency_keys')
					.values({ account_id: entry.accountId, command: entry.command, key: entry.key, result: entry.result, created_at: entry.createdAt })
					.onConflict((conflict) => conflict.columns(['account_id', 'command', 'key']).doNothing())
					.executeTakeFirst();
				return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
			},
			async deleteOlderThan(cutoff: string): Promise<number> {
				const result = await db.deleteFrom('idempotency_keys').where('created_at', '<', cutoff).executeTakeFirst();
				return Number(result.numDeletedRows);
			}
		}
	};
}

export type StoreRepositories = ReturnType<typeof repositories>;

export interface Store extends StoreRepositories {
	readonly dialect: Dialect;
	/** Runs `work` in one database transaction; everything it writes commits or rolls back together. */
	transaction<T>(work: (tx: StoreRepositories) => Promise<T>): Promise<T>;
	/** Throws when the database does not answer. */
	ping(): Promise<void>;
	close(): Promise<void>;
}

/** Opens the database, brings its schema up to date and returns the store. */
export async function openStore(location: DatabaseLocation, onPoolError?: (error: Error) => void): Promise<Store> {
	const { db, dialect } = openDatabase(location, onPoolError);
	try {
		await migrateToLatest(db, dialect);
	} catch (error) {
		await db.destroy();
		throw error;
	}
	return {
		dialect,
		...repositories(db, dialect),
		transaction: (work) => db.transaction().execute((trx) => work(repositories(trx, dialect))),
		async ping() {
			await sql`select 1`.execute(db);
		},
		close: () => db.destroy()
	};
}
