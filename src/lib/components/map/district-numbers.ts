import type { District } from '../../domain/projects';
import { boundsOf } from '../../domain/geo';
import type { DistrictStatsCollection } from '../../domain/map-stats';
import { geojsonQuery, type MapView } from '../../domain/map-view';
import { GeojsonFeed } from '../../state/map-feed';

/** What the place panel says about a district (M20). `participants` only where the district statistics exist. */
export interface DistrictNumbers {
	readonly ideas: number;
	readonly votes: number;
	readonly participants: number | null;
}

/**
 * M20: a district's ideas, up-votes and participants in the view, from the district statistics
 * (`/api/map/districts`, contracts.md); where a server does not have them yet (404), its ideas and up-votes are the
 * sum of the map's own clusters over the district at zoom 0 (one cluster or a few), and participants stay unknown.
 */
export async function districtNumbers(
	district: District,
	{ projectId, view, locale }: { projectId: string | null; view: MapView; locale: string }
): Promise<DistrictNumbers | null> {
	const params = new URLSearchParams({ locale });
	if (projectId) params.set('project', projectId);
	if (view.topic) params.set('topic', view.topic);
	if (view.status) params.set('status', view.status);
	try {
		const response = await fetch(`/api/map/districts?${params}`, { headers: { accept: 'application/geo+json' } });
		if (response.ok) {
			const { features } = (await response.json()) as DistrictStatsCollection;
			const found = features.find((feature) => feature.properties.slug === district.slug)?.properties;
			return found ? { ideas: found.ideas, votes: found.votes, participants: found.participants } : { ideas: 0, votes: 0, participants: 0 };
		}
		if (response.status !== 404) return null;
		const { west, south, east, north } = boundsOf([district.geometry]);
		const collection = await new GeojsonFeed().load(geojsonQuery({ ...view, district: district.slug }, [west, south, east, north], 0, projectId));
		if (!collection) return null;
		let ideas = 0;
		let votes = 0;
		for (const { properties } of collection.features) {
			ideas += properties.kind === 'cluster' ? properties.count : 1;
			votes += properties.support;
		}
		return { ideas, votes, participants: null };
	} catch {
		return null;
	}
}
