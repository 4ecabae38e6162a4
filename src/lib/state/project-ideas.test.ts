import { describe, expect, it } from 'vitest';
import type { IdeaView } from '../domain/ideas';
import { ProjectIdeas } from './project-ideas.svelte';

function anIdea(id: string, overrides: Partial<IdeaView> = {}): IdeaView {
	return {
		id,
		projectId: 'p',
		title: `Idea ${id}`,
		body: 'A body that is long enough.',
		topic: { slug: 'mobility', name: 'Mobility' },
		district: { slug: 'ixelles', name: 'Ixelles' },
		location: { lat: 50.83, lng: 4.37 },
		status: 'proposed',
		author: { id: 'u', displayName: 'U' },
		upvotes: 0,
		downvotes: 0,
		votesVersion: 0,
		commentCount: 0,
		createdAt: '2026-11-01T10:00:00.000Z',
		myVote: null,
		...overrides
	};
}

describe('ProjectIdeas', () => {
	it('[V5] ignores counts older than the ones shown', () => {
		const ideas = new ProjectIdeas('p', [anIdea('a')]);
		ideas.setCounts('a', { upvotes: 2, downvotes: 0, votesVersion: 2 });
		ideas.setCounts('a', { upvotes: 1, downvotes: 0, votesVersion: 1 });
		expect(ideas.ideas[0]).toMatchObject({ upvotes: 2, votesVersion: 2 });
	});

	it('[V5] keeps live news that a slower reload does not have yet', () => {
		const ideas = new ProjectIdeas('p', [anIdea('a')]);
		ideas.setCounts('a', { upvotes: 3, downvotes: 1, votesVersion: 4 });
		ideas.add(anIdea('new'));
		ideas.reconcile('p', [anIdea('a', { upvotes: 2, votesVersion: 3, commentCount: 5 })]);
		expect(ideas.ideas.map((idea) => idea.id)).toEqual(['new', 'a']);
		expect(ideas.ideas[1]).toMatchObject({ upvotes: 3, downvotes: 1, votesVersion: 4, commentCount: 5 });
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
		expect(ideas.ideas).toHaveLength(1);
	});

	it('[V5] keeps the newer of two records of the viewer’s own vote, whatever the counts did meanwhile', () => {
		const ideas = new ProjectIdeas('p', [anIdea('a')]);
		ideas.setMyVote('a', -1, 2);
		ideas.setMyVote('a', 1, 1);
		expect(ideas.ideas[0]!.myVote).toBe(-1);
		ideas.setCounts('a', { upvotes: 4, downvotes: 1, votesVersion: 7 });
		ideas.setMyVote('a', null, 3);
		expect(ideas.ideas[0]).toMatchObject({ myVote: null, votesVersion: 7 });
	});
});
