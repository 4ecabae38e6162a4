import { describe, expect, it } from 'vitest';
import { clusterDiameter, drawnSummary, drawOrder, hitRadiusOf, iconPathData, LOOK, markAt, type Mark, type PlacedMark } from './canvas-marks';

const look = { colour: 'rgb(0, 114, 178)', ink: 'rgb(255, 255, 255)', icon: 'M0 0L24 24' };
const pin = (id: string, x: number, y: number, selected = false): PlacedMark<string> => ({ kind: 'pin', lat: 0, lng: 0, id, look, selected, item: id, x, y });
const cluster = (count: number, x: number, y: number): PlacedMark<string> => ({ kind: 'cluster', lat: 0, lng: 0, count, text: String(count), item: `c${count}`, x, y });

describe('the map canvas marks', () => {
	it('[M17] a click or tap within 22 px of a pin is for that pin (a 44 px target), and not a pixel further', () => {
		const marks = [pin('a', 100, 100)];
		expect(markAt(marks, { x: 100, y: 100 })?.item).toBe('a');
		expect(markAt(marks, { x: 100 + LOOK.hitRadius, y: 100 })?.item).toBe('a');
		expect(markAt(marks, { x: 100 + 15.5, y: 100 + 15.5 })?.item).toBe('a');
		expect(markAt(marks, { x: 100 + LOOK.hitRadius + 1, y: 100 })).toBeNull();
		expect(markAt([], { x: 0, y: 0 })).toBeNull();
	});

	it('[M17] the nearest mark wins, and of two at the same distance the one drawn on top', () => {
		const marks = [pin('left', 100, 100), pin('right', 130, 100)];
		expect(markAt(marks, { x: 110, y: 100 })?.item).toBe('left');
		expect(markAt(marks, { x: 120, y: 100 })?.item).toBe('right');
		expect(markAt(marks, { x: 115, y: 100 })?.item).toBe('right');
		const stacked = [pin('under', 50, 50), pin('over', 50, 50)];
		expect(markAt(stacked, { x: 52, y: 50 })?.item).toBe('over');
	});

	it('a large cluster takes clicks over all of its 48 px disc; sizes follow the count as the DOM clusters did', () => {
		expect([clusterDiameter(1), clusterDiameter(99), clusterDiameter(100), clusterDiameter(999), clusterDiameter(1000)]).toEqual([36, 36, 42, 42, 48]);
		expect(hitRadiusOf(cluster(12, 0, 0))).toBe(22);
		expect(hitRadiusOf(cluster(5000, 0, 0))).toBe(24);
		expect(markAt([cluster(5000, 0, 0)], { x: 23.5, y: 0 })?.item).toBe('c5000');
	});

	it('the selected pin is drawn on top of everything, the hovered mark above the rest, the others in the order given', () => {
		const marks: Mark<string>[] = [pin('a', 0, 0), pin('b', 0, 0, true), cluster(3, 0, 0), pin('c', 0, 0)];
		expect(drawOrder(marks, null).map((mark) => mark.item)).toEqual(['a', 'c3', 'c', 'b']);
		expect(drawOrder(marks, 'a').map((mark) => mark.item)).toEqual(['c3', 'c', 'a', 'b']);
	});

	it('the test hook names each mark and where it is in the container, to a tenth of a pixel', () => {
		expect(drawnSummary([cluster(12, 10.04, 20.06), pin('idea-1', 30, 40), pin('idea-2', 50.55, 60, true)])).toEqual([
			{ kind: 'cluster', count: 12, x: 10, y: 20.1 },
			{ kind: 'pin', idea: 'idea-1', x: 30, y: 40 },
			{ kind: 'pin', idea: 'idea-2', selected: true, x: 50.6, y: 60 }
		]);
	});

	it('a Lucide icon becomes one SVG path: paths as they are, circles as two arcs (the bike)', () => {
		const bike = [
			['circle', { cx: '18.5', cy: '17.5', r: '3.5' }],
			['circle', { cx: '5.5', cy: '17.5', r: '3.5' }],
			['circle', { cx: '15', cy: '5', r: '1' }],
			['path', { d: 'M12 17.5V14l-3-3 4-3 2 3h2' }]
		] as const;
		expect(iconPathData(bike)).toBe(
			'M15 17.5a3.5 3.5 0 1 0 7 0a3.5 3.5 0 1 0 -7 0Z' + 'M2 17.5a3.5 3.5 0 1 0 7 0a3.5 3.5 0 1 0 -7 0Z' + 'M14 5a1 1 0 1 0 2 0a1 1 0 1 0 -2 0Z' + 'M12 17.5V14l-3-3 4-3 2 3h2'
		);
	});

	it('a path that starts with a relative moveto keeps its place when joined after another (the shield’s check)', () => {
		expect(iconPathData([['path', { d: 'M20 13c0 5-3.5 7.5-7.66 8.95Z' }], ['path', { d: 'm9 12 2 2 4-4' }]])).toBe('M20 13c0 5-3.5 7.5-7.66 8.95ZM0 0m9 12 2 2 4-4');
	});

	it('lines, polylines, polygons, ellipses and rounded rectangles are paths too, and anything else is left out', () => {
		expect(iconPathData([['line', { x1: '1', y1: '2', x2: '3', y2: '4' }]])).toBe('M1 2L3 4');
		expect(iconPathData([['polyline', { points: '1,2 3,4 5,6' }]])).toBe('M1 2L3 4L5 6');
		expect(iconPathData([['polygon', { points: '1 2 3 4 5 6' }]])).toBe('M1 2L3 4L5 6Z');
		expect(iconPathData([['ellipse', { cx: '12', cy: '12', rx: '4', ry: '2' }]])).toBe('M8 12a4 2 0 1 0 8 0a4 2 0 1 0 -8 0Z');
		expect(iconPathData([['rect', { x: '2', y: '4', width: '20', height: '16' }]])).toBe('M2 4h20v16h-20Z');
		expect(iconPathData([['rect', { x: '2', y: '4', width: '20', height: '16', rx: '2' }]])).toBe('M4 4h16a2 2 0 0 1 2 2v12a2 2 0 0 1 -2 2h-16a2 2 0 0 1 -2 -2v-12a2 2 0 0 1 2 -2Z');
		expect(iconPathData([['title', {}], ['path', {}]])).toBe('');
	});
});
