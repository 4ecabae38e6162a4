import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clusterTarget, formatMapAt, geojsonQuery, mapAtOf, mapViewOf, mapViewParams, MAP_VIEW_MAX_ZOOM } from './map-view';

describe('the map view in the URL', () => {
	it('[M13] reads the board’s filter names and the project, and writes them back in one order', () => {
		const view = mapViewOf(new URLSearchParams('q=%20bike%20lane%20&status=accepted&topic=mobility&district=ixelles&project=p_1&colour=status'));
		expect(view).toEqual({ topic: 'mobility', status: 'accepted', district: 'ixelles', project: 'p_1', q: 'bike lane', colour: 'status' });
		expect(mapViewParams(view).toString()).toBe('topic=mobility&district=ixelles&status=accepted&project=p_1&q=bike+lane&colour=status');
		expect(mapViewParams(mapViewOf(new URLSearchParams())).toString()).toBe('');
	});

	it('[M13] drops what the controls could not have sent, and never throws on garbage', () => {
		expect(mapViewOf(new URLSearchParams('topic=Not A Slug&status=maybe&project=../x&colour=red'))).toEqual({ colour: 'topic' });
		fc.assert(
			fc.property(fc.dictionary(fc.constantFrom('topic', 'status', 'district', 'project', 'q', 'colour', 'at'), fc.string({ maxLength: 300 })), (entries) => {
				const params = new URLSearchParams(entries);
				const view = mapViewOf(params);
				expect(mapViewOf(mapViewParams(view))).toEqual(view);
				const at = mapAtOf(params);
				if (at) expect(at.zoom).toBeLessThanOrEqual(MAP_VIEW_MAX_ZOOM);
			})
		);
	});

	it('[M13] keeps where the map looks as zoom/lat/lng, and refuses a place no map could show', () => {
		const at = { zoom: 14, lat: 50.8466, lng: 4.3528 };
		expect(mapAtOf(new URLSearchParams({ at: formatMapAt(at) }))).toEqual(at);
		expect(mapAtOf(new URLSearchParams({ at: '25/50/4' }))).toBeNull();
		expect(mapAtOf(new URLSearchParams({ at: '12/89/4' }))).toBeNull();
		expect(mapAtOf(new URLSearchParams({ at: 'x' }))).toBeNull();
	});
});

describe('the map’s questions', () => {
	it('[M14] asks for the visible box grown by an eighth, rounded so the same view asks the same URL, at a whole zoom', () => {
		const query = geojsonQuery({ colour: 'topic', topic: 'mobility', q: 'ignored' }, [4.3, 50.8, 4.4, 50.9], 13.5, 'p1');
		expect(query.toString()).toBe(`bbox=${encodeURIComponent('4.2875,50.7875,4.4125,50.9125')}&zoom=13&project=p1&topic=mobility`);
		expect(geojsonQuery({ colour: 'topic' }, [4.30001, 50.8, 4.4, 50.9], 13.2, null).get('bbox')).toBe(geojsonQuery({ colour: 'topic' }, [4.30002, 50.8, 4.4, 50.9], 13.9, null).get('bbox'));
		expect(geojsonQuery({ colour: 'topic', project: 'p2' }, [-179, -89, 179, 89], 0, null).get('bbox')).toBe('-180,-85,180,85');
	});

	it('[M17] a cluster’s click goes to where it falls apart, at least one level in, never past the deepest zoom', () => {
		expect(clusterTarget(15, 12, MAP_VIEW_MAX_ZOOM)).toBe(15);
		expect(clusterTarget(12, 12.5, MAP_VIEW_MAX_ZOOM)).toBe(13);
		expect(clusterTarget(25, 18, MAP_VIEW_MAX_ZOOM)).toBe(19);
		expect(clusterTarget(20, 19, MAP_VIEW_MAX_ZOOM)).toBe(19);
	});
});
