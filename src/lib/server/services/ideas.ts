import { GUEST, isModeratorRole, requireSignedIn, type Actor, type SignedInActor } from '../../domain/actors';
import { mayReadHidden, reasonOf } from '../../domain/moderation';
import { DomainError } from '../../domain/errors';
import { draftFactsOf, draftHistoryAccess } from '../../domain/drafts';
import { roleSchema } from '../../domain/actors';
import {
	CONTENT_LANGUAGES,
	createIdeaSchema,
	editableUntil,
	editIdeaSchema,
	IDEA_STATUSES,
	ideaRightsOf,
	markDuplicateSchema,
	unmarkDuplicateSchema,
	withdrawIdeaSchema,
	type AuthoredIdea,
	type IdeaLink,
	type IdeaPage,
	ideaChangesQuerySchema,
	idSchema,
	type ContentLanguage,
	type IdeaChanges,
	type IdeaSnapshot,
	type IdeaStatus,
	type IdeaView
} from '../../domain/ideas';
import { postedImagesSchema } from '../../domain/images';
import {
	browseQuerySchema,
	encodeCursor,
	PIN_LIST_LIMIT,
	searchTerms,
	SEARCH_TERMS_MAX,
	SIMILAR_LIMIT,
	SIMILAR_CANDIDATES,
	similarStems,
	similarQuerySchema,
	similarWorthAsking,
	titleOverlap,
	type BoardPage,
	type MapPin,
	type PinList,
	type SimilarIdea
} from '../../domain/board';
import { limitSubjectOf } from '../../domain/limits';
import { acceptsParticipation, type Project } from '../../domain/projects';
import { parseInput } from '../../domain/validation';
import type { RichTextSanitizer, ServicePorts } from '../ports';
import type { IdeaChangeTarget, IdeaViewRecord, StoreRepositories } from '../storage/store';
import type { CityService } from './city';
import type { Idempotency } from './idempotency';
import type { ImagesService } from './images';
import { toProject } from './projects';

/** The most ideas `list` and one catch-up return; pages browse a page at a time instead (B2). */
export const IDEA_LIST_LIMIT = 2000;

/** The most ideas a profile lists. */
export const AUTHORED_IDEAS_LIMIT = 50;

function parsedLanguage(language: string): ContentLanguage {
	return (CONTENT_LANGUAGES as readonly string[]).includes(language) ? (language as ContentLanguage) : 'en';
}

/**
 * A marker lies this far before the read it belongs to: a vote stamped just before the read but committed just after
 * it, or stamped by a node whose clock runs behind, still counts as a change after the marker.
 */
export const CHANGES_MARGIN_MS = 5_000;

/** MO3: `hidden` carries its reason for readers who may read a hidden idea (its author, moderators); others never get one. */
export function toIdeaView(record: IdeaViewRecord, reader: Actor = GUEST): IdeaView {
	const status = (IDEA_STATUSES as readonly string[]).includes(record.status) ? (record.status as IdeaStatus) : 'proposed';
	return {
		id: record.id,
		projectId: record.projectId,
		title: record.title,
		body: record.body,
		bodyText: record.bodyText,
		topic: { slug: record.topicSlug, name: record.topicName },
		district: { slug: record.districtSlug, name: record.districtName },
		location: { lat: record.lat, lng: record.lng },
		locationApproximate: record.locationApproximate === 1,
		language: parsedLanguage(record.language),
		status,
		author: { id: record.authorId, displayName: record.authorName, role: roleSchema.catch('citizen').parse(record.authorRole) },
		upvotes: record.upvotes,
		downvotes: record.downvotes,
		votesVersion: record.votesVersion,
		commentCount: record.commentCount,
		createdAt: record.createdAt,
		editedAt: record.editedAt,
		withdrawn:
			record.withdrawnAt === null
				? null
				: { at: record.withdrawnAt, reason: record.withdrawnReason ?? '', byAuthor: record.withdrawnBy === record.authorId },
		duplicateOf: record.duplicateOf,
		myVote: record.myVote === 1 || record.myVote === -1 ? record.myVote : null,
		hidden:
			record.hiddenAt === null
				? null
				: mayReadHidden(reader, record.authorId)
					? { at: record.hiddenAt, reason: reasonOf(record.hiddenReason), note: record.hiddenNote }
					: { at: record.hiddenAt, reason: null, note: null }
	};
}

