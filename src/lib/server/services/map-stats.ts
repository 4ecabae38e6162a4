import type { Actor } from '../../domain/actors';
import { filterKey } from '../../domain/map';
import {
	districtStatsQuerySchema,
	heatCellDegrees,
	heatQuerySchema,
	perThousand,
	type DistrictStatsCollection,
	type HeatGrid
} from '../../domain/map-stats';
import { inLocale } from '../../domain/projects';
import { parseInput } from '../../domain/validation';
import type { ServicePorts } from '../ports';
import type { DistrictNumbersRecord } from '../storage/map-stats';
import type { CityService } from './city';
import { REBUILD_MIN_INTERVAL_MS } from './map';
import { admitBuildFor, createMapFilterCheck, oneBuildAtATime } from './map-filters';
import { createSnapshotCache } from './snapshot-cache';

/** Filter combinations kept in memory, per view. */
const CACHED_VIEWS = 24;
/**
 * M8: district numbers are rebuilt at most once a minute: at 100,000 ideas and 200,000 votes the aggregate takes
 * about a second (bench/map), and on SQLite that second holds the node's one connection.
 */
export const DISTRICT_REBUILD_MIN_INTERVAL_MS = 60_000;

/** Points (or cells, at their centres) with weights, sorted by longitude: a box is a binary search and a scan. */
interface WeightedPoints {
	readonly lng: Float64Array;
	readonly lat: Float64Array;
	readonly weight: Float64Array;
}

/**
 * The ideas with support of one filter combination, and the grids made of them per zoom so far: up to
 * GRID_MAX_ZOOM a city-wide view sums a few hundred cells instead of every idea; above it a view's box holds few ideas.
 */
interface SupportPoints extends WeightedPoints {
	readonly grids: Map<number, WeightedPoints>;
}

/** The deepest zoom whose grid is kept (cells there are about 150 m wide, fewer than the ideas in a dense city). */
const GRID_MAX_ZOOM = 14;

function sortedByLongitude(entries: { lng: number; lat: number; weight: number }[]): WeightedPoints {
	entries.sort((a, b) => a.lng - b.lng);
	return {
		lng: Float64Array.from(entries, (entry) => entry.lng),
		lat: Float64Array.from(entries, (entry) => entry.lat),
		weight: Float64Array.from(entries, (entry) => entry.weight)
	};
}

/** Sums the points inside the box (all of them without one) into cells of `cellDegrees`, keyed by cell number. */
function sumCells(points: WeightedPoints, cellDegrees: number, box?: { west: number; south: number; east: number; north: number }): Map<number, number> {
	const { lng, lat, weight } = points;
	const cells = new Map<number, number>();
	const start = box ? firstAtLeast(lng, box.west) : 0;
	for (let index = start; index < lng.length && (!box || lng[index]! <= box.east); index += 1) {
		const y = lat[index]!;
		if (box && (y < box.south || y > box.north)) continue;
		const key = Math.floor((lng[index]! + 180) / cellDegrees) * CELL_ROW + Math.floor((y + 90) / cellDegrees);
		cells.set(key, (cells.get(key) ?? 0) + weight[index]!);
	}
	return cells;
}

/** A cell's centre from its number. */
function centreOf(key: number, cellDegrees: number): [number, number] {
	const column = Math.floor(key / CELL_ROW);
	const row = key - column * CELL_ROW;
	return [(column + 0.5) * cellDegrees - 180, (row + 0.5) * cellDegrees - 90];
}

/** The first index whose longitude is at least `west`. */
function firstAtLeast(sorted: Float64Array, west: number): number {
	let [low, high] = [0, sorted.length];
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (sorted[middle]! < west) low = middle + 1;
		else high = middle;
	}
	return low;
}

/** Cells are numbered from (-180, -90); at zoom 20 there are 2^23 across, so two of them fit a double exactly. */
const CELL_ROW = 2 ** 25;

/**
 * M8–M9: the map's participation layers. District numbers and support points are derived from every idea the filters
 * keep and cached like the cluster index (M4): rebuilt in the background once the database holds a newer change, at
 * most every 5 s for support points and every minute for district numbers, so they may lag by that much. Anyone may read them.
 */
