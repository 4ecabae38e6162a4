import type { Idea, IdeaView } from '../domain/ideas';
import type { VoteValue } from '../domain/votes';

/** The ideas a project page shows, seeded by `load` and kept current by socket events. */
export class ProjectIdeas {
	ideas = $state<IdeaView[]>([]);

	constructor(initial: IdeaView[]) {
		this.ideas = initial;
	}

	/** Adds an idea (newest first) unless it is already shown, e.g. our own idea arriving after its ack. */
	add(idea: Idea | IdeaView): void {
		if (this.ideas.some((shown) => shown.id === idea.id)) return;
		this.ideas = [{ myVote: null, ...idea }, ...this.ideas];
	}

	setCounts(ideaId: string, upvotes: number, downvotes: number): void {
		const idea = this.ideas.find((shown) => shown.id === ideaId);
		if (idea) Object.assign(idea, { upvotes, downvotes });
	}

	setMyVote(ideaId: string, value: VoteValue | null): void {
		const idea = this.ideas.find((shown) => shown.id === ideaId);
		if (idea) Object.assign(idea, { myVote: value });
	}
}