function languageOf(language: string): ContentLanguage {
	return parsedLanguage(language);
}

export function createIdeasService(ports: ServicePorts, city: CityService, idempotency: Idempotency, richText: RichTextSanitizer, images: ImagesService) {
	const { store, events, clock, ids, limits } = ports;
	const marker = () => new Date(clock.now().getTime() - CHANGES_MARGIN_MS).toISOString();
	// The server reads bodies through its allowlist: lengths are measured on what will be shown.
	const createSchema = createIdeaSchema(richText.sanitize);
	const editSchema = editIdeaSchema(richText.sanitize);

	/** The idea behind a change, locked, or `not_found`. */
	async function lockedIdea(tx: StoreRepositories, ideaId: string): Promise<IdeaChangeTarget> {
		const idea = await tx.ideas.lockForChange(ideaId);
		if (!idea) throw new DomainError('not_found', 'idea_not_found');
		return idea;
	}

	function refuseWithdrawn(idea: Pick<IdeaChangeTarget, 'withdrawnAt'>): void {
		if (idea.withdrawnAt !== null) throw new DomainError('conflict', 'idea_withdrawn');
	}

	/**
	 * What an author's edit (I7) and a republished draft (D15) share: the new content checked, the version it replaces
	 * kept in the history (I8), `idea.edited` published when something changed. `allow` adds the caller's own checks,
	 * inside the transaction, after the idea is known to be open to change.
	 */
	async function replaceContent(
		actor: Actor,
		input: unknown,
		allow: (current: IdeaChangeTarget, editorId: string, now: string, tx: StoreRepositories) => Promise<void>
	): Promise<IdeaView> {
		const editor = requireSignedIn(actor, 'auth_sign_in_to_edit');
		const { ideaId, title, body: sanitized, topic } = parseInput(editSchema, input);
		await limits.take('idea.edit', limitSubjectOf(actor));
		const { topics } = await city.get();
		const chosenTopic = topics.find((candidate) => candidate.slug === topic);
		if (!chosenTopic) throw new DomainError('invalid', 'idea_topic_unknown', {}, { topic: { key: 'idea_topic_unknown' } });
		const now = clock.now().toISOString();
		const { idea, changed } = await store.transaction(async (tx) => {
			const current = await lockedIdea(tx, ideaId);
			refuseWithdrawn(current);
			// MO10: a hidden idea keeps the words it was hidden for.
			if (current.hiddenAt !== null) throw new DomainError('conflict', 'moderation_hidden_item');
			if (current.duplicateOf !== null) throw new DomainError('conflict', 'idea_is_duplicate');
			if (current.projectStatus !== 'open') throw new DomainError('forbidden', 'project_closed_for_ideas');
			await allow(current, editor.userId, now, tx);
			if (current.title === title && current.body === sanitized.html && current.topicId === chosenTopic.id) {
				return { idea: await viewOf(tx, ideaId, editor.userId), changed: false };
			}
			await tx.ideaRevisions.insert({
				id: ids.next(),
				ideaId,
				title: current.title,
				body: current.body,
				bodyText: current.bodyText,
				topicId: current.topicId,
				writtenAt: current.editedAt ?? current.createdAt,
				replacedAt: now,
				replacedBy: editor.userId
			});
			await tx.ideas.updateContent(ideaId, { title, body: sanitized.html, bodyText: sanitized.text, topicId: chosenTopic.id, editedAt: now });
			return { idea: await viewOf(tx, ideaId, editor.userId), changed: true };
		});
		if (changed) {
			events.publish({ type: 'idea.edited', projectId: idea.projectId, ideaId, title: idea.title, body: idea.body, bodyText: idea.bodyText, topic: idea.topic, editedAt: now });
		}
		return idea;
	}

	function requireModerator(actor: SignedInActor): void {
		if (!isModeratorRole(actor.role)) throw new DomainError('forbidden', 'idea_duplicate_forbidden');
	}

	async function viewOf(tx: StoreRepositories, ideaId: string, viewerId: string | null) {
		const stored = await tx.ideas.findView(ideaId, viewerId);
		if (!stored) throw new Error(`idea ${ideaId} vanished`);
		return toIdeaView(stored);
	}

	async function duplicateUpvotesOf(tx: StoreRepositories, originalId: string): Promise<number> {
		return (await tx.ideas.duplicatesOf(originalId)).reduce((sum, duplicate) => sum + duplicate.upvotes, 0);
	}

	const service = {
		/**
		 * I1–I5: a signed-in user posts an idea in an open project, with a known topic, at a point inside the city (the
		 * district is derived from it) or in a chosen district (placed at its centre, approximate). R4 limits how often.
		 * With an idempotency key, a retry returns the first result (I6). Up to five of the author's uploads go with it
		 * (IM4). `within` runs in the same transaction (a draft's publish, D13: both happen or neither). Publishes
		 * `idea.created` once.
		 */
		async create(actor: Actor, input: unknown, within?: (tx: StoreRepositories, ideaId: string) => Promise<void>): Promise<IdeaView> {
			const author = requireSignedIn(actor, 'auth_sign_in_to_post');
			const { projectId, title, body, topic, language, location: pin, district: districtSlug } = parseInput(createSchema, input);
			const { images: postedImages } = parseInput(postedImagesSchema, input);
			const idempotencyKey = idempotency.keyOf(input);
			const replayed = await idempotency.replay<IdeaView>('idea.create', author.userId, idempotencyKey);
			if (replayed) return replayed;
			await limits.take('idea.create', limitSubjectOf(actor));
			const project = await store.projects.findById(projectId);
			if (!project) throw new DomainError('not_found', 'project_not_found');
			if (!acceptsParticipation(toProject(project))) throw new DomainError('forbidden', 'project_closed_for_ideas');
			// AD5: a project may ask for a pin on the map; a district alone is then not enough.
			if (!pin && toProject(project).locationMode === 'pin_required') {
				throw new DomainError('invalid', 'admin_location_pin_required', {}, { location: { key: 'admin_location_pin_required' } });
			}
			const { topics, districts, name: cityName } = await city.get();
			const chosenTopic = topics.find((candidate) => candidate.slug === topic);
			if (!chosenTopic) throw new DomainError('invalid', 'idea_topic_unknown', {}, { topic: { key: 'idea_topic_unknown' } });
			const district = pin ? await city.locate(pin) : (districts.find((candidate) => candidate.slug === districtSlug) ?? null);
			if (!district) {
				const outside = { key: 'idea_location_outside', params: { city: cityName } } as const;
				if (pin) throw new DomainError('invalid', outside.key, outside.params, { location: outside });
				throw new DomainError('invalid', 'idea_district_unknown', {}, { district: { key: 'idea_district_unknown' } });
			}
			const location = pin ?? district.centre;

			const id = ids.next();
			const { value: idea, fresh } = await idempotency.record('idea.create', author.userId, idempotencyKey, async (tx) => {
				await tx.ideas.insert({
					id,
					projectId,
					authorId: author.userId,
					title,
					body: body.html,
					bodyText: body.text,
					topicId: chosenTopic.id,
					districtId: district.id,
					lat: location.lat,
					lng: location.lng,
					locationApproximate: !pin,
					language,
					status: 'proposed',
					createdAt: clock.now().toISOString()
				});
				await images.attach(tx, author.userId, id, postedImages);
				await within?.(tx, id);
				const stored = await tx.ideas.findView(id, author.userId);
				if (!stored) throw new Error(`idea ${id} vanished after insert`);
				return toIdeaView(stored);
			});
			if (fresh) {
				const { myVote: _ownVote, ...publicIdea } = idea;
				events.publish({ type: 'idea.created', projectId, idea: publicIdea });
			}
			return idea;
		},

		/** The newest ideas of a project (at most IDEA_LIST_LIMIT), each with the actor's own vote: for seeding and tests. */
		async list(actor: Actor, projectId: unknown): Promise<IdeaView[]> {
			const id = parseInput(idSchema, projectId);
			if (!(await store.projects.findById(id))) throw new DomainError('not_found', 'project_not_found');
			const page = await service.browse(actor, { projectId: id, sort: 'newest', limit: 100 });
			const ideas = [...page.ideas];
			for (let next = page.next; next && ideas.length < IDEA_LIST_LIMIT; ) {
				const more = await service.browse(actor, { projectId: id, sort: 'newest', limit: 100, cursor: next });
				ideas.push(...more.ideas);
				next = more.next;
			}
			return ideas;
		},

		/**
		 * B2–B7: one page of a project's ideas in a view (sort, topic, district, status, the actor's own, search), each
		 * with the actor's own vote, and the cursor of the next page. Unknown topics or districts match nothing; `mine`
		 * for a guest matches nothing.
		 */
		async browse(actor: Actor, input: unknown): Promise<BoardPage<IdeaView>> {
			const query = parseInput(browseQuerySchema, input);
			if (!(await store.projects.findById(query.projectId))) throw new DomainError('not_found', 'project_not_found');
			const viewerId = actor.kind === 'user' ? actor.userId : null;
			const { topics, districts } = await city.get();
			const topicId = query.topic ? topics.find((topic) => topic.slug === query.topic)?.id : undefined;
			const districtId = query.district ? districts.find((district) => district.slug === query.district)?.id : undefined;
			if ((query.topic && !topicId) || (query.district && !districtId) || (query.mine && !viewerId)) return { ideas: [], next: null };
			const rows = await store.ideas.browse({
				projectId: query.projectId,
				viewerId,
				sort: query.sort,
				topicId,
				districtId,
				status: query.status,
				authorId: query.mine ? (viewerId ?? undefined) : undefined,
				terms: searchTerms(query.q ?? '', SEARCH_TERMS_MAX),
				seed: query.seed ?? 0,
				after: query.cursor,
				// One more than asked tells whether a next page exists without counting.
				limit: query.limit + 1
			});
			const shown = rows.slice(0, query.limit);
			const last = shown.at(-1);
			const next =
				rows.length > query.limit && last
					? encodeCursor({
							sort: query.sort,
							key: last.sortKey,
							id: last.id,
							...(query.sort === 'random' ? { wrapped: Number(last.sortKey) < (query.seed ?? 0) } : {})
						})
					: null;
			return { ideas: shown.map((record) => toIdeaView(record, actor)), next };
		},

		/** B9: every idea of a project as a light map pin (no body, no author), newest first, up to PIN_LIST_LIMIT. */
		async pins(actor: Actor, projectId: unknown): Promise<PinList> {
			const id = parseInput(idSchema, projectId);
			if (!(await store.projects.findById(id))) throw new DomainError('not_found', 'project_not_found');
			const [rows, { topics }] = await Promise.all([store.ideas.pins(id, PIN_LIST_LIMIT + 1), city.get()]);
			const slugs = new Map(topics.map((topic) => [topic.id, topic.slug]));
			const pins = rows
				.slice(0, PIN_LIST_LIMIT)
				.map((row): MapPin => [row.id, row.title, row.language, slugs.get(row.topicId) ?? '', row.lat, row.lng, row.locationApproximate === 1 ? 1 : 0, row.upvotes, row.downvotes, row.commentCount, row.votesVersion]);
			return { pins, truncated: rows.length > PIN_LIST_LIMIT };
		},

		/**
		 * B8: the ideas of a project most like a title (and body) being typed, best first, at most SIMILAR_LIMIT, with
		 * the actor's own vote: full-text candidates reranked by how much their titles overlap. R14 limits how often.
		 */
		async similar(actor: Actor, input: unknown): Promise<SimilarIdea[]> {
			const { projectId, title, body } = parseInput(similarQuerySchema, input);
			await limits.take('idea.similar', limitSubjectOf(actor));
			if (!(await store.projects.findById(projectId))) throw new DomainError('not_found', 'project_not_found');
			if (!similarWorthAsking(title)) return [];
			const { titleStems, bodyStems } = similarStems(title, body);
			const viewerId = actor.kind === 'user' ? actor.userId : null;
			const candidates = await store.ideas.similar(projectId, viewerId, titleStems, bodyStems, SIMILAR_CANDIDATES);
			return candidates
				.map((candidate, rank) => ({ candidate, rank, overlap: titleOverlap(title, candidate.title) }))
				.sort((a, b) => b.overlap - a.overlap || a.rank - b.rank)
				.slice(0, SIMILAR_LIMIT)
				.map(({ candidate }) => ({
					id: candidate.id,
					title: candidate.title,
					language: candidate.language,
					topicSlug: candidate.topicSlug,
					upvotes: candidate.upvotes,
					downvotes: candidate.downvotes,
					votesVersion: candidate.votesVersion,
					commentCount: candidate.commentCount,
					myVote: candidate.myVote === 1 || candidate.myVote === -1 ? candidate.myVote : null
				}));
		},

		/**
		 * What a project page renders: one page of its view, the map's pins, and the marker from which it later asks
		 * what changed (taken before the reads).
		 */
		async snapshot(actor: Actor, input: unknown): Promise<IdeaSnapshot> {
			const since = marker();
			const { projectId } = parseInput(browseQuerySchema, input);
			const [page, pins] = [await service.browse(actor, input), await service.pins(actor, projectId)];
			return { since, ideas: page.ideas, next: page.next, pins };
		},

		/**
		 * What changed in a project after `since` (a marker from `snapshot` or an earlier call): ideas created after it in
		 * full, newest first, and for older ideas that were voted or commented on, their counts with the actor's own vote.
		 * Changes stamped within CHANGES_MARGIN_MS before the marker come again; versions make that harmless (V5).
		 */
		async changesSince(actor: Actor, input: unknown): Promise<IdeaChanges> {
			const { projectId, since } = parseInput(ideaChangesQuerySchema(clock.now()), input);
			if (!(await store.projects.findById(projectId))) throw new DomainError('not_found', 'project_not_found');
			const next = marker();
			const viewerId = actor.kind === 'user' ? actor.userId : null;
			const all = (await store.ideas.listChangedSince(projectId, viewerId, since, IDEA_LIST_LIMIT)).map((record) => toIdeaView(record, actor));
			// MO3: a hidden idea leaves a page like a withdrawn one, with nothing of its content (moderators too: lists never show it).
			const changed = all.filter((idea) => idea.hidden === null);
			const standing = changed.filter((idea) => idea.withdrawn === null);
			const older = standing.filter((idea) => idea.createdAt <= since);
			return {
				since: next,
				ideas: standing.filter((idea) => idea.createdAt > since),
				counts: older.map(({ id, upvotes, downvotes, votesVersion, commentCount, myVote }) => ({ ideaId: id, upvotes, downvotes, votesVersion, commentCount, myVote })),
				edited: older
					.filter((idea) => idea.editedAt !== null && idea.editedAt > since)
					.map(({ id, title, bodyText, topic, editedAt }) => ({ ideaId: id, title, bodyText, topic, editedAt: editedAt! })),
				withdrawn: [...changed.filter((idea) => idea.withdrawn !== null), ...all.filter((idea) => idea.hidden !== null)].map((idea) => idea.id)
			};
		},

		/**
		 * A person's ideas that anyone may read, newest first (at most AUTHORED_IDEAS_LIMIT), with their projects: the
		 * contributions their profile lists. Hidden and withdrawn ideas are left out for every reader.
		 */
		async byAuthor(userId: unknown): Promise<AuthoredIdea[]> {
			const authorId = parseInput(idSchema, userId);
			const records = await store.ideas.byAuthor(authorId, AUTHORED_IDEAS_LIMIT);
			const projects = new Map<string, Project>();
			for (const projectId of new Set(records.map((record) => record.projectId))) {
				const record = await store.projects.findById(projectId);
				if (record) projects.set(projectId, toProject(record));
			}
			return records.flatMap((record) => {
				const project = projects.get(record.projectId);
				if (!project) return [];
				const titles = Object.fromEntries(Object.entries(project.translations).map(([locale, text]) => [locale, text?.title ?? project.title]));
				return [
					{
						id: record.id,
						title: record.title,
						language: record.language as ContentLanguage,
						status: record.status as IdeaStatus,
						upvotes: Number(record.upvotes),
						commentCount: Number(record.commentCount),
						createdAt: record.createdAt,
						project: { slug: project.slug, title: project.title, translations: titles }
					}
				];
			});
		},

		async get(actor: Actor, ideaId: unknown): Promise<IdeaView> {
			const id = parseInput(idSchema, ideaId);
			const record = await store.ideas.findView(id, actor.kind === 'user' ? actor.userId : null);
			// MO3: to anyone but its author and moderators a hidden idea does not exist.
			if (!record || (record.hiddenAt !== null && !mayReadHidden(actor, record.authorId))) throw new DomainError('not_found', 'idea_not_found');
			return toIdeaView(record, actor);
		},

		/**
		 * An idea with what its page shows: its earlier versions (I8), the original it duplicates or its duplicates and
		 * their upvotes (I10, I11), until when its author may edit it, and what the actor may do with it now.
		 */
		async page(actor: Actor, ideaId: unknown): Promise<IdeaPage> {
			const idea = await service.get(actor, ideaId);
			const project = await store.projects.findById(idea.projectId);
			if (!project) throw new DomainError('not_found', 'idea_not_found');
			const [revisions, duplicates, original, credited, draft] = await Promise.all([
				store.ideaRevisions.listFor(idea.id),
				store.ideas.duplicatesOf(idea.id),
				idea.duplicateOf ? store.ideas.findTitle(idea.duplicateOf) : Promise.resolve(undefined),
				store.drafts.ideaAuthors(idea.id),
				store.drafts.findByIdea(idea.id)
			]);
			const draftAuthors = draft ? (await store.drafts.authorsOf([draft.id])).map((author) => author.id) : [];
			const link = (row: { id: string; title: string; language: string }): IdeaLink => ({ id: row.id, title: row.title, language: languageOf(row.language) });
			return {
				idea,
				revisions: revisions.map((revision) => ({
					id: revision.id,
					title: revision.title,
					body: revision.body,
					bodyText: revision.bodyText,
					topic: { slug: revision.topicSlug, name: revision.topicName },
					writtenAt: revision.writtenAt,
					replacedAt: revision.replacedAt,
					replacedBy: { id: revision.replacedBy, displayName: revision.replacedByName, role: roleSchema.catch('citizen').parse(revision.replacedByRole) }
				})),
				original: original ? link(original) : null,
				duplicates: duplicates.map((duplicate) => ({ ...link(duplicate), upvotes: duplicate.upvotes })),
				duplicateUpvotes: duplicates.reduce((sum, duplicate) => sum + duplicate.upvotes, 0),
				editableUntil: editableUntil(idea.createdAt, project.editWindowMinutes),
				rights: ideaRightsOf(actor, idea, project, clock.now()),
				authors:
					credited.length > 0
						? credited.map((person) => ({ id: person.id, displayName: person.displayName, role: roleSchema.catch('citizen').parse(person.role) }))
						: [idea.author],
				draft: draft ? { id: draft.id, cost: draft.publishedCost, history: draftHistoryAccess(actor, draftFactsOf(draft, draftAuthors)) !== 'none' } : null
			};
		},

		/**
		 * I7/I8: the author replaces the title, body and topic within the project's edit window (never after it, never
		 * on a withdrawn or duplicate idea, only while the project is open); the version replaced is kept in the history.
		 * An edit that changes nothing stores nothing. R11 limits edits. Publishes `idea.edited`.
		 */
		async edit(actor: Actor, input: unknown): Promise<IdeaView> {
			return replaceContent(actor, input, async (current, editorId, now) => {
				if (current.authorId !== editorId) throw new DomainError('forbidden', 'idea_edit_not_author');
				if (now >= editableUntil(current.createdAt, current.editWindowMinutes)) {
					throw new DomainError('forbidden', 'idea_edit_window_closed', { minutes: current.editWindowMinutes });
				}
			});
		},

		/**
		 * D15: a reopened draft published again replaces its idea's title, body and topic, whoever of its co-authors
		 * publishes and whenever (the draft is how its authors keep editing it, not I7's window), keeping the version
		 * replaced in the history (I8); never a withdrawn or duplicate idea. `within` runs in the same transaction.
		 * Publishes `idea.edited` when something changed.
		 */
		async reviseFromDraft(actor: Actor, input: unknown, within: (tx: StoreRepositories) => Promise<void>): Promise<IdeaView> {
			return replaceContent(actor, input, (_current, _editorId, _now, tx) => within(tx));
		},

		/**
		 * I9: the author, or a moderator or admin, withdraws an idea with a reason: a soft delete (when, who, why kept),
		 * after which it leaves the lists, takes no votes or edits, and its page says why. R12 limits withdrawals.
		 * Publishes `idea.withdrawn` (and, for a withdrawn duplicate, `idea.duplicateChanged` for its original's count).
		 */
		async withdraw(actor: Actor, input: unknown): Promise<IdeaView> {
			const withdrawer = requireSignedIn(actor, 'auth_sign_in_to_edit');
			const { ideaId, reason } = parseInput(withdrawIdeaSchema, input);
			await limits.take('idea.withdraw', limitSubjectOf(actor));
			const now = clock.now().toISOString();
			const { idea, originalDuplicateUpvotes } = await store.transaction(async (tx) => {
				const current = await lockedIdea(tx, ideaId);
				if (current.authorId !== withdrawer.userId && !isModeratorRole(withdrawer.role)) throw new DomainError('forbidden', 'idea_withdraw_forbidden');
				refuseWithdrawn(current);
				await tx.ideas.withdraw(ideaId, { at: now, by: withdrawer.userId, reason });
				return {
					idea: await viewOf(tx, ideaId, withdrawer.userId),
					originalDuplicateUpvotes: current.duplicateOf ? await duplicateUpvotesOf(tx, current.duplicateOf) : null
				};
			});
			events.publish({ type: 'idea.withdrawn', projectId: idea.projectId, ideaId, withdrawn: idea.withdrawn! });
			if (idea.duplicateOf && originalDuplicateUpvotes !== null) {
				events.publish({
					type: 'idea.duplicateChanged',
					projectId: idea.projectId,
					ideaId,
					duplicateOf: idea.duplicateOf,
					original: idea.duplicateOf,
					originalDuplicateUpvotes
				});
			}
			return idea;
		},

		/**
		 * I10: a moderator or admin marks an idea a duplicate of another idea of the same project. The original may not
		 * itself be a duplicate, nor withdrawn; an idea that has duplicates of its own cannot become one (no chains).
		 * Marking it again points it elsewhere. R13 limits marks. Publishes `idea.duplicateChanged`.
		 */
		async markDuplicate(actor: Actor, input: unknown): Promise<IdeaView> {
			const moderator = requireSignedIn(actor, 'auth_sign_in_to_edit');
			const { ideaId, duplicateOf } = parseInput(markDuplicateSchema, input);
			requireModerator(moderator);
			await limits.take('idea.markDuplicate', limitSubjectOf(actor));
			if (ideaId === duplicateOf) throw new DomainError('invalid', 'idea_duplicate_self', {}, { duplicateOf: { key: 'idea_duplicate_self' } });
			const now = clock.now().toISOString();
			const { idea, upvotes, previous } = await store.transaction(async (tx) => {
				const current = await lockedIdea(tx, ideaId);
				refuseWithdrawn(current);
				const original = await tx.ideas.lockForChange(duplicateOf);
				if (!original) throw new DomainError('not_found', 'idea_not_found', {}, { duplicateOf: { key: 'idea_not_found' } });
				if (original.projectId !== current.projectId) {
					throw new DomainError('invalid', 'idea_duplicate_other_project', {}, { duplicateOf: { key: 'idea_duplicate_other_project' } });
				}
				if (original.withdrawnAt !== null) throw new DomainError('conflict', 'idea_withdrawn', {}, { duplicateOf: { key: 'idea_withdrawn' } });
				if (original.duplicateOf !== null) {
					throw new DomainError('conflict', 'idea_duplicate_of_duplicate', {}, { duplicateOf: { key: 'idea_duplicate_of_duplicate' } });
				}
				if ((await tx.ideas.duplicatesOf(ideaId)).length > 0) throw new DomainError('conflict', 'idea_duplicate_has_duplicates');
				await tx.ideas.setDuplicateOf(ideaId, { of: duplicateOf, by: moderator.userId, at: now }, now);
				return {
					idea: await viewOf(tx, ideaId, moderator.userId),
					upvotes: await duplicateUpvotesOf(tx, duplicateOf),
					previous: current.duplicateOf && current.duplicateOf !== duplicateOf ? { id: current.duplicateOf, upvotes: await duplicateUpvotesOf(tx, current.duplicateOf) } : null
				};
			});
			if (previous) {
				events.publish({ type: 'idea.duplicateChanged', projectId: idea.projectId, ideaId, duplicateOf, original: previous.id, originalDuplicateUpvotes: previous.upvotes });
			}
			events.publish({ type: 'idea.duplicateChanged', projectId: idea.projectId, ideaId, duplicateOf, original: duplicateOf, originalDuplicateUpvotes: upvotes });
			return idea;
		},

		/** I10: undoes a duplicate mark (moderators and admins); the idea takes votes again. R13 limits it with marks. */
		async unmarkDuplicate(actor: Actor, input: unknown): Promise<IdeaView> {
			const moderator = requireSignedIn(actor, 'auth_sign_in_to_edit');
			const { ideaId } = parseInput(unmarkDuplicateSchema, input);
			requireModerator(moderator);
			await limits.take('idea.markDuplicate', limitSubjectOf(actor));
			const { idea, original, upvotes } = await store.transaction(async (tx) => {
				const current = await lockedIdea(tx, ideaId);
				refuseWithdrawn(current);
				if (current.duplicateOf === null) throw new DomainError('conflict', 'idea_not_duplicate');
				await tx.ideas.setDuplicateOf(ideaId, null, clock.now().toISOString());
				return { idea: await viewOf(tx, ideaId, moderator.userId), original: current.duplicateOf, upvotes: await duplicateUpvotesOf(tx, current.duplicateOf) };
			});
			events.publish({ type: 'idea.duplicateChanged', projectId: idea.projectId, ideaId, duplicateOf: null, original, originalDuplicateUpvotes: upvotes });
			return idea;
		}
	};
	return service;
}

export type IdeasService = ReturnType<typeof createIdeasService>;
