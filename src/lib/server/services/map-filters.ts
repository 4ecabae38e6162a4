import pLimit from 'p-limit';
import { DomainError } from '../../domain/errors';
import { limitSubjectOf, rateLimitedError } from '../../domain/limits';
import type { Actor } from '../../domain/actors';
import type { MapFilters } from '../../domain/map';
import type { ServicePorts } from '../ports';
import type { CityService } from './city';
import type { BuildTurn } from './snapshot-cache';

/**
 * M21: the map's derived views (cluster indexes, district numbers, heat points) are built from every idea a filter
 * combination keeps, so only combinations the city can hold are built: a project that does not exist is `not_found`,
 * and a topic or district the city does not have matches nothing without anything being built or cached.
 */
export function createMapFilterCheck({ store }: Pick<ServicePorts, 'store'>, city: CityService) {
	return async function matchesAnything(filters: MapFilters): Promise<boolean> {
		if (filters.project && !(await store.projects.findById(filters.project))) throw new DomainError('not_found', 'project_not_found');
		const { topics, districts } = await city.get();
		if (filters.topic && !topics.some((topic) => topic.slug === filters.topic)) return false;
		if (filters.district && !districts.some((district) => district.slug === filters.district)) return false;
		return true;
	};
}

/** M21: builds waiting their turn at most; past them a reader is asked to come back instead of joining the line. */
const BUILDS_WAITING_MAX = 16;

/**
 * M21: one build at a time per service, so a burst of new filter combinations queues instead of piling up; a line
 * already BUILDS_WAITING_MAX long refuses the next (rate_limited, a few seconds), so many addresses together cannot
 * grow it without end either.
 */
export function oneBuildAtATime(): BuildTurn {
	const limit = pLimit(1);
	return (build) => {
		if (limit.pendingCount >= BUILDS_WAITING_MAX) return Promise.reject(rateLimitedError(5));
		return limit(build);
	};
}

/** M21: reading a combination that no cache holds or is building costs a point of R24. */
export function admitBuildFor({ limits }: Pick<ServicePorts, 'limits'>, actor: Actor): () => Promise<void> {
	return () => limits.take('map.build', limitSubjectOf(actor));
}
