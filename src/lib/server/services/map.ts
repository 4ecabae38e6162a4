import Supercluster from 'supercluster';
import type { ClusterFeature, PointFeature as SuperclusterPoint } from 'supercluster';
import type { Actor } from '../../domain/actors';
import { DomainError } from '../../domain/errors';
import { IDEA_STATUSES, type IdeaStatus } from '../../domain/ideas';
import {
	CLUSTER_MAX_ZOOM,
	CLUSTER_RADIUS_PX,
	filterKey,
	MAP_POINTS_LIMIT,
	mapQuerySchema,
	type ClusterProperties,
	type IdeaPointProperties,
	type MapFeature,
	type MapFeatureCollection,
	type MapFilters
} from '../../domain/map';
import { limitSubjectOf } from '../../domain/limits';
import { mapWatchSchema, tilesOfBox, type MapWatch } from '../../domain/map-live';
import { parseInput } from '../../domain/validation';
import type { ServicePorts } from '../ports';
import type { MapPointRecord } from '../storage/geo-index';
import type { CityService } from './city';
import { admitBuildFor, createMapFilterCheck, oneBuildAtATime } from './map-filters';

/** M4: an index is rebuilt at most this often; ideas that arrive meanwhile join it from a small overlay. */
export const REBUILD_MIN_INTERVAL_MS = 5_000;
/** Distinct filter combinations kept in memory (each a clustered index of the ideas it keeps). */
const CACHED_INDEXES = 24;

type Aggregate = { support: number };
type PointFeature = SuperclusterPoint<IdeaPointProperties>;

interface ClusterIndex {
	readonly clusters: Supercluster<IdeaPointProperties, Aggregate>;
	/** The newest change the index holds (every idea changed up to it), null for an empty database. */
	readonly marker: string | null;
	readonly ids: ReadonlySet<string>;
	readonly builtAt: number;
	readonly generation: number;
}

interface IndexSlot {
	current: ClusterIndex | null;
	building: Promise<ClusterIndex> | null;
	/** Ideas created after the current index's marker, read once per newer marker. */
	overlay: { marker: string | null; points: PointFeature[] };
}

const statusOf = (status: string): IdeaStatus => ((IDEA_STATUSES as readonly string[]).includes(status) ? (status as IdeaStatus) : 'proposed');

function toFeature(record: MapPointRecord): PointFeature {
	return {
		type: 'Feature',
		geometry: { type: 'Point', coordinates: [record.lng, record.lat] },
		properties: {
			kind: 'idea',
			id: record.id,
			projectId: record.projectId,
			title: record.title,
			topic: record.topic,
			status: statusOf(record.status),
			support: record.upvotes,
			approximate: record.locationApproximate === 1
		}
	};
}

function pinOf(point: PointFeature): MapFeature<IdeaPointProperties> {
	const [lng, lat] = point.geometry.coordinates;
	return { type: 'Feature', geometry: { type: 'Point', coordinates: [lng!, lat!] }, properties: point.properties };
}

