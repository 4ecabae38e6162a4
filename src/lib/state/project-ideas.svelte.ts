import type { MapPin } from '../domain/board';
import type { Idea, IdeaChanges, IdeaCounts, IdeaStatus, IdeaView } from '../domain/ideas';
import type { VoteValue } from '../domain/votes';

/** One pin of the map as the page keeps it (B9): a light idea, no body and no author. */
export interface PinView {
	readonly id: string;
	/** Title and topic follow the author's edits (I7). */
	title: string;
	readonly language: string;
	topicSlug: string;
	readonly lat: number;
	readonly lng: number;
	readonly approximate: boolean;
	upvotes: number;
	downvotes: number;
	commentCount: number;
	votesVersion: number;
}

export function unpackPins(pins: readonly MapPin[]): PinView[] {
	return pins.map(([id, title, language, topicSlug, lat, lng, approximate, upvotes, downvotes, commentCount, votesVersion]) => ({
		id,
		title,
		language,
		topicSlug,
		lat,
		lng,
		approximate: approximate === 1,
		upvotes,
		downvotes,
		commentCount,
		votesVersion
	}));
}

function pinOf(idea: Idea): PinView {
	return {
		id: idea.id,
		title: idea.title,
		language: idea.language,
		topicSlug: idea.topic.slug,
		lat: idea.location.lat,
		lng: idea.location.lng,
		approximate: idea.locationApproximate,
		upvotes: idea.upvotes,
		downvotes: idea.downvotes,
		commentCount: idea.commentCount,
		votesVersion: idea.votesVersion
	};
}

type Counts = { upvotes: number; downvotes: number; commentCount: number; votesVersion: number };

export interface ViewState {
	/** Names the view (sort, filters, search): another view's list replaces this one instead of merging into it. */
	readonly viewKey?: string;
	readonly next?: string | null;
	readonly pins?: readonly PinView[];
	/** B6: whether an idea arriving live belongs to this view. */
	readonly matches?: (idea: Idea) => boolean;
}

/**
 * What a project page shows: one or more pages of cards in the view's order (`ideas`), the new ideas of the view
 * waiting to be shown (`pending`, B6: never inserted under the reader's eyes), and every idea's pin for the map. Seeded
 * by `load`, kept current by socket events and catch-ups.
 */
export class ProjectIdeas {
	projectId: string;
	viewKey: string;
	ideas = $state<IdeaView[]>([]);
	pending = $state<IdeaView[]>([]);
	pins = $state<PinView[]>([]);
	next = $state<string | null>(null);
	#matches: (idea: Idea) => boolean;
	// Ideas put on top while the page was open (one's own post, revealed news): a slower reload keeps them on top.
	// Plain bookkeeping, not state: nothing renders it.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#onTop = new Set<string>();

	constructor(projectId: string, initial: IdeaView[], view: ViewState = {}) {
		this.projectId = projectId;
		this.viewKey = view.viewKey ?? '';
		this.ideas = initial;
		this.next = view.next ?? null;
		this.pins = [...(view.pins ?? initial.map(pinOf))];
		this.#matches = view.matches ?? (() => true);
	}

