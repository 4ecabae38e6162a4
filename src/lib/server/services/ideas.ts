import { requireSignedIn, type Actor } from '../../domain/actors';
import { DomainError } from '../../domain/errors';
import { createIdeaSchema, IDEA_STATUSES, idSchema, type IdeaStatus, type IdeaView } from '../../domain/ideas';
import { limitSubjectOf } from '../../domain/limits';
import { acceptsParticipation } from '../../domain/projects';
import { parseInput } from '../../domain/validation';
import type { ServicePorts } from '../ports';
import type { IdeaViewRecord } from '../storage/store';
import type { CityService } from './city';
import type { Idempotency } from './idempotency';
import { toProject } from './projects';

/** The most ideas one list call returns; the map's clustered API (roadmap) takes over beyond that. */
export const IDEA_LIST_LIMIT = 2000;

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
		status,
		author: { id: record.authorId, displayName: record.authorName },
		upvotes: record.upvotes,
		downvotes: record.downvotes,
		votesVersion: record.votesVersion,
		commentCount: record.commentCount,
		createdAt: record.createdAt,
		myVote: record.myVote === 1 || record.myVote === -1 ? record.myVote : null
	};
}

export function createIdeasService(ports: ServicePorts, city: CityService, idempotency: Idempotency) {
	const { store, events, clock, ids, limits } = ports;

	return {
		/**
		 * I1–I4: a signed-in user posts an idea in an open project, with a known topic, at a point inside the city;
		 * the district is derived from the point. R4 limits how often. With an idempotency key, a retry returns the
		 * first result (I5). Publishes `idea.created` once.
		 */
		async create(actor: Actor, input: unknown): Promise<IdeaView> {
			const author = requireSignedIn(actor, 'post an idea');
			const { projectId, title, body, topic, location } = parseInput(createIdeaSchema, input);
			const idempotencyKey = idempotency.keyOf(input);
			const replayed = await idempotency.replay<IdeaView>('idea.create', author.userId, idempotencyKey);
			if (replayed) return replayed;
			await limits.take('idea.create', limitSubjectOf(actor));
			const project = await store.projects.findById(projectId);
			if (!project) throw new DomainError('not_found', 'There is no such project.');
			if (!acceptsParticipation(toProject(project))) throw new DomainError('forbidden', 'This project is closed for new ideas.');
			const { topics, name: cityName } = await city.get();
			const chosenTopic = topics.find((candidate) => candidate.slug === topic);
			if (!chosenTopic) throw new DomainError('invalid', 'topic: Choose one of the topics.', { topic: 'Choose one of the topics.' });
			const district = await city.locate(location);
			if (!district) {
				const message = `Choose a place inside ${cityName}.`;
				throw new DomainError('invalid', `location: ${message}`, { location: message });
			}

			const id = ids.next();
			const { value: idea, fresh } = await idempotency.record('idea.create', author.userId, idempotencyKey, async (tx) => {
				await tx.ideas.insert({
					id,
					projectId,
					authorId: author.userId,
					title,
					body,
					topicId: chosenTopic.id,
					districtId: district.id,
					lat: location.lat,
					lng: location.lng,
					status: 'proposed',
					createdAt: clock.now().toISOString()
				});
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
			if (!(await store.projects.findById(id))) throw new DomainError('not_found', 'There is no such project.');
			const viewerId = actor.kind === 'user' ? actor.userId : null;
			return (await store.ideas.listViews(id, viewerId, IDEA_LIST_LIMIT)).map(toIdeaView);
		},

		async get(actor: Actor, ideaId: unknown): Promise<IdeaView> {
			const id = parseInput(idSchema, ideaId);
			const record = await store.ideas.findView(id, actor.kind === 'user' ? actor.userId : null);
			if (!record) throw new DomainError('not_found', 'There is no such idea.');
			return toIdeaView(record);
		}
	};
}

export type IdeasService = ReturnType<typeof createIdeasService>;
