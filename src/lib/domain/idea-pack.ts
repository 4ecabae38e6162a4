import type { Role } from './actors';
import type { ContentLanguage, IdeaStatus, IdeaView } from './ideas';
import type { City } from './projects';
import type { VoteValue } from './votes';

/**
 * One idea as a page's `load` sends it: each value once, in a fixed order, without the keys. The project, the topic
 * and district names and the authors are not repeated per idea: they come once, beside the list or in the city.
 */
export type PackedIdea = readonly [
	id: string,
	title: string,
	/** The body's plain text: cards show it; the sanitized HTML is only ever sent by the idea's own page. */
	bodyText: string,
	topicSlug: string,
	districtSlug: string,
	lat: number,
	lng: number,
	/** 1 when placed at its district's centre (I5). */
	locationApproximate: 0 | 1,
	language: ContentLanguage,
	status: IdeaStatus,
	/** Index into `PackedIdeas.authors`. */
	author: number,
	upvotes: number,
	downvotes: number,
	votesVersion: number,
	commentCount: number,
	createdAt: string,
	myVote: VoteValue | null,
	editedAt: string | null,
	duplicateOf: string | null
];

export interface PackedIdeas {
	readonly projectId: string;
	readonly authors: readonly (readonly [id: string, displayName: string, role: Role])[];
	readonly ideas: readonly PackedIdea[];
}

type NamesOf = Pick<City, 'topics' | 'districts'>;

/**
 * Packs one project's ideas for the HTML a page is rendered in: SvelteKit serialises `load` data beside the markup,
 * so every byte saved here is saved once per idea on every page view.
 */
export function packIdeas(projectId: string, ideas: readonly IdeaView[]): PackedIdeas {
	const authorIndex = new Map<string, number>();
	const authors: [string, string, Role][] = [];
	const packed = ideas.map((idea): PackedIdea => {
		let author = authorIndex.get(idea.author.id);
		if (author === undefined) {
			author = authors.push([idea.author.id, idea.author.displayName, idea.author.role]) - 1;
			authorIndex.set(idea.author.id, author);
		}
		return [
			idea.id,
			idea.title,
			idea.bodyText,
			idea.topic.slug,
			idea.district.slug,
			idea.location.lat,
			idea.location.lng,
			idea.locationApproximate ? 1 : 0,
			idea.language,
			idea.status,
			author,
			idea.upvotes,
			idea.downvotes,
			idea.votesVersion,
			idea.commentCount,
			idea.createdAt,
			idea.myVote,
			idea.editedAt,
			idea.duplicateOf
		];
	});
	return { projectId, authors, ideas: packed };
}

/**
 * The ideas `packIdeas` was given, whole again but for the body's HTML (empty: lists show `bodyText`); names come from
 * the city the page has anyway. Lists hold no withdrawn idea (I9).
 */
export function unpackIdeas(packed: PackedIdeas, city: NamesOf): IdeaView[] {
	const topicNames = new Map(city.topics.map((topic) => [topic.slug, topic.name]));
	const districtNames = new Map(city.districts.map((district) => [district.slug, district.name]));
	return packed.ideas.map(
		([id, title, bodyText, topicSlug, districtSlug, lat, lng, approximate, language, status, author, upvotes, downvotes, votesVersion, commentCount, createdAt, myVote, editedAt, duplicateOf]) => {
			const [authorId, displayName, role] = packed.authors[author] ?? ['', '', 'citizen'];
			return {
				id,
				projectId: packed.projectId,
				title,
				body: '',
				bodyText,
				topic: { slug: topicSlug, name: topicNames.get(topicSlug) ?? topicSlug },
				district: { slug: districtSlug, name: districtNames.get(districtSlug) ?? districtSlug },
				location: { lat, lng },
				locationApproximate: approximate === 1,
				language,
				status,
				author: { id: authorId, displayName, role },
				upvotes,
				downvotes,
				votesVersion,
				commentCount,
				createdAt,
				editedAt,
				withdrawn: null,
				duplicateOf,
				myVote
			};
		}
	);
}
