import { describe, expect, it } from 'vitest';
import { DEFAULT_TOPICS } from '../city-source';
import { BRUSSELS_MUNICIPALITIES, BRUSSELS_OUTLINE } from './brussels';
import { buildDemoComments, buildDemoIdeas, type DemoIdeaDraft } from './idea-corpus';
import { seededRandom } from './seeded-random';

type Point = readonly [number, number];

function demoIdeas(seed: number, count = 300): DemoIdeaDraft[] {
	return buildDemoIdeas({ count, random: seededRandom(seed), districts: BRUSSELS_MUNICIPALITIES, topics: DEFAULT_TOPICS });
}

function countBy(values: readonly string[]): Map<string, number> {
	const counts = new Map<string, number>();
	for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
	return counts;
}

function edges(ring: readonly Point[]): Array<[Point, Point]> {
	return ring.map((start, index) => [start, ring[(index + 1) % ring.length] ?? start]);
}

function isInside(point: Point, ring: readonly Point[]): boolean {
	const [x, y] = point;
	let inside = false;
	for (const [[x1, y1], [x2, y2]] of edges(ring)) {
		const crossesRay = y1 > y !== y2 > y && x < ((x2 - x1) * (y - y1)) / (y2 - y1) + x1;
		if (crossesRay) inside = !inside;
	}
	return inside;
}

function orientation(a: Point, b: Point, c: Point): number {
	return Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
}

function onSegment(point: Point, [a, b]: [Point, Point]): boolean {
	return (
		Math.min(a[0], b[0]) <= point[0] &&
		point[0] <= Math.max(a[0], b[0]) &&
		Math.min(a[1], b[1]) <= point[1] &&
		point[1] <= Math.max(a[1], b[1])
	);
}

function segmentsIntersect(first: [Point, Point], second: [Point, Point]): boolean {
	const [p1, p2] = first;
	const [q1, q2] = second;
	const o1 = orientation(p1, p2, q1);
	const o2 = orientation(p1, p2, q2);
	const o3 = orientation(q1, q2, p1);
	const o4 = orientation(q1, q2, p2);
	if (o1 !== o2 && o3 !== o4) return true;
	// Collinear cases: touching or overlapping segments also break a simple polygon.
	return (
		(o1 === 0 && onSegment(q1, first)) ||
		(o2 === 0 && onSegment(q2, first)) ||
		(o3 === 0 && onSegment(p1, second)) ||
		(o4 === 0 && onSegment(p2, second))
	);
}

function signedArea(ring: readonly Point[]): number {
	return edges(ring).reduce((sum, [[x1, y1], [x2, y2]]) => sum + (x1 * y2 - x2 * y1), 0) / 2;
}

