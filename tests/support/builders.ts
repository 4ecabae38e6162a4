import type { Actor } from '../../src/lib/domain/actors';
import type { LatLng } from '../../src/lib/domain/geo';
import type { IdeaView } from '../../src/lib/domain/ideas';
import type { Project } from '../../src/lib/domain/projects';
import type { App } from '../../src/lib/server/app';

/** Points whose district is known in the built-in Brussels map. */
export const PLACES = {
	flagey: { lat: 50.8275, lng: 4.3725 },
	grandPlace: { lat: 50.8467, lng: 4.3525 },
	/** Antwerp: outside the city. */
	antwerp: { lat: 51.2194, lng: 4.4025 }
} satisfies Record<string, LatLng>;

let projectCounter = 0;

export async function aProject(app: App, overrides: Partial<{ slug: string; status: 'open' | 'closed'; votingNeedsVerifiedEmail: boolean }> = {}): Promise<Project> {
	projectCounter += 1;
	return app.services.projects.ensure({
		slug: overrides.slug ?? `test-project-${projectCounter}`,
		title: `Test project ${projectCounter}`,
		description: 'A project made by a test.',
		status: overrides.status ?? 'open',
		votingNeedsVerifiedEmail: overrides.votingNeedsVerifiedEmail ?? false
	});
}

export function ideaInput(projectId: string, overrides: Record<string, unknown> = {}) {
	return {
		projectId,
		title: 'Plant trees along the square',
		body: 'The square is hot in summer; a row of trees would give shade to everyone waiting for the tram.',
		topic: 'green-spaces',
		location: PLACES.flagey,
		...overrides
	};
}

export async function anIdea(app: App, author: Actor, projectId: string, overrides: Record<string, unknown> = {}): Promise<IdeaView> {
	return app.services.ideas.create(author, ideaInput(projectId, overrides));
}

/** An idea as a viewer sees it, without any store: for the pure state and packing tests. */
export function anIdeaView(id: string, overrides: Partial<IdeaView> = {}): IdeaView {
	return {
		id,
		projectId: 'p',
		title: `Idea ${id}`,
		body: '<p>A body that is long enough.</p>',
		bodyText: 'A body that is long enough.',
		topic: { slug: 'mobility', name: 'Mobility' },
		district: { slug: 'ixelles', name: 'Ixelles' },
		location: { lat: 50.83, lng: 4.37 },
		locationApproximate: false,
		language: 'en',
		status: 'proposed',
		author: { id: 'u', displayName: 'U', role: 'citizen' },
		upvotes: 0,
		downvotes: 0,
		votesVersion: 0,
		commentCount: 0,
		createdAt: '2026-11-01T10:00:00.000Z',
		editedAt: null,
		withdrawn: null,
		duplicateOf: null,
		myVote: null,
		...overrides
	};
}
