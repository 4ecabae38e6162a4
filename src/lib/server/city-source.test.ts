import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GUEST } from '../domain/actors';
import { createTestApp } from '../../../tests/support/app';
import { aProject, ideaInput } from '../../../tests/support/builders';
import { signIn } from '../../../tests/support/personas';
import { approximateBrusselsDistricts, readDistrictFile, slugify } from './city-source';

function writeJson(value: unknown): string {
	const file = join(mkdtempSync(join(tmpdir(), 'agora-city-')), 'districts.geojson');
	writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
	return file;
}

const square = (west: number, south: number, size: number) => ({
	type: 'Polygon',
	coordinates: [
		[
			[west, south],
			[west + size, south],
			[west + size, south + size],
			[west, south + size],
			[west, south]
		]
	]
});

const officialDistricts = {
	type: 'FeatureCollection',
	features: [
		{ type: 'Feature', properties: { name: 'Île Nord' }, geometry: square(10, 40, 1) },
		{ type: 'Feature', properties: { name: 'Sud', slug: 'south' }, geometry: square(10, 39, 1) }
	]
};

describe('city districts', () => {
	it('[G2] derives 19 approximate Brussels districts, each containing its municipality centre', () => {
		const districts = approximateBrusselsDistricts();
		expect(districts).toHaveLength(19);
		expect(districts.every((district) => district.approximate)).toBe(true);
	});

	it('reads an official GeoJSON file with names and optional slugs', async () => {
		const districts = await readDistrictFile(writeJson(officialDistricts));
		expect(districts.map(({ slug, name, approximate }) => ({ slug, name, approximate }))).toEqual([
			{ slug: 'ile-nord', name: 'Île Nord', approximate: false },
			{ slug: 'south', name: 'Sud', approximate: false }
		]);
		expect(districts[0]!.centre.lat).toBeCloseTo(40.4, 1);
	});

	it.each([
		['not JSON', 'nope'],
		['not a FeatureCollection', { type: 'Feature' }],
		['a feature without a name', { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: square(0, 0, 1) }] }],
		['a point instead of a polygon', { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'X' }, geometry: { type: 'Point', coordinates: [0, 0] } }] }]
	])('refuses %s, naming CITY_DISTRICTS_FILE', async (_label, content) => {
		await expect(readDistrictFile(writeJson(content))).rejects.toThrow(/CITY_DISTRICTS_FILE/);
	});

	it('[I4] places ideas in the configured city’s districts and refuses points outside them', async () => {
		const app = await createTestApp({ CITY_DISTRICTS_FILE: writeJson(officialDistricts), CITY_NAME: 'Testville' });
		try {
			const city = await app.services.city.get();
			expect(city.districts.map((district) => district.slug).sort()).toEqual(['ile-nord', 'south']);
			expect(city.districtsApproximate).toBe(false);
			const { actor } = await signIn(app, 'amira');
			const project = await aProject(app);
			const idea = await app.services.ideas.create(actor, ideaInput(project.id, { location: { lat: 39.5, lng: 10.5 } }));
			expect((await app.services.ideas.get(GUEST, idea.id)).district.slug).toBe('south');
			await expect(app.services.ideas.create(actor, ideaInput(project.id))).rejects.toMatchObject({
				fields: { location: { key: 'idea_location_outside', params: { city: 'Testville' } } }
			});
		} finally {
			await app.close();
		}
	});

	it('slugifies names without accents or punctuation', () => {
		expect(slugify('Saint-Josse-ten-Noode / Sint-Joost-ten-Node')).toBe('saint-josse-ten-noode-sint-joost-ten-node');
		expect(slugify('Île  Nord!')).toBe('ile-nord');
	});
});

describe('replacing the city’s districts', () => {
	it('drops the built-in districts that an official file does not have', async () => {
		const app = await createTestApp();
		try {
			await app.services.city.install({ districts: await readDistrictFile(writeJson(officialDistricts)), topics: [] });
			const city = await app.services.city.get();
			expect(city.districts.map((district) => district.slug).sort()).toEqual(['ile-nord', 'south']);
			expect(city.districtsApproximate).toBe(false);
		} finally {
			await app.close();
		}
	});

	it('refuses to drop a district that ideas are placed in, naming it, and changes nothing', async () => {
		const app = await createTestApp();
		try {
			const { actor } = await signIn(app, 'amira');
			await app.services.ideas.create(actor, ideaInput((await aProject(app)).id));
			await expect(
				app.services.city.install({ districts: await readDistrictFile(writeJson(officialDistricts)), topics: [] })
			).rejects.toMatchObject({ code: 'conflict', key: 'city_districts_in_use', params: { districts: expect.stringContaining('ixelles') } });
			expect((await app.services.city.get()).districts).toHaveLength(19);
		} finally {
			await app.close();
		}
	});
});
