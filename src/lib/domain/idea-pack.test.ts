import { describe, expect, it } from 'vitest';
import { packIdeas, unpackIdeas } from './idea-pack';
import type { IdeaView } from './ideas';
import { anIdeaView } from '../../../tests/support/builders';

const city = {
	topics: [
		{ id: 't1', slug: 'mobility', name: 'Mobility', translations: {} },
		{ id: 't2', slug: 'culture', name: 'Culture', translations: {} }
	],
	districts: [
		{ id: 'd1', slug: 'ixelles', name: 'Ixelles / Elsene', centre: { lat: 50.83, lng: 4.37 }, geometry: { type: 'Polygon' as const, coordinates: [] }, population: null, translations: {} }
	]
};

// Values that survive packing exactly: a precise position, counts, an author with a name.
const anIdea = (id: string, overrides: Partial<IdeaView> = {}): IdeaView =>
	anIdeaView(id, {
		district: { slug: 'ixelles', name: 'Ixelles / Elsene' },
		location: { lat: 50.8275123, lng: 4.3725987 },
		author: { id: 'u1', displayName: 'Amira', role: 'citizen' },
		upvotes: 3,
		downvotes: 1,
		votesVersion: 4,
		commentCount: 2,
		...overrides
	});

describe('packIdeas / unpackIdeas', () => {
	it('gives back the ideas it was given, in their order, with their plain text but not their HTML', () => {
		const ideas = [
			anIdea('a', { myVote: 1, status: 'accepted', editedAt: '2026-11-01T10:30:00.000Z', duplicateOf: 'c' }),
			anIdea('b', { topic: { slug: 'culture', name: 'Culture' }, author: { id: 'u2', displayName: 'Bruno', role: 'moderator' }, language: 'fr', locationApproximate: true, myVote: -1 }),
			anIdea('c')
		];
		expect(unpackIdeas(packIdeas('p', ideas), city)).toEqual(ideas.map((idea) => ({ ...idea, body: '' })));
	});

	it('sends each author once and neither the project nor topic and district names per idea', () => {
		const ideas = Array.from({ length: 10 }, (_, index) => anIdea(`i${index}`, { author: { id: `u${index % 2}`, displayName: `Author ${index % 2}`, role: 'citizen' } }));
		const packed = packIdeas('p', ideas);
		expect(packed.authors).toEqual([
			['u0', 'Author 0', 'citizen'],
			['u1', 'Author 1', 'citizen']
		]);
		const text = JSON.stringify(packed);
		expect(text.split('Ixelles / Elsene')).toHaveLength(1);
		expect(text.split('Author 0')).toHaveLength(2);
		expect(text.length).toBeLessThan(JSON.stringify(ideas).length / 2);
	});

	it('falls back to the slug for a topic or district the city no longer lists', () => {
		const [idea] = unpackIdeas(packIdeas('p', [anIdea('a', { topic: { slug: 'gone', name: 'Gone' } })]), city);
		expect(idea?.topic).toEqual({ slug: 'gone', name: 'gone' });
	});
});
