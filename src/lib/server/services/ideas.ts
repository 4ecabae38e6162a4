import { requireSignedIn, type Actor } from '../../domain/actors';
import { DomainError } from '../../domain/errors';
import { roleSchema } from '../../domain/actors';
import {
	CONTENT_LANGUAGES,
	createIdeaSchema,
	IDEA_STATUSES,
	ideaChangesQuerySchema,
	idSchema,
	type ContentLanguage,
	type IdeaChanges,
	type IdeaSnapshot,
	type IdeaStatus,
	type IdeaView
} from '../../domain/ideas';
import { postedImagesSchema } from '../../domain/images';
import { limitSubjectOf } from '../../domain/limits';
import { acceptsParticipation } from '../../domain/projects';
import { parseInput } from '../../domain/validation';
import type { ServicePorts } from '../ports';
import type { IdeaViewRecord } from '../storage/store';
import type { CityService } from './city';
import type { Idempotency } from './idempotency';
import type { ImagesService } from './images';
import { toProject } from './projects';

/** The most ideas one list call returns; the map's clustered API (roadmap) takes over beyond that. */
export const IDEA_LIST_LIMIT = 2000;

function parsedLanguage(language: string): ContentLanguage {
	return (CONTENT_LANGUAGES as readonly string[]).includes(language) ? (language as ContentLanguage) : 'en';
}

/**
 * A marker lies this far before the read it belongs to: a vote stamped just before the read but committed just after
 * it, or stamped by a node whose clock runs behind, still counts as a change after the marker.
 */
export const CHANGES_MARGIN_MS = 5_000;

export function toIdeaView(record: IdeaViewRecord): IdeaView {
	const status = (IDEA_STATUSES as readonly string[]).includes(record.status) ? (record.status as IdeaStatus) : 'proposed';
	return {
		id: record.id,
		projectId: record.projectId,
		title: record.title,
		body: record.body,
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
		myVote: record.myVote === 1 || record.myVote === -1 ? record.myVote : null
	};
}

export function createIdeasService(ports: ServicePorts, city: CityService, idempotency: Idempotency, images: ImagesService) {
	const { store, events, clock, ids, limits } = ports;
	const marker = () => new Date(clock.now().getTime() - CHANGES_MARGIN_MS).toISOString();

	const service = {
		/**
		 * I1–I5: a signed-in user posts an idea in an open project, with a known topic, at a point inside the city (the
		 * district is derived from it) or in a chosen district (placed at its centre, approximate). R4 limits how often.
		 * With an idempotency key, a retry returns the first result (I6). Up to five of the author's uploads go with it
		 * (IM4). Publishes `idea.created` once.
		 */
		async create(actor: Actor, input: unknown): Promise<IdeaView> {
			const author = requireSignedIn(actor, 'auth_sign_in_to_post');
			const { projectId, title, body, topic, language, location: pin, district: districtSlug } = parseInput(createIdeaSchema, input);
			const { images: postedImages } = parseInput(postedImagesSchema, input);
			const idempotencyKey = idempotency.keyOf(input);
			const replayed = await idempotency.replay<IdeaView>('idea.create', author.userId, idempotencyKey);
			if (replayed) return replayed;
			await limits.take('idea.create', limitSubjectOf(actor));
			const project = await store.projects.findById(projectId);
			if (!project) throw new DomainError('not_found', 'project_not_found');
			if (!acceptsParticipation(toProject(project))) throw new DomainError('forbidden', 'project_closed_for_ideas');
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
					body,
					bodyText: body,
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

		/** Every idea of a project, newest first, each with the actor's own vote. */
		async list(actor: Actor, projectId: unknown): Promise<IdeaView[]> {
			const id = parseInput(idSchema, projectId);
			if (!(await store.projects.findById(id))) throw new DomainError('not_found', 'project_not_found');
			const viewerId = actor.kind === 'user' ? actor.userId : null;
			return (await store.ideas.listViews(id, viewerId, IDEA_LIST_LIMIT)).map(toIdeaView);
		},

		/** The ideas of `list`, with the marker a page later passes to `changesSince` (taken before the read). */
		async snapshot(actor: Actor, projectId: unknown): Promise<IdeaSnapshot> {
			const since = marker();
			return { since, ideas: await service.list(actor, projectId) };
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
			const changed = (await store.ideas.listChangedSince(projectId, viewerId, since, IDEA_LIST_LIMIT)).map(toIdeaView);
			return {
				since: next,
				ideas: changed.filter((idea) => idea.createdAt > since),
				counts: changed
					.filter((idea) => idea.createdAt <= since)
					.map(({ id, upvotes, downvotes, votesVersion, commentCount, myVote }) => ({ ideaId: id, upvotes, downvotes, votesVersion, commentCount, myVote }))
			};
		},

		async get(actor: Actor, ideaId: unknown): Promise<IdeaView> {
			const id = parseInput(idSchema, ideaId);
			const record = await store.ideas.findView(id, actor.kind === 'user' ? actor.userId : null);
			if (!record) throw new DomainError('not_found', 'idea_not_found');
			return toIdeaView(record);
		}
	};
	return service;
}

export type IdeasService = ReturnType<typeof createIdeasService>;