export function createMapStatsService(ports: ServicePorts, city: CityService) {
	const { store, clock, log } = ports;
	const matchesAnything = createMapFilterCheck(ports, city);
	// District numbers and heat points share one turn: both read every idea the filters keep.
	const turn = oneBuildAtATime();
	const districtNumbers = createSnapshotCache<DistrictNumbersRecord[]>({
		clock,
		log,
		capacity: CACHED_VIEWS,
		minIntervalMs: DISTRICT_REBUILD_MIN_INTERVAL_MS,
		what: 'district numbers',
		turn
	});
	const supportPoints = createSnapshotCache<SupportPoints>({ clock, log, capacity: CACHED_VIEWS, minIntervalMs: REBUILD_MIN_INTERVAL_MS, what: 'a heat grid', turn });

	return {
		/**
		 * M8: every district's outline with its ideas, up-votes and participants under the filters, and the same per
		 * 1,000 inhabitants when its population is known; names in `locale`. `version` is for the ETag.
		 */
		async districts(actor: Actor, input: unknown): Promise<{ collection: DistrictStatsCollection; version: string }> {
			const { locale, ...filters } = parseInput(districtStatsQuerySchema, input);
			const readMarker = () => store.geoIndex.lastChange(filters.project);
			const snapshot = (await matchesAnything(filters))
				? await districtNumbers.get(filterKey(filters), await readMarker(), readMarker, () => store.mapStats.districtNumbers(filters), admitBuildFor(ports, actor))
				: { value: [], generation: 'none' };
			const numbers = new Map(snapshot.value.map((row) => [row.districtId, row]));
			const { districts, version: districtsVersion = '' } = await city.get();
			const collection: DistrictStatsCollection = {
				type: 'FeatureCollection',
				features: districts.map((district) => {
					const { ideas = 0, votes = 0, participants = 0 } = numbers.get(district.id) ?? {};
					const { population } = district;
					return {
						type: 'Feature',
						geometry: district.geometry,
						properties: {
							slug: district.slug,
							name: inLocale(district.name, district.translations, locale),
							ideas,
							votes,
							participants,
							population,
							perThousand: population ? { ideas: perThousand(ideas, population), votes: perThousand(votes, population) } : null
						}
					};
				})
			};
			return { collection, version: `d${districtsVersion}-${snapshot.generation}` };
		},

		/**
		 * M9: support (up-votes) in a box on a grid sized for the zoom (cells of 32 pixels): each cell with support as
		 * `[lng, lat, weight]` at its centre. `version` is for the ETag.
		 */
		async heat(actor: Actor, input: unknown): Promise<{ grid: HeatGrid; version: string }> {
			const { bbox, zoom, ...filters } = parseInput(heatQuerySchema, input);
			const cellDegrees = heatCellDegrees(zoom);
			if (!(await matchesAnything(filters))) return { grid: { cells: [], max: 0, cellDegrees }, version: 'hnone' };
			const readMarker = () => store.geoIndex.lastChange(filters.project);
			const snapshot = await supportPoints.get(
				filterKey(filters),
				await readMarker(),
				readMarker,
				async () => {
					const points = (await store.geoIndex.allPoints(filters)).filter((point) => point.upvotes > 0);
					return { ...sortedByLongitude(points.map((point) => ({ lng: point.lng, lat: point.lat, weight: point.upvotes }))), grids: new Map() };
				},
				admitBuildFor(ports, actor)
			);
			let cells: Map<number, number>;
			if (zoom <= GRID_MAX_ZOOM) {
				let grid = snapshot.value.grids.get(zoom);
				if (!grid) {
					const whole = sumCells(snapshot.value, cellDegrees);
					grid = sortedByLongitude([...whole].map(([key, weight]) => {
						const [lng, lat] = centreOf(key, cellDegrees);
						return { lng, lat, weight };
					}));
					snapshot.value.grids.set(zoom, grid);
				}
				// A cell is in the box when its centre is: the box's edges cut cells, as a map's edge cuts tiles.
				cells = sumCells(grid, cellDegrees, bbox);
			} else {
				cells = sumCells(snapshot.value, cellDegrees, bbox);
			}
			let max = 0;
			const list: [number, number, number][] = [];
			for (const [key, total] of cells) {
				list.push([...centreOf(key, cellDegrees), total]);
				if (total > max) max = total;
			}
			return { grid: { cells: list, max, cellDegrees }, version: `h${snapshot.generation}` };
		}
	};
}

export type MapStatsService = ReturnType<typeof createMapStatsService>;
