import type { Bounds, DistrictGeometry, LatLng } from './geo';

export const PROJECT_STATUSES = ['open', 'closed'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export interface District {
	readonly id: string;
	readonly slug: string;
	readonly name: string;
	readonly centre: LatLng;
	readonly geometry: DistrictGeometry;
}

export interface Topic {
	readonly id: string;
	readonly slug: string;
	readonly name: string;
}

/** The deployment's city as the map and the forms need it. */
export interface City {
	readonly name: string;
	readonly bounds: Bounds;
	/** True when district boundaries were derived (e.g. Voronoi), not loaded from an official file. */
	readonly districtsApproximate: boolean;
	readonly districts: readonly District[];
	readonly topics: readonly Topic[];
}

export interface Project {
	readonly id: string;
	readonly slug: string;
	readonly title: string;
	readonly description: string;
	readonly status: ProjectStatus;
	readonly createdAt: string;
}

/** P1: ideas can be posted and voted on only while the project is open. */
export function acceptsParticipation(project: Project): boolean {
	return project.status === 'open';
}