	/**
	 * Takes a fresh first page from `load`. Another project or view replaces everything. The same view keeps what the
	 * reader has: for an idea in both, the newer counts win (V5); ideas put on top while the page was open stay on
	 * top, further pages loaded with "more" stay below, and nothing older jumps to the top.
	 */
	reconcile(projectId: string, fresh: IdeaView[], view: ViewState = {}): void {
		const viewKey = view.viewKey ?? '';
		if (view.matches) this.#matches = view.matches;
		if (projectId !== this.projectId || viewKey !== this.viewKey) {
			this.projectId = projectId;
			this.viewKey = viewKey;
			this.ideas = fresh;
			this.pending = [];
			this.next = view.next ?? null;
			this.pins = [...(view.pins ?? fresh.map(pinOf))];
			this.#onTop.clear();
			return;
		}
		// Plain lookups for this one call, not state: nothing should react to them.
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const shown = new Map(this.ideas.map((idea) => [idea.id, idea]));
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const freshIds = new Set(fresh.map((idea) => idea.id));
		const merged = fresh.map((idea) => {
			const current = shown.get(idea.id);
			if (!current || current.votesVersion <= idea.votesVersion) return idea;
			return { ...idea, upvotes: current.upvotes, downvotes: current.downvotes, votesVersion: current.votesVersion, myVote: current.myVote };
		});
		const onlyShown = this.ideas.filter((idea) => !freshIds.has(idea.id));
		const onTop = onlyShown.filter((idea) => this.#onTop.has(idea.id));
		const below = onlyShown.filter((idea) => !this.#onTop.has(idea.id));
		this.ideas = [...onTop, ...merged, ...below];
		this.pending = this.pending.filter((idea) => !freshIds.has(idea.id));
		if (below.length === 0) this.next = view.next ?? null;
		if (view.pins) {
			// eslint-disable-next-line svelte/prefer-svelte-reactivity
			const pinned = new Map(this.pins.map((pin) => [pin.id, pin]));
			// eslint-disable-next-line svelte/prefer-svelte-reactivity
			const freshPins = new Set(view.pins.map((pin) => pin.id));
			const newer = (pin: PinView) => {
				const current = pinned.get(pin.id);
				return current && current.votesVersion > pin.votesVersion ? current : pin;
			};
			this.pins = [...this.pins.filter((pin) => !freshPins.has(pin.id)), ...view.pins.map(newer)];
		}
	}

	/**
	 * "Load more": the next page goes below, without the ideas already shown (one may have moved up meanwhile). An idea
	 * of the page that waits in `pending` takes its place in the page instead: a catch-up reports ideas posted shortly
	 * before the first page was read as new, though they belong further down (V5: the newer counts are kept).
	 */
	appendPage(ideas: readonly IdeaView[], next: string | null): void {
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const shown = new Set(this.ideas.map((idea) => idea.id));
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const waiting = new Map(this.pending.map((idea) => [idea.id, idea]));
		const added = ideas
			.filter((idea) => !shown.has(idea.id))
			.map((idea) => {
				const pending = waiting.get(idea.id);
				return pending && pending.votesVersion > idea.votesVersion ? { ...idea, upvotes: pending.upvotes, downvotes: pending.downvotes, votesVersion: pending.votesVersion, commentCount: pending.commentCount } : idea;
			});
		this.ideas = [...this.ideas, ...added];
		if (added.some((idea) => waiting.has(idea.id))) this.pending = this.pending.filter((idea) => !added.some((page) => page.id === idea.id));
		this.next = next;
	}

	/**
	 * Takes what changed since a marker: new ideas get their pin, and those of this view wait in `pending` (B6); for
	 * shown ideas and pins the newer counts win (V5) and the viewer's vote travels with them; edits apply in place (I7)
	 * and withdrawn ideas leave (I9). Nothing else shown moves.
	 */
	applyChanges(changes: Pick<IdeaChanges, 'ideas' | 'counts'> & Partial<Pick<IdeaChanges, 'edited' | 'withdrawn'>>): void {
		// Newest first in the delta; added oldest first, each on top, so the newest ends up first. One already known
		// (shown or waiting) may come again with newer counts.
		for (const idea of [...changes.ideas].reverse()) {
			if (!this.add(idea)) this.#merge({ ideaId: idea.id, ...idea });
		}
		for (const counts of changes.counts) this.#merge(counts);
		for (const { ideaId, ...edit } of changes.edited ?? []) this.edit(ideaId, edit);
		for (const ideaId of changes.withdrawn ?? []) this.withdraw(ideaId);
	}

	#merge(counts: IdeaCounts): void {
		for (const current of [...this.ideas, ...this.pending].filter((idea) => idea.id === counts.ideaId)) {
			// V5: one version for votes and comments alike (a deleted comment lowers the count, C4).
			if (counts.votesVersion > current.votesVersion) {
				const { upvotes, downvotes, commentCount, votesVersion, myVote } = counts;
				Object.assign(current, { upvotes, downvotes, commentCount, votesVersion, myVote });
			}
		}
		this.#mergePin(counts.ideaId, counts);
	}

	#mergePin(ideaId: string, counts: Counts): void {
		const pin = this.pins.find((shown) => shown.id === ideaId);
		if (pin && counts.votesVersion > pin.votesVersion) {
			Object.assign(pin, { upvotes: counts.upvotes, downvotes: counts.downvotes, commentCount: counts.commentCount, votesVersion: counts.votesVersion });
		}
	}

