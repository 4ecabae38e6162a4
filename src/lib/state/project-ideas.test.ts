import { describe, expect, it } from 'vitest';
import type { IdeaCounts } from '../domain/ideas';
import { anIdeaView } from '../../../tests/support/builders';
import { ProjectIdeas } from './project-ideas.svelte';

const anIdea = anIdeaView;

describe('ProjectIdeas', () => {
	it('[V5] ignores counts older than the ones shown', () => {
		const ideas = new ProjectIdeas('p', [anIdea('a')]);
		ideas.setCounts('a', { upvotes: 2, downvotes: 0, commentCount: 0, votesVersion: 2 });
		ideas.setCounts('a', { upvotes: 1, downvotes: 0, commentCount: 0, votesVersion: 1 });
		expect(ideas.ideas[0]).toMatchObject({ upvotes: 2, votesVersion: 2 });
	});

	it('[V5] keeps live news that a slower reload does not have yet', () => {
		const ideas = new ProjectIdeas('p', [anIdea('a')]);
		ideas.setCounts('a', { upvotes: 3, downvotes: 1, commentCount: 0, votesVersion: 4 });
		ideas.show(anIdea('mine'));
		ideas.add(anIdea('theirs'));
		ideas.reconcile('p', [anIdea('a', { upvotes: 2, votesVersion: 3, commentCount: 5 })]);
		expect(ideas.ideas.map((idea) => idea.id)).toEqual(['mine', 'a']);
		expect(ideas.pending.map((idea) => idea.id)).toEqual(['theirs']);
		expect(ideas.ideas[1]).toMatchObject({ upvotes: 3, downvotes: 1, votesVersion: 4, commentCount: 5 });
	});

	it('[B3] a reload of the first page keeps the pages loaded below it below, never moving older ideas to the top', () => {
		const ideas = new ProjectIdeas('p', [anIdea('c'), anIdea('b')], { viewKey: 'newest', next: 'page-2' });
		ideas.appendPage([anIdea('a'), anIdea('b')], null);
		expect(ideas.ideas.map((idea) => idea.id)).toEqual(['c', 'b', 'a']);
		ideas.reconcile('p', [anIdea('c'), anIdea('b')], { viewKey: 'newest', next: 'page-2' });
		expect(ideas.ideas.map((idea) => idea.id)).toEqual(['c', 'b', 'a']);
		expect(ideas.next).toBeNull();
		ideas.reconcile('p', [anIdea('z')], { viewKey: 'top', next: 'other' });
		expect(ideas.ideas.map((idea) => idea.id)).toEqual(['z']);
		expect(ideas.next).toBe('other');
	});

	it('[B3] an idea a catch-up reported as new that the next page holds takes its place there, with the newer counts', () => {
		const ideas = new ProjectIdeas('p', [anIdea('c')], { viewKey: 'trending', next: 'page-2' });
		ideas.add(anIdea('b'));
		ideas.add(anIdea('z'));
		ideas.setCounts('b', { upvotes: 4, downvotes: 0, commentCount: 1, votesVersion: 5 });
		ideas.appendPage([anIdea('b', { upvotes: 1, votesVersion: 1 }), anIdea('a')], null);
		expect(ideas.ideas.map((idea) => idea.id)).toEqual(['c', 'b', 'a']);
		expect(ideas.ideas[1]).toMatchObject({ upvotes: 4, votesVersion: 5, commentCount: 1 });
		expect(ideas.pending.map((idea) => idea.id)).toEqual(['z']);
	});

	it('[I7] [I9] a catch-up edits older ideas in place and takes withdrawn ones off the list, the waiting ones and the map', () => {
		const ideas = new ProjectIdeas('p', [anIdea('a'), anIdea('b')]);
		ideas.add(anIdea('c'));
		ideas.applyChanges({
			ideas: [],
			counts: [],
			edited: [{ ideaId: 'a', title: 'Edited title', bodyText: 'Edited body', topic: { slug: 'green-spaces', name: 'Green' }, editedAt: '2026-12-01T10:00:00.000Z' }],
			withdrawn: ['b', 'c', 'unknown']
		});
		expect(ideas.ideas.map((idea) => [idea.id, idea.title])).toEqual([['a', 'Edited title']]);
		expect(ideas.pending).toEqual([]);
		expect(ideas.pins.map((pin) => pin.id)).toEqual(['a']);
		expect(ideas.pins[0]).toMatchObject({ title: 'Edited title', topicSlug: 'green-spaces' });
	});

	it('[B6] a new idea of the view waits until shown; one outside the view only gets its pin', () => {
		const ideas = new ProjectIdeas('p', [anIdea('a')], { matches: (idea) => idea.topic.slug === 'mobility' });
		expect(ideas.add(anIdea('m', { topic: { slug: 'mobility', name: 'Mobility' } }))).toBe(true);
		expect(ideas.add(anIdea('g', { topic: { slug: 'green-spaces', name: 'Green' } }))).toBe(false);
		expect(ideas.ideas.map((idea) => idea.id)).toEqual(['a']);
		expect(ideas.pins.map((pin) => pin.id)).toEqual(['g', 'm', 'a']);
		ideas.setCounts('m', { upvotes: 2, downvotes: 0, commentCount: 1, votesVersion: 3 });
		ideas.showPending();
		expect(ideas.ideas.map((idea) => idea.id)).toEqual(['m', 'a']);
		expect(ideas.ideas[0]).toMatchObject({ upvotes: 2, commentCount: 1 });
		expect(ideas.pins.find((pin) => pin.id === 'm')).toMatchObject({ upvotes: 2, commentCount: 1, votesVersion: 3 });
		expect(ideas.pending).toEqual([]);
	});

	it('takes newer counts from a reload, and replaces everything for another project', () => {
		const ideas = new ProjectIdeas('p', [anIdea('a')]);
		ideas.reconcile('p', [anIdea('a', { upvotes: 7, votesVersion: 9 })]);
		expect(ideas.ideas[0]).toMatchObject({ upvotes: 7 });
		ideas.reconcile('q', [anIdea('b')]);
		expect(ideas.ideas.map((idea) => idea.id)).toEqual(['b']);
	});

	it('adds an idea once, even when its ack and its broadcast both arrive', () => {
		const ideas = new ProjectIdeas('p', []);
		ideas.add(anIdea('x'));
		ideas.add(anIdea('x'));
		ideas.show(anIdea('x'));
		expect(ideas.ideas).toHaveLength(1);
		expect(ideas.pending).toHaveLength(0);
		expect(ideas.pins).toHaveLength(1);
	});

	describe('applyChanges (the catch-up after a join)', () => {
		const counts = (ideaId: string, overrides: Partial<IdeaCounts> = {}): IdeaCounts => ({
			ideaId,
			upvotes: 0,
			downvotes: 0,
			votesVersion: 0,
			commentCount: 0,
			myVote: null,
			...overrides
		});
		const ids = (ideas: ProjectIdeas) => ideas.ideas.map((idea) => idea.id);

		it('[B6] keeps unknown ideas waiting, newest first, and leaves the order of the shown ones alone', () => {
			const ideas = new ProjectIdeas('p', [anIdea('b'), anIdea('a')]);
			ideas.applyChanges({ ideas: [anIdea('d'), anIdea('c')], counts: [counts('a', { upvotes: 5, votesVersion: 5 })] });
			expect(ids(ideas)).toEqual(['b', 'a']);
			ideas.showPending();
			expect(ids(ideas)).toEqual(['d', 'c', 'b', 'a']);
			expect(ideas.ideas[3]).toMatchObject({ upvotes: 5, votesVersion: 5 });
		});

		it('never shows an idea twice: one that arrived live, or one listed twice in the delta', () => {
			const ideas = new ProjectIdeas('p', [anIdea('a')]);
			ideas.add(anIdea('live'));
			ideas.applyChanges({ ideas: [anIdea('new'), anIdea('live'), anIdea('new')], counts: [] });
			ideas.showPending();
			expect(ids(ideas)).toEqual(['new', 'live', 'a']);
		});

		it('[V5] takes newer counts with the viewer’s vote, and keeps live counts newer than the delta', () => {
			const ideas = new ProjectIdeas('p', [anIdea('a', { upvotes: 1, votesVersion: 1 }), anIdea('b')]);
			ideas.setCounts('b', { upvotes: 4, downvotes: 0, commentCount: 0, votesVersion: 6 });
			ideas.setMyVote('b', 1, 6);
			ideas.applyChanges({
				ideas: [],
				counts: [counts('a', { upvotes: 2, downvotes: 1, votesVersion: 3, myVote: -1 }), counts('b', { upvotes: 3, votesVersion: 5, myVote: null })]
			});
			expect(ideas.ideas[0]).toMatchObject({ upvotes: 2, downvotes: 1, votesVersion: 3, myVote: -1 });
			expect(ideas.ideas[1]).toMatchObject({ upvotes: 4, votesVersion: 6, myVote: 1 });
		});

		it('[V5] an equal version changes nothing, and an idea in the delta that is already shown keeps its place', () => {
			const ideas = new ProjectIdeas('p', [anIdea('b'), anIdea('a', { upvotes: 2, votesVersion: 2, myVote: 1 })]);
			ideas.applyChanges({ ideas: [anIdea('a', { upvotes: 9, votesVersion: 2, myVote: null }), anIdea('c')], counts: [] });
			ideas.showPending();
			expect(ids(ideas)).toEqual(['c', 'b', 'a']);
			expect(ideas.ideas[2]).toMatchObject({ upvotes: 2, votesVersion: 2, myVote: 1 });
		});

		it('[V5] takes newer counts of a shown idea that the delta lists in full', () => {
			const ideas = new ProjectIdeas('p', [anIdea('a', { commentCount: 0, votesVersion: 1 })]);
			ideas.applyChanges({ ideas: [anIdea('a', { commentCount: 1, votesVersion: 2, upvotes: 3 })], counts: [] });
			expect(ideas.ideas[0]).toMatchObject({ commentCount: 1, votesVersion: 2, upvotes: 3 });
			expect(ideas.pending).toEqual([]);
		});

		it('[V5][C4] takes a comment count with its version: a lower one when newer (a comment deleted), never an older one', () => {
			const ideas = new ProjectIdeas('p', [anIdea('a', { votesVersion: 4, commentCount: 3 })]);
			ideas.applyChanges({ ideas: [], counts: [counts('a', { votesVersion: 5, commentCount: 2 })] });
			expect(ideas.ideas[0]).toMatchObject({ votesVersion: 5, commentCount: 2 });
			ideas.applyChanges({ ideas: [], counts: [counts('a', { votesVersion: 3, commentCount: 9 })] });
			expect(ideas.ideas[0]).toMatchObject({ votesVersion: 5, commentCount: 2 });
		});

		it('ignores counts of ideas it does not show', () => {
			const ideas = new ProjectIdeas('p', [anIdea('a')]);
			ideas.applyChanges({ ideas: [], counts: [counts('elsewhere', { upvotes: 3, votesVersion: 3 })] });
			expect(ids(ideas)).toEqual(['a']);
		});
	});

	it('[V5] keeps the newer of two records of the viewer’s own vote, whatever the counts did meanwhile', () => {
		const ideas = new ProjectIdeas('p', [anIdea('a')]);
		ideas.setMyVote('a', -1, 2);
		ideas.setMyVote('a', 1, 1);
		expect(ideas.ideas[0]!.myVote).toBe(-1);
		ideas.setCounts('a', { upvotes: 4, downvotes: 1, commentCount: 0, votesVersion: 7 });
		ideas.setMyVote('a', null, 3);
		expect(ideas.ideas[0]).toMatchObject({ myVote: null, votesVersion: 7 });
	});

	it('[I9] a withdrawn idea leaves the list, the waiting ideas and the map', () => {
		const ideas = new ProjectIdeas('p', [anIdea('a'), anIdea('b')]);
		ideas.add(anIdea('c'));
		ideas.withdraw('a');
		ideas.withdraw('c');
		expect(ideas.ideas.map((idea) => idea.id)).toEqual(['b']);
		expect(ideas.pending).toEqual([]);
		expect(ideas.pins.map((pin) => pin.id)).not.toContain('c');
	});

	it('[I7] an edit shows in place on its card and its pin', () => {
		const ideas = new ProjectIdeas('p', [anIdea('a')]);
		ideas.add(anIdea('a'));
		ideas.edit('a', { title: 'A clearer title', bodyText: 'New words.', topic: { slug: 'culture', name: 'Culture' }, editedAt: '2026-06-01T10:00:00.000Z' });
		expect(ideas.ideas[0]).toMatchObject({ title: 'A clearer title', bodyText: 'New words.', topic: { slug: 'culture' }, editedAt: '2026-06-01T10:00:00.000Z' });
		expect(ideas.pins.find((pin) => pin.id === 'a')).toMatchObject({ title: 'A clearer title', topicSlug: 'culture' });
	});
});
