import { describe, expect, it } from 'vitest';
import { geometryContains, voronoiDistricts, type DistrictGeometry, type Ring } from './geo';

const square: Ring = [
	[0, 0],
	[10, 0],
	[10, 10],
	[0, 10]
];

describe('geometryContains', () => {
	const withHole: DistrictGeometry = {
		type: 'Polygon',
		coordinates: [
			[...square, [0, 0]],
			[
				[4, 4],
				[6, 4],
				[6, 6],
				[4, 6],
				[4, 4]
			]
		]
	};

	it('[G1] finds points inside the outer ring and outside holes', () => {
		expect(geometryContains(withHole, { lat: 2, lng: 2 })).toBe(true);
		expect(geometryContains(withHole, { lat: 5, lng: 5 })).toBe(false);
		expect(geometryContains(withHole, { lat: 11, lng: 5 })).toBe(false);
	});

	it('[G1] handles multipolygons', () => {
		const islands: DistrictGeometry = {
			type: 'MultiPolygon',
			coordinates: [[[...square, [0, 0]]], [[[20, 20], [30, 20], [30, 30], [20, 30], [20, 20]]]]
		};
		expect(geometryContains(islands, { lat: 25, lng: 25 })).toBe(true);
		expect(geometryContains(islands, { lat: 15, lng: 15 })).toBe(false);
	});
});

describe('voronoiDistricts', () => {
	const centres = [
		{ lat: 2, lng: 2 },
		{ lat: 8, lng: 8 },
		{ lat: 2, lng: 8 }
	];
	const cells = voronoiDistricts(square, centres);

	it('[G2] gives every centre a closed cell that contains it', () => {
		expect(cells).toHaveLength(3);
		cells.forEach((cell, index) => {
			const ring = cell.type === 'Polygon' ? cell.coordinates[0]! : [];
			expect(ring[0]).toEqual(ring[ring.length - 1]);
			expect(geometryContains(cell, centres[index]!)).toBe(true);
		});
	});

	it('[G2] assigns every point of the outline to exactly one nearest centre', () => {
		for (let x = 0.25; x < 10; x += 0.5) {
			for (let y = 0.25; y < 10; y += 0.5) {
				const point = { lat: y, lng: x };
				const containing = cells.filter((cell) => geometryContains(cell, point)).length;
				expect(containing, `point ${x},${y}`).toBe(1);
			}
		}
	});

	it('[G2] leaves points outside the outline outside every cell', () => {
		expect(cells.some((cell) => geometryContains(cell, { lat: -1, lng: 5 }))).toBe(false);
	});
});
