import type { OfficialAnswer } from '../domain/answers';
import type { IdeaRevision, IdeaStatus, IdeaView, Withdrawal } from '../domain/ideas';
import type { VoteValue } from '../domain/votes';

/** What the idea page shows that live facts change: the idea, its history and its duplicates' upvotes. */
export interface IdeaPageSeed {
	readonly idea: IdeaView;
	readonly revisions: readonly IdeaRevision[];
	readonly duplicateUpvotes: number;
	/** ST3: the city's answers, newest first. */
	readonly answers: readonly OfficialAnswer[];
}

/** An `idea:edited` fact (or the author's own ack, in the same shape). */
export interface IdeaEdit {
	readonly title: string;
	readonly body: string;
	readonly bodyText: string;
	readonly topic: { readonly slug: string; readonly name: string };
	readonly editedAt: string;
}

/**
 * One idea's page as live facts change it. Counts follow V5 (a higher version wins, never an older one); an edit is
 * applied once however it arrives (the author's ack and the room's fact both carry it), and the version it replaced
 * joins the history, as the server keeps it (I8).
 */
export class IdeaPageState {
	idea = $state.raw<IdeaView>(null as unknown as IdeaView);
	revisions = $state.raw<readonly IdeaRevision[]>([]);
	duplicateUpvotes = $state(0);
	answers = $state.raw<readonly OfficialAnswer[]>([]);

	constructor(seed: IdeaPageSeed) {
		this.reset(seed);
	}

	/** A fresh `load` result: it is newer than anything shown, except counts a live fact already moved further. */
	reset(seed: IdeaPageSeed): void {
		const shown = this.idea as IdeaView | null;
		const counts = shown && shown.id === seed.idea.id && shown.votesVersion > seed.idea.votesVersion ? shown : seed.idea;
		this.idea = { ...seed.idea, upvotes: counts.upvotes, downvotes: counts.downvotes, commentCount: counts.commentCount, votesVersion: counts.votesVersion, myVote: counts.myVote };
		this.revisions = seed.revisions;
		this.duplicateUpvotes = seed.duplicateUpvotes;
		this.answers = seed.answers;
	}

	/** ST3: a new answer (from the room, or the staff member's own ack), once, on top; the idea takes its status. */
	applyAnswer(answer: OfficialAnswer, status: IdeaStatus): void {
		if (this.answers.some((known) => known.id === answer.id)) return;
		this.answers = [answer, ...this.answers];
		this.idea = { ...this.idea, status };
	}

	setCounts(tally: { upvotes: number; downvotes: number; commentCount: number; votesVersion: number }): void {
		if (tally.votesVersion <= this.idea.votesVersion) return;
		this.idea = { ...this.idea, upvotes: tally.upvotes, downvotes: tally.downvotes, commentCount: tally.commentCount, votesVersion: tally.votesVersion };
	}

	setMyVote(value: VoteValue | null, votesVersion: number): void {
		if (votesVersion < this.idea.votesVersion) return;
		this.idea = { ...this.idea, myVote: value };
	}

	applyEdit(edit: IdeaEdit): void {
		const { idea } = this;
		if (idea.editedAt !== null && edit.editedAt <= idea.editedAt) return;
		const replaced: IdeaRevision = {
			id: `live-${edit.editedAt}`,
			title: idea.title,
			body: idea.body,
			bodyText: idea.bodyText,
			topic: idea.topic,
			writtenAt: idea.editedAt ?? idea.createdAt,
			replacedAt: edit.editedAt,
			// I7: only the author edits.
			replacedBy: idea.author
		};
		this.revisions = [replaced, ...this.revisions];
		this.idea = { ...idea, title: edit.title, body: edit.body, bodyText: edit.bodyText, topic: edit.topic, editedAt: edit.editedAt };
	}

	applyWithdrawn(withdrawn: Withdrawal): void {
		this.idea = { ...this.idea, withdrawn };
	}
}