/** Web Mercator pixels at `zoom` of a point (256-pixel tiles), to measure a cluster's radius the way supercluster does. */
function pixelOf([lng, lat]: readonly [number, number], zoom: number): [number, number] {
	const scale = 256 * 2 ** zoom;
	const sin = Math.sin((lat * Math.PI) / 180);
	return [((lng + 180) / 360) * scale, (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * scale];
}

/**
 * M1–M5: the map's GeoJSON. Clusters come from supercluster indexes kept in memory per filter combination and
 * rebuilt in the background at most every REBUILD_MIN_INTERVAL_MS when the database holds newer changes (on any node:
 * freshness is read from the database, not from this node's events). Ideas created since the last build join the
 * answer at once: inside the nearest cluster's count when one is within its radius, else as a pin. Above
 * CLUSTER_MAX_ZOOM the ideas in the box come from the spatial index directly.
 */
export function createMapService(ports: ServicePorts, city: CityService) {
	const { store, clock, log, limits } = ports;
	const slots = new Map<string, IndexSlot>();
	let generations = 0;
	const matchesAnything = createMapFilterCheck(ports, city);
	const turn = oneBuildAtATime();

	async function build(filters: MapFilters): Promise<ClusterIndex> {
		const marker = await store.geoIndex.lastChange(filters.project);
		const records = await store.geoIndex.allPoints(filters);
		const clusters = new Supercluster<IdeaPointProperties, Aggregate>({
			radius: CLUSTER_RADIUS_PX,
			maxZoom: CLUSTER_MAX_ZOOM,
			map: (properties) => ({ support: properties.support }),
			reduce: (accumulated, properties) => {
				accumulated.support += properties.support;
			}
		});
		clusters.load(records.map(toFeature));
		generations += 1;
		return { clusters, marker, ids: new Set(records.map((record) => record.id)), builtAt: clock.now().getTime(), generation: generations };
	}

	function slotFor(key: string): IndexSlot {
		let slot = slots.get(key);
		if (slot) {
			// Most recently used last, so the first one is the one to evict.
			slots.delete(key);
		} else {
			slot = { current: null, building: null, overlay: { marker: null, points: [] } };
			if (slots.size >= CACHED_INDEXES) slots.delete(slots.keys().next().value!);
		}
		slots.set(key, slot);
		return slot;
	}

	function rebuild(slot: IndexSlot, filters: MapFilters): Promise<ClusterIndex> {
		slot.building ??= turn(() => build(filters))
			.then((index) => {
				slot.current = index;
				slot.overlay = { marker: index.marker, points: [] };
				return index;
			})
			.finally(() => {
				slot.building = null;
			});
		return slot.building;
	}

	/**
	 * The index for these filters, current as of `marker` up to its overlay; builds the first one while the caller
	 * waits, once `admit` lets them (M21).
	 */
	async function indexFor(filters: MapFilters, marker: string | null, admit: () => Promise<void>): Promise<{ index: ClusterIndex; overlay: PointFeature[] }> {
		const key = filterKey(filters);
		const held = slots.get(key);
		if (!held?.current && !held?.building) await admit();
		const slot = slotFor(key);
		const index = slot.current ?? (await rebuild(slot, filters));
		const stale = marker !== null && (index.marker === null || marker > index.marker);
		if (!stale) return { index, overlay: [] };
		if (!slot.building && clock.now().getTime() - index.builtAt >= REBUILD_MIN_INTERVAL_MS) {
			rebuild(slot, filters).catch((error: unknown) => log.warn({ err: error }, 'could not rebuild a map index'));
		}
		if (slot.overlay.marker !== marker) {
			const created = index.marker === null ? await store.geoIndex.allPoints(filters) : await store.geoIndex.pointsCreatedAfter(filters, index.marker);
			slot.overlay = { marker, points: created.filter((record) => !index.ids.has(record.id)).map(toFeature) };
		}
		return { index, overlay: slot.overlay.points };
	}

	function clusterFeature(feature: ClusterFeature<Aggregate>, clusters: Supercluster<IdeaPointProperties, Aggregate>): MapFeature<ClusterProperties> {
		const clusterId = feature.properties.cluster_id;
		return {
			type: 'Feature',
			geometry: { type: 'Point', coordinates: [feature.geometry.coordinates[0]!, feature.geometry.coordinates[1]!] },
			properties: {
				kind: 'cluster',
				clusterId,
				count: feature.properties.point_count,
				support: feature.properties.support,
				expansionZoom: clusters.getClusterExpansionZoom(clusterId)
			}
		};
	}

	/** Ideas newer than the index: into the count of a cluster within its radius at this zoom, else as their own pin. */
	function withOverlay(
		features: MapFeature<IdeaPointProperties | ClusterProperties>[],
		overlay: readonly PointFeature[],
		box: { west: number; south: number; east: number; north: number },
		zoom: number
	): MapFeature<IdeaPointProperties | ClusterProperties>[] {
		for (const point of overlay) {
			const [lng, lat] = point.geometry.coordinates as [number, number];
			if (lng < box.west || lng > box.east || lat < box.south || lat > box.north) continue;
			const [x, y] = pixelOf([lng, lat], zoom);
			const near = features.findIndex((feature) => {
				if (feature.properties.kind !== 'cluster') return false;
				const [cx, cy] = pixelOf(feature.geometry.coordinates, zoom);
				return Math.hypot(cx - x, cy - y) <= CLUSTER_RADIUS_PX;
			});
			const cluster = near >= 0 ? (features[near] as MapFeature<ClusterProperties>) : null;
			if (cluster) {
				features[near] = {
					...cluster,
					properties: { ...cluster.properties, count: cluster.properties.count + 1, support: cluster.properties.support + point.properties.support }
				};
			} else {
				features.push(pinOf(point));
			}
		}
		return features;
	}

	return {
		/**
		 * M6: a map view to follow live: its box and the tile rooms to join for it. Anyone may watch; R18 limits how
		 * often a watch is set or replaced. A project that does not exist is `not_found`.
		 */
		async watch(actor: Actor, input: unknown): Promise<MapWatch> {
			const { projectId, bbox } = parseInput(mapWatchSchema, input);
			await limits.take('map.watch', limitSubjectOf(actor));
			if (projectId !== null && !(await store.projects.findById(projectId))) throw new DomainError('not_found', 'project_not_found');
			return { projectId, box: bbox, tiles: tilesOfBox(bbox) };
		},

		/** M6: where an idea's pin is (null when there is no such idea), for the live map's messages. */
		async locate(ideaId: string): Promise<{ projectId: string; lng: number; lat: number } | null> {
			return store.geoIndex.locationOf(ideaId);
		},

		/**
		 * M1–M3: the map's features in a box at a zoom, with the list's filters: clusters and pins up to
		 * CLUSTER_MAX_ZOOM, the ideas themselves above it. `version` changes whenever the answer can (a new idea, a
		 * vote, a rebuilt index), for the HTTP ETag. Anyone may read the map.
		 */
		async features(actor: Actor, input: unknown): Promise<{ collection: MapFeatureCollection; version: string }> {
			const { bbox, zoom, ...filters } = parseInput(mapQuerySchema, input);
			const bboxArray = [bbox.west, bbox.south, bbox.east, bbox.north] as const;
			if (!(await matchesAnything(filters))) return { collection: { type: 'FeatureCollection', bbox: bboxArray, zoom, truncated: false, features: [] }, version: 'none' };
			const marker = await store.geoIndex.lastChange(filters.project);
			if (zoom > CLUSTER_MAX_ZOOM) {
				const records = await store.geoIndex.pointsInBox(bbox, filters, MAP_POINTS_LIMIT + 1);
				const collection: MapFeatureCollection = {
					type: 'FeatureCollection',
					bbox: bboxArray,
					zoom,
					truncated: records.length > MAP_POINTS_LIMIT,
					features: records.slice(0, MAP_POINTS_LIMIT).map((record) => pinOf(toFeature(record)))
				};
				return { collection, version: `p${marker ?? '-'}` };
			}
			const { index, overlay } = await indexFor(filters, marker, admitBuildFor(ports, actor));
			const found = index.clusters
				.getClusters([...bboxArray], zoom)
				.map((feature) =>
					'cluster' in feature.properties && feature.properties.cluster
						? clusterFeature(feature as ClusterFeature<Aggregate>, index.clusters)
						: pinOf(feature as PointFeature)
				);
			const collection: MapFeatureCollection = {
				type: 'FeatureCollection',
				bbox: bboxArray,
				zoom,
				truncated: false,
				features: withOverlay(found, overlay, bbox, zoom)
			};
			return { collection, version: `c${index.generation}-${marker ?? '-'}` };
		}
	};
}

export type MapService = ReturnType<typeof createMapService>;
