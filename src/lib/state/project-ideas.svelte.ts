import type { Idea, IdeaChanges, IdeaCounts, IdeaView } from '../domain/ideas';
import type { VoteValue } from '../domain/votes';

/** The ideas a project page shows, seeded by `load` and kept current by socket events. */
export class ProjectIdeas {
	projectId: string;
	ideas = $state<IdeaView[]>([]);

	constructor(projectId: string, initial: IdeaView[]) {
		this.projectId = projectId;
		this.ideas = initial;
	}

	/**
	 * Takes a fresh list from `load` without losing what arrived live while it was being fetched: for an idea in both,
	 * the newer counts win (V5); an idea only we know arrived after the list was read and stays. Another project's list
	 * replaces everything.
	 */
	reconcile(projectId: string, fresh: IdeaView[]): void {
		if (projectId !== this.projectId) {
			this.projectId = projectId;
			this.ideas = fresh;
			return;
		}
		// Plain lookups for this one call, not state: nothing should react to them.
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const shown = new Map(this.ideas.map((idea) => [idea.id, idea]));
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const freshIds = new Set(fresh.map((idea) => idea.id));
		const onlyShown = this.ideas.filter((idea) => !freshIds.has(idea.id));
		const merged = fresh.map((idea) => {
			const current = shown.get(idea.id);
			if (!current || current.votesVersion <= idea.votesVersion) return idea;
			return { ...idea, upvotes: current.upvotes, downvotes: current.downvotes, votesVersion: current.votesVersion, myVote: current.myVote };
		});
		this.ideas = [...onlyShown, ...merged];
	}

	/**
	 * Takes what changed since a marker: ideas not shown yet go on top, newest first; for shown ideas the newer
	 * counts win (V5) and the viewer's vote travels with them. Nothing shown moves or appears twice. Comment counts only
	 * grow, so the larger one is the newer.
	 */
	applyChanges(changes: Pick<IdeaChanges, 'ideas' | 'counts'>): void {
		// Plain lookups for this one call, not state: nothing should react to them.
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const shown = new Map(this.ideas.map((idea) => [idea.id, idea]));
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const taken = new Set(shown.keys());
		const unseen: IdeaView[] = [];
		for (const idea of changes.ideas) {
			if (shown.has(idea.id)) this.#merge(shown, { ideaId: idea.id, ...idea });
			else if (!taken.has(idea.id)) {
				taken.add(idea.id);
				unseen.push(idea);
			}
		}
		for (const counts of changes.counts) this.#merge(shown, counts);
		if (unseen.length > 0) this.ideas = [...unseen, ...this.ideas];
	}

	#merge(shown: ReadonlyMap<string, IdeaView>, counts: IdeaCounts): void {
		const current = shown.get(counts.ideaId);
		if (!current) return;
		if (counts.votesVersion > current.votesVersion) {
			const { upvotes, downvotes, votesVersion, myVote } = counts;
			Object.assign(current, { upvotes, downvotes, votesVersion, myVote });
		}
		if (counts.commentCount > current.commentCount) Object.assign(current, { commentCount: counts.commentCount });
	}

	/** Adds an idea (newest first) unless it is already shown, e.g. our own idea arriving after its ack. */
	add(idea: Idea | IdeaView): void {
		if (this.ideas.some((shown) => shown.id === idea.id)) return;
		this.ideas = [{ myVote: null, ...idea }, ...this.ideas];
	}

	/** V5: counts arrive from acks and broadcasts in any order across nodes; only a newer version replaces them. */
	setCounts(ideaId: string, tally: { upvotes: number; downvotes: number; commentCount: number; votesVersion: number }): void {
		const idea = this.ideas.find((shown) => shown.id === ideaId);
		if (idea && tally.votesVersion > idea.votesVersion) {
			Object.assign(idea, {
				upvotes: tally.upvotes,
				downvotes: tally.downvotes,
				commentCount: tally.commentCount,
				votesVersion: tally.votesVersion
			});
		}
	}

	/**
	 * V5: the viewer's own vote arrives from acks and from other tabs (`vote:recorded`) in any order across nodes; one
	 * with an older `votesVersion` than the last one taken is stale, and showing it would make the next press undo the
	 * wrong thing. Counts move with other people's votes too, so the own vote keeps its own version.
	 */
	setMyVote(ideaId: string, value: VoteValue | null, votesVersion: number): void {
		const idea = this.ideas.find((shown) => shown.id === ideaId);
		if (!idea || votesVersion < (this.#myVoteVersions.get(ideaId) ?? -1)) return;
		this.#myVoteVersions.set(ideaId, votesVersion);
		Object.assign(idea, { myVote: value });
	}

	// Plain bookkeeping, not state: nothing renders it.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#myVoteVersions = new Map<string, number>();
}
