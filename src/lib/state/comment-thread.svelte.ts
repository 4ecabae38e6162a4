import { SvelteSet } from 'svelte/reactivity';
import { tombstoneOf, type CommentCount, type CommentThreadEntry, type CommentThreadPage, type CommentView } from '../domain/comments';

/** A top-level comment as the thread shows it: its replies are state too, so a new reply renders in place. */
export type ShownEntry = CommentView & { replies: CommentView[] };

/** What `comment:deleted` says. */
export interface CommentDeletion {
	readonly commentId: string;
	readonly deletedAt: string;
	readonly version: number;
}

type Fact = { kind: 'edited'; comment: CommentView } | { kind: 'deleted'; deletion: CommentDeletion } | { kind: 'counted'; count: CommentCount };

/**
 * One idea's comment thread as a reader sees it, seeded by `load` and kept current by socket facts, without moving
 * what the reader reads or types (C9): someone else's new comment waits in `waiting` while any comment form is in use
 * or when the page says inserting it would move what is in view, until the reader asks to see it; one's own
 * comments appear at once. Edits, deletions and upvotes apply in place by version (C8), except to a comment the
 * reader is editing: those wait until the edit closes.
 */
export class CommentThread {
	readonly ideaId: string;
	entries = $state<ShownEntry[]>([]);
	/** New comments held back, oldest first. */
	waiting = $state<CommentView[]>([]);
	nextCursor = $state<string | null>(null);
	sort = $state<CommentThreadPage['sort']>('newest');
	/** Whether any comment form has text or focus (C9). */
	typing = $derived.by(() => this.#activeForms.size > 0);

	readonly #activeForms = new SvelteSet<string>();
	// Plain bookkeeping, not rendered.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #editing = new Set<string>();
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #deferred = new Map<string, Fact[]>();

	constructor(page: CommentThreadPage) {
		this.ideaId = page.ideaId;
		this.reset(page);
	}

	/** A fresh first page (another sort, a reload): replaces what is shown; nothing waits any more. */
	reset(page: CommentThreadPage): void {
		this.entries = page.entries.map(toShown);
		this.waiting = [];
		this.nextCursor = page.nextCursor;
		this.sort = page.sort;
	}

	/** "Load more": appends the next page, leaving out what is already shown (one's own new comments, say). */
	appendPage(page: CommentThreadPage): void {
		const shown = this.#shownIds();
		this.entries.push(...page.entries.filter((entry) => !shown.has(entry.id)).map(toShown));
		this.nextCursor = page.nextCursor;
	}

	/**
	 * A page read again after the connection could not recover what it missed: comments not shown are handled like
	 * new arrivals (held back), and shown ones take any newer state.
	 */
	catchUp(page: CommentThreadPage, viewerId: string | null, wouldMove: boolean): void {
		for (const entry of page.entries) {
			const { replies, ...comment } = entry;
			this.#refresh(comment);
			this.receive(comment, viewerId, wouldMove);
			for (const reply of replies) {
				this.#refresh(reply);
				this.receive(reply, viewerId, wouldMove);
			}
		}
	}

	/** How many new comments wait to be shown. */
	get waitingCount(): number {
		return this.waiting.length;
	}

	/** Marks a comment or reply form as in use (text or focus) or not; `key` names the form. */
	setFormActive(key: string, active: boolean): void {
		if (active === this.#activeForms.has(key)) return;
		if (active) this.#activeForms.add(key);
		else this.#activeForms.delete(key);
	}

	/**
	 * `comment:created`: the reader's own comment (from another tab) appears at once; someone else's waits while the
	 * reader types or when `wouldMove` (the page's judgement that inserting it would shift what is in view). Returns
	 * whether it is now waiting.
	 */
	receive(comment: CommentView, viewerId: string | null, wouldMove: boolean): boolean {
		if (this.#find(comment.id) || this.waiting.some((held) => held.id === comment.id)) return false;
		const own = viewerId !== null && comment.author?.id === viewerId;
		const parentWaits = comment.parentId !== null && this.waiting.some((held) => held.id === comment.parentId);
		if (parentWaits || (!own && (this.typing || wouldMove))) {
			this.waiting.push(comment);
			return true;
		}
		this.#insert(comment);
		return false;
	}

	/** The reader's own new comment, from its ack: at once, whatever else is going on. */
	addOwn(comment: CommentView): void {
		this.waiting = this.waiting.filter((held) => held.id !== comment.id);
		if (!this.#find(comment.id)) this.#insert(comment);
	}

	/** "3 new comments — show": puts every waiting comment in its place. Returns the first one shown, for focus. */
	showWaiting(): CommentView | undefined {
		const shown = this.waiting;
		this.waiting = [];
		for (const comment of shown) if (!this.#find(comment.id)) this.#insert(comment);
		return shown[0];
	}

	/** The reader opened (true) or closed (false) their edit of a comment; on close, what arrived meanwhile applies. */
	setEditing(commentId: string, editing: boolean): void {
		if (editing) {
			this.#editing.add(commentId);
			return;
		}
		this.#editing.delete(commentId);
		const facts = this.#deferred.get(commentId) ?? [];
		this.#deferred.delete(commentId);
		for (const fact of facts) this.#apply(fact);
	}

	/** `comment:edited`, or the reader's own edit from its ack (which is never deferred). */
	applyEdited(comment: CommentView, { own = false } = {}): void {
		this.#receiveFact({ kind: 'edited', comment }, comment.id, own);
	}

	/** `comment:deleted`, or the reader's own deletion. */
	applyDeleted(deletion: CommentDeletion, { own = false } = {}): void {
		this.#receiveFact({ kind: 'deleted', deletion }, deletion.commentId, own);
	}

	/** `comment:counted`: newer upvotes replace older ones (C8); the reader's own upvote stays as it was. */
	applyCounted(count: CommentCount): void {
		this.#receiveFact({ kind: 'counted', count }, count.commentId, false);
	}

	/** The ack of the reader's own upvote: its count (by version) and the reader's upvote. */
	applyOwnUpvote(result: CommentCount & { myUpvote: boolean }): void {
		const comment = this.#find(result.commentId);
		if (!comment) return;
		Object.assign(comment, { myUpvote: result.myUpvote });
		if (result.version > comment.version) Object.assign(comment, { upvotes: result.upvotes, version: result.version });
	}

	/**
	 * MO3 `comment:hidden`: a moderator's page keeps the words and marks them hidden; anyone else's keeps only the
	 * comment's place (no author, no words), as the server will answer from now on. Never deferred by an open edit:
	 * hidden words must go at once.
	 */
	applyHidden(commentId: string, version: number, moderator: boolean): void {
		const targets = [this.#find(commentId), this.waiting.find((held) => held.id === commentId)].filter((target): target is CommentView => target !== undefined);
		for (const target of targets) {
			if (version <= target.version) continue;
			// A stamp only (when this page learnt of it), never read reactively.
			// eslint-disable-next-line svelte/prefer-svelte-reactivity
			const at = new Date().toISOString();
			if (moderator) Object.assign(target, { hidden: { at, reason: null, note: null }, version });
			else Object.assign(target, { author: null, byIdeaAuthor: false, body: '', editedAt: null, upvotes: 0, myUpvote: false, hidden: { at, reason: null, note: null }, version });
		}
	}

	/** MO4 `comment:restored`: the comment is shown again as it is now. */
	applyRestored(comment: CommentView): void {
		const targets = [this.#find(comment.id), this.waiting.find((held) => held.id === comment.id)].filter((target): target is CommentView => target !== undefined);
		for (const target of targets) {
			if (comment.version <= target.version) continue;
			const { author, byIdeaAuthor, body, editedAt, deletedAt, upvotes, version } = comment;
			Object.assign(target, { author, byIdeaAuthor, body, editedAt, deletedAt, upvotes, version, hidden: null });
		}
	}

	/** A comment or reply shown, by id. */
	find(commentId: string): CommentView | undefined {
		return this.#find(commentId);
	}

	#receiveFact(fact: Fact, commentId: string, own: boolean): void {
		if (!own && this.#editing.has(commentId) && fact.kind !== 'counted') {
			const facts = this.#deferred.get(commentId) ?? [];
			facts.push(fact);
			this.#deferred.set(commentId, facts);
			return;
		}
		this.#apply(fact);
	}

	#apply(fact: Fact): void {
		const id = fact.kind === 'edited' ? fact.comment.id : fact.kind === 'deleted' ? fact.deletion.commentId : fact.count.commentId;
		const targets = [this.#find(id), this.waiting.find((held) => held.id === id)].filter((target): target is CommentView => target !== undefined);
		for (const target of targets) {
			if (fact.kind === 'edited' && fact.comment.version > target.version) {
				Object.assign(target, { body: fact.comment.body, editedAt: fact.comment.editedAt, upvotes: fact.comment.upvotes, version: fact.comment.version });
			} else if (fact.kind === 'deleted' && fact.deletion.version > target.version) {
				Object.assign(target, tombstoneOf(target, fact.deletion.deletedAt, fact.deletion.version));
			} else if (fact.kind === 'counted' && fact.count.version > target.version) {
				Object.assign(target, { upvotes: fact.count.upvotes, version: fact.count.version });
			}
		}
	}

	/** Takes a newer state of a shown comment (C8), keeping the reader's own upvote from the newer one. */
	#refresh(comment: CommentView): void {
		const target = this.#find(comment.id);
		if (!target || comment.version <= target.version) return;
		const { author, byIdeaAuthor, body, editedAt, deletedAt, upvotes, version, myUpvote, hidden = null } = comment;
		Object.assign(target, { author, byIdeaAuthor, body, editedAt, deletedAt, upvotes, version, myUpvote, hidden });
	}

	/** New top-level comments go first (they are the newest, and the reader asked to see them); replies go last under their parent. */
	#insert(comment: CommentView): void {
		if (comment.parentId === null) {
			this.entries.unshift(toShown({ ...comment, replies: [] }));
			return;
		}
		const parent = this.entries.find((entry) => entry.id === comment.parentId);
		// A reply to a comment not on the shown pages: it comes with its parent's page.
		parent?.replies.push(comment);
	}

	#find(id: string): CommentView | undefined {
		for (const entry of this.entries) {
			if (entry.id === id) return entry;
			const reply = entry.replies.find((candidate) => candidate.id === id);
			if (reply) return reply;
		}
		return undefined;
	}

	#shownIds(): Set<string> {
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const ids = new Set<string>();
		for (const entry of this.entries) {
			ids.add(entry.id);
			for (const reply of entry.replies) ids.add(reply.id);
		}
		return ids;
	}
}

function toShown(entry: CommentThreadEntry): ShownEntry {
	return { ...entry, replies: [...entry.replies] };
}
