import type { IdeaStatus, IdeaView } from './ideas';
import type { City } from './projects';
import type { VoteValue } from './votes';

/**
 * One idea as a page's `load` sends it: each value once, in a fixed order, without the keys. The project, the topic
 * and district names and the authors are not repeated per idea: they come once, beside the list or in the city.
 */
export type PackedIdea = readonly [
	id: string,
	title: string,
	body: string,
	topicSlug: string,
	districtSlug: string,
	lat: number,
	lng: number,
	status: IdeaStatus,
	/** Index into `PackedIdeas.authors`. */
	author: number,
	upvotes: number,
	downvotes: number,
	votesVersion: number,
	commentCount: number,
	createdAt: string,
	myVote: VoteValue | null
];

export interface PackedIdeas {
	readonly projectId: string;
	readonly authors: readonly (readonly [id: string, displayName: string])[];
	readonly ideas: readonly PackedIdea[];
}

type NamesOf = Pick<City, 'topics' | 'districts'>;

/**
 * Packs one project's ideas for the HTML a page is rendered in: SvelteKit serialises `load` data beside the markup,
 * so every byte saved here is saved once per idea on every page view.
 */
export function packIdeas(projectId: string, ideas: readonly IdeaView[]): PackedIdeas {
	const authorIndex = new Map<string, number>();
	const authors: [string, string][] = [];
	const packed = ideas.map((idea): PackedIdea => {
		let author = authorIndex.get(idea.author.id);
		if (author === undefined) {
			author = authors.push([idea.author.id, idea.author.displayName]) - 1;
			authorIndex.set(idea.author.id, author);
		}
		return [
			idea.id,
			idea.title,
			idea.body,
			idea.topic.slug,
			idea.district.slug,
			idea.location.lat,
			idea.location.lng,
			idea.status,
			author,
			idea.upvotes,
			idea.downvotes,
			idea.votesVersion,
			idea.commentCount,
			idea.createdAt,
			idea.myVote
		];
	});
	return { projectId, authors, ideas: packed };
}

/** The ideas `packIdeas` was given, whole again; names come from the city the page has anyway. */
export function unpackIdeas(packed: PackedIdeas, city: NamesOf): IdeaView[] {
	const topicNames = new Map(city.topics.map((topic) => [topic.slug, topic.name]));
	const districtNames = new Map(city.districts.map((district) => [district.slug, district.name]));
	return packed.ideas.map(
		([id, title, body, topicSlug, districtSlug, lat, lng, status, author, upvotes, downvotes, votesVersion, commentCount, createdAt, myVote]) => {
			const [authorId, displayName] = packed.authors[author] ?? ['', ''];
			return {
				id,
				projectId: packed.projectId,
				title,
				body,
				topic: { slug: topicSlug, name: topicNames.get(topicSlug) ?? topicSlug },
				district: { slug: districtSlug, name: districtNames.get(districtSlug) ?? districtSlug },
				location: { lat, lng },
				status,
				author: { id: authorId, displayName },
				upvotes,
				downvotes,
				votesVersion,
				commentCount,
				createdAt,
				myVote
			};
		}
	);
}
