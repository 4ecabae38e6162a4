import { describe, expect, it } from 'vitest';
import { boxContains, MAP_WATCH_TILES_MAX, mapWatchSchema, tileOf, tilesOfBox, tilesOfPoint } from './map-live';

const box = (west: number, south: number, east: number, north: number) => ({ west, south, east, north });

describe('map watch tiles', () => {
	it('[M6] names slippy tiles as z/x/y', () => {
		// The Grand-Place at zoom 16 (x from the longitude alone, y from Web Mercator's latitude, rows from the north).
		expect(tileOf(4.3525, 50.8467, 16)).toBe('16/33560/21984');
		expect(tileOf(-180, 85.06, 3)).toBe('3/0/0');
		expect(tileOf(180, -85.06, 3)).toBe('3/7/7');
	});

	it('[M6] watches a box through the deepest tile zoom that keeps it within the cap', () => {
		const street = tilesOfBox(box(4.349, 50.845, 4.356, 50.849));
		expect(street.length).toBeLessThanOrEqual(MAP_WATCH_TILES_MAX);
		expect(street[0]!.startsWith('17/')).toBe(true);
		const city = tilesOfBox(box(4.24, 50.76, 4.49, 50.92));
		expect(city.length).toBeLessThanOrEqual(MAP_WATCH_TILES_MAX);
		expect(Number(city[0]!.split('/')[0])).toBeLessThan(14);
		const world = tilesOfBox(box(-180, -85, 180, 85));
		expect(world).toHaveLength(16);
		expect(world.every((tile) => tile.startsWith('2/'))).toBe(true);
	});

	it('[M6] every point inside a watched box falls in one of its tiles', () => {
		const watched = box(4.3, 50.8, 4.42, 50.88);
		const tiles = new Set(tilesOfBox(watched));
		for (const [lng, lat] of [
			[4.3, 50.8],
			[4.42, 50.88],
			[4.36, 50.84],
			[4.3001, 50.8799]
		] as const) {
			expect(boxContains(watched, lng, lat)).toBe(true);
			expect(tilesOfPoint(lng, lat).some((tile) => tiles.has(tile))).toBe(true);
		}
		expect(boxContains(watched, 4.29, 50.84)).toBe(false);
	});

	it('[M6] refuses watches that are not a box, a zoom and a project', () => {
		expect(mapWatchSchema.safeParse({ projectId: null, bbox: [4.3, 50.8, 4.4, 50.9], zoom: 12 }).success).toBe(true);
		for (const garbage of [
			{ projectId: null, bbox: [4.4, 50.8, 4.3, 50.9], zoom: 12 },
			{ projectId: null, bbox: [4.3, 50.8, 4.4], zoom: 12 },
			{ projectId: null, bbox: [4.3, 50.8, 4.4, 95], zoom: 12 },
			{ projectId: null, bbox: [4.3, 50.8, 4.4, 50.9], zoom: 21 },
			{ projectId: null, bbox: [4.3, 50.8, 4.4, 50.9], zoom: 1.5 },
			{ projectId: '../x', bbox: [4.3, 50.8, 4.4, 50.9], zoom: 12 },
			{ bbox: [4.3, 50.8, 4.4, 50.9], zoom: 12 },
			'4.3,50.8,4.4,50.9'
		]) {
			expect(mapWatchSchema.safeParse(garbage).success).toBe(false);
		}
	});
});