	/**
	 * B6: an idea that arrived live (or in a catch-up): its pin goes on the map at once; if it belongs to this view and
	 * is not shown yet, it waits in `pending` for the reader to ask for it. Returns whether it now waits.
	 */
	add(idea: Idea | IdeaView): boolean {
		if (!this.pins.some((pin) => pin.id === idea.id)) this.pins = [pinOf(idea), ...this.pins];
		const known = this.ideas.some((shown) => shown.id === idea.id) || this.pending.some((waiting) => waiting.id === idea.id);
		if (known || !this.#matches(idea)) return false;
		this.pending = [{ myVote: null, ...idea }, ...this.pending];
		return true;
	}

	/** The reader's own new idea: shown on top at once (they expect to see it), pinned on the map. */
	show(idea: IdeaView): void {
		if (!this.pins.some((pin) => pin.id === idea.id)) this.pins = [pinOf(idea), ...this.pins];
		this.pending = this.pending.filter((waiting) => waiting.id !== idea.id);
		if (this.ideas.some((shown) => shown.id === idea.id)) return;
		this.#onTop.add(idea.id);
		this.ideas = [idea, ...this.ideas];
	}

	/** B6: "show" pressed: the waiting ideas go on top, newest first. */
	showPending(): void {
		for (const idea of this.pending) this.#onTop.add(idea.id);
		this.ideas = [...this.pending, ...this.ideas];
		this.pending = [];
	}

	/** I9: a withdrawn idea leaves the list, the waiting ideas and the map. */
	withdraw(ideaId: string): void {
		this.ideas = this.ideas.filter((idea) => idea.id !== ideaId);
		this.pending = this.pending.filter((idea) => idea.id !== ideaId);
		this.pins = this.pins.filter((pin) => pin.id !== ideaId);
	}

	/** I7: an author's edit, in place wherever the idea shows (its card's text, its pin's title and colour). */
	edit(ideaId: string, edit: { title: string; bodyText: string; topic: { slug: string; name: string }; editedAt: string }): void {
		for (const idea of [...this.ideas, ...this.pending].filter((shown) => shown.id === ideaId)) {
			Object.assign(idea, { title: edit.title, bodyText: edit.bodyText, topic: edit.topic, editedAt: edit.editedAt });
		}
		const pin = this.pins.find((shown) => shown.id === ideaId);
		if (pin) Object.assign(pin, { title: edit.title, topicSlug: edit.topic.slug });
	}

	/** ST3: the city answered an idea: its new status wherever it shows (the view's status filter keeps it in place). */
	setStatus(ideaId: string, status: IdeaStatus): void {
		for (const idea of [...this.ideas, ...this.pending].filter((shown) => shown.id === ideaId)) Object.assign(idea, { status });
	}

	/** V5: counts arrive from acks and broadcasts in any order across nodes; only a newer version replaces them. */
	setCounts(ideaId: string, tally: Counts): void {
		for (const idea of [...this.ideas, ...this.pending].filter((shown) => shown.id === ideaId)) {
			if (tally.votesVersion > idea.votesVersion) {
				Object.assign(idea, { upvotes: tally.upvotes, downvotes: tally.downvotes, commentCount: tally.commentCount, votesVersion: tally.votesVersion });
			}
		}
		this.#mergePin(ideaId, tally);
	}

	/**
	 * V5: the viewer's own vote arrives from acks and from other tabs (`vote:recorded`) in any order across nodes; one
	 * with an older `votesVersion` than the last one taken is stale, and showing it would make the next press undo the
	 * wrong thing. Counts move with other people's votes too, so the own vote keeps its own version.
	 */
	setMyVote(ideaId: string, value: VoteValue | null, votesVersion: number): void {
		if (votesVersion < (this.#myVoteVersions.get(ideaId) ?? -1)) return;
		this.#myVoteVersions.set(ideaId, votesVersion);
		for (const idea of [...this.ideas, ...this.pending].filter((shown) => shown.id === ideaId)) Object.assign(idea, { myVote: value });
	}

	// Plain bookkeeping, not state: nothing renders it.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#myVoteVersions = new Map<string, number>();
}