describe('buildDemoIdeas', () => {
	const ideas = demoIdeas(42);

	it('generates the requested number of ideas with distinct titles within length limits', () => {
		expect(ideas).toHaveLength(300);
		expect(new Set(ideas.map((idea) => idea.title)).size).toBe(300);
		for (const { title } of ideas) {
			expect(title.length).toBeGreaterThanOrEqual(10);
			expect(title.length).toBeLessThanOrEqual(120);
		}
	});

	it('writes bodies of 2 to 4 sentences and 80 to 900 characters that mention the titled place', () => {
		for (const idea of ideas) {
			expect(idea.body.length).toBeGreaterThanOrEqual(80);
			expect(idea.body.length).toBeLessThanOrEqual(900);
			// Split only before a capital so names like "Villo! station" stay one sentence.
			const sentenceCount = idea.body.split(/(?<=[.!?])\s+(?=[A-Z"'])/).length;
			expect(sentenceCount).toBeGreaterThanOrEqual(2);
			expect(sentenceCount).toBeLessThanOrEqual(4);
			const places = BRUSSELS_MUNICIPALITIES.find((district) => district.slug === idea.districtSlug)?.places ?? [];
			expect(places.some((place) => idea.title.includes(place) && idea.body.includes(place))).toBe(true);
		}
	});

	it('leaves no template placeholder unfilled', () => {
		for (const idea of ideas) expect(`${idea.title} ${idea.body}`).not.toMatch(/[{}]/);
	});

	it('spreads ideas over every district and every topic', () => {
		const perDistrict = countBy(ideas.map((idea) => idea.districtSlug));
		for (const { slug } of BRUSSELS_MUNICIPALITIES) expect(perDistrict.get(slug) ?? 0).toBeGreaterThanOrEqual(8);
		const perTopic = countBy(ideas.map((idea) => idea.topicSlug));
		for (const { slug } of DEFAULT_TOPICS) expect(perTopic.get(slug) ?? 0).toBeGreaterThanOrEqual(20);
	});

	it('is deterministic for a given seed and varies with the seed', () => {
		expect(demoIdeas(42)).toEqual(ideas);
		expect(demoIdeas(7)).not.toEqual(ideas);
	});

	it('keeps titles distinct when far more ideas than usual are requested', () => {
		const many = demoIdeas(3, 3000);
		expect(new Set(many.map((idea) => idea.title)).size).toBe(3000);
		for (const { title } of many) expect(title.length).toBeLessThanOrEqual(120);
	});

	it('disambiguates with the district name once plain titles run out, and fails beyond that', () => {
		const districts = [{ slug: 'tiny', name: 'Tiny / Klein', places: ['Main Square'] }];
		const topics = [{ slug: 'mobility' }];
		const titles = buildDemoIdeas({ count: 20, random: seededRandom(1), districts, topics }).map((idea) => idea.title);
		expect(new Set(titles).size).toBe(20);
		expect(titles.some((title) => title.endsWith(' (Tiny)'))).toBe(true);
		expect(() => buildDemoIdeas({ count: 100, random: seededRandom(1), districts, topics })).toThrow(/distinct/);
	});

	it('rejects topics it has no templates for', () => {
		expect(() =>
			buildDemoIdeas({ count: 1, random: seededRandom(1), districts: BRUSSELS_MUNICIPALITIES, topics: [{ slug: 'weather' }] })
		).toThrow(/weather/);
	});
});

describe('buildDemoComments', () => {
	const ideas = demoIdeas(42).slice(0, 40);

	it('writes comments of 20 to 300 characters without repeats in a thread', () => {
		const random = seededRandom(99);
		for (const idea of ideas) {
			const comments = buildDemoComments(random, idea, 12);
			expect(comments).toHaveLength(12);
			expect(new Set(comments).size).toBe(12);
			for (const comment of comments) {
				expect(comment.length).toBeGreaterThanOrEqual(20);
				expect(comment.length).toBeLessThanOrEqual(300);
				expect(comment).not.toMatch(/[{}]/);
			}
		}
	});

	it('is deterministic for a given seed', () => {
		const first = ideas.map((idea) => buildDemoComments(seededRandom(5), idea, 6));
		const second = ideas.map((idea) => buildDemoComments(seededRandom(5), idea, 6));
		expect(second).toEqual(first);
	});
});

describe('Brussels demo data', () => {
	it('has an open outline of 25 to 45 vertices inside the region bounding box', () => {
		expect(BRUSSELS_OUTLINE.length).toBeGreaterThanOrEqual(25);
		expect(BRUSSELS_OUTLINE.length).toBeLessThanOrEqual(45);
		expect(BRUSSELS_OUTLINE.at(0)).not.toEqual(BRUSSELS_OUTLINE.at(-1));
		for (const [lng, lat] of BRUSSELS_OUTLINE) {
			expect(lng).toBeGreaterThanOrEqual(4.24);
			expect(lng).toBeLessThanOrEqual(4.49);
			expect(lat).toBeGreaterThanOrEqual(50.76);
			expect(lat).toBeLessThanOrEqual(50.92);
		}
	});

	it('winds clockwise on a north-up map, as documented', () => {
		expect(signedArea(BRUSSELS_OUTLINE)).toBeLessThan(0);
	});

	it('has no self-intersections', () => {
		const ringEdges = edges(BRUSSELS_OUTLINE);
		for (let i = 0; i < ringEdges.length; i++) {
			for (let j = i + 2; j < ringEdges.length; j++) {
				const sharesVertex = i === 0 && j === ringEdges.length - 1;
				const [first, second] = [ringEdges[i], ringEdges[j]];
				if (sharesVertex || !first || !second) continue;
				expect(segmentsIntersect(first, second), `edges ${i} and ${j} cross`).toBe(false);
			}
		}
	});

	it('places every municipality centre inside the outline', () => {
		for (const { slug, center } of BRUSSELS_MUNICIPALITIES) {
			expect(isInside([center.lng, center.lat], BRUSSELS_OUTLINE), slug).toBe(true);
		}
	});

	it('lists all 19 municipalities with 5 to 8 places each and the 8 demo topics', () => {
		expect(new Set(BRUSSELS_MUNICIPALITIES.map((district) => district.slug)).size).toBe(19);
		for (const { places } of BRUSSELS_MUNICIPALITIES) {
			expect(places.length).toBeGreaterThanOrEqual(5);
			expect(places.length).toBeLessThanOrEqual(8);
			expect(new Set(places).size).toBe(places.length);
		}
		expect(DEFAULT_TOPICS.map((topic) => topic.slug)).toEqual([
			'mobility',
			'green-spaces',
			'safety',
			'culture',
			'housing',
			'environment',
			'public-space',
			'youth-sport'
		]);
	});
});
