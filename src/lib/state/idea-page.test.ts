import { describe, expect, it } from 'vitest';
import { anIdeaView } from '../../../tests/support/builders';
import { IdeaPageState } from './idea-page.svelte';

const edit = { title: 'A new title', body: '<p>New</p>', bodyText: 'New', topic: { slug: 'culture', name: 'Culture' }, editedAt: '2026-11-01T10:05:00.000Z' };

describe('the idea page state', () => {
	it('[I8] an edit replaces the idea and puts the version it replaced on top of the history, once', () => {
		const state = new IdeaPageState({ idea: anIdeaView('a'), revisions: [], duplicateUpvotes: 0, answers: [] });
		state.applyEdit(edit);
		state.applyEdit(edit);
		expect(state.idea).toMatchObject({ title: 'A new title', body: '<p>New</p>', editedAt: edit.editedAt });
		expect(state.revisions).toEqual([expect.objectContaining({ title: 'Idea a', writtenAt: '2026-11-01T10:00:00.000Z', replacedAt: edit.editedAt })]);
	});

	it('[V5] keeps the newer counts, from a fact or from a new load', () => {
		const state = new IdeaPageState({ idea: anIdeaView('a', { votesVersion: 3, upvotes: 3 }), revisions: [], duplicateUpvotes: 0, answers: [] });
		state.setCounts({ upvotes: 2, downvotes: 0, commentCount: 0, votesVersion: 2 });
		expect(state.idea.upvotes).toBe(3);
		state.setCounts({ upvotes: 5, downvotes: 1, commentCount: 0, votesVersion: 5 });
		state.reset({ idea: anIdeaView('a', { votesVersion: 4, upvotes: 4, title: 'Reloaded' }), revisions: [], duplicateUpvotes: 2, answers: [] });
		expect(state.idea).toMatchObject({ title: 'Reloaded', upvotes: 5, votesVersion: 5 });
		expect(state.duplicateUpvotes).toBe(2);
	});
});
