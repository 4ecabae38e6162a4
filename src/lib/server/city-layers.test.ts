import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readMapLayersFile } from './city-layers';
import { readConfig } from './config';
import { createMapLayersService } from './services/map-layers';

const works = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'A' }, geometry: { type: 'Point', coordinates: [4.35, 50.85] } }] };

describe('city map layers from config', () => {
	let folder: string;
	afterEach(() => rmSync(folder, { recursive: true, force: true }));

	function write(list: unknown, files: Record<string, unknown> = { 'works.geojson': works }): string {
		folder = mkdtempSync(join(tmpdir(), 'agora-layers-'));
		for (const [name, content] of Object.entries(files)) writeFileSync(join(folder, name), typeof content === 'string' ? content : JSON.stringify(content));
		writeFileSync(join(folder, 'layers.json'), typeof list === 'string' ? list : JSON.stringify(list));
		return join(folder, 'layers.json');
	}

	it('[M10] reads each layer beside the list and names it in the reader’s language', async () => {
		const layers = await readMapLayersFile(write([{ id: 'works', name: { en: 'Works', fr: 'Travaux' }, attribution: 'The city', file: 'works.geojson' }]));
		const service = createMapLayersService(layers);
		expect(service.list('fr')).toEqual({ layers: [{ id: 'works', name: 'Travaux', attribution: 'The city' }] });
		expect(service.list('nl')).toEqual({ layers: [{ id: 'works', name: 'Works', attribution: 'The city' }] });
		expect(JSON.parse(service.get('works').geojson)).toEqual(works);
		expect(() => service.get('other')).toThrow(expect.objectContaining({ code: 'not_found' }));
		expect(() => service.get('../works')).toThrow(expect.objectContaining({ code: 'invalid' }));
		expect(() => service.list('de')).toThrow(expect.objectContaining({ code: 'invalid' }));
	});

	it.each([
		['not JSON', '[{', {}, /cannot read .*layers\.json as JSON/],
		['not a list', { id: 'works' }, {}, /is not a list of/],
		['a duplicate id', [{ id: 'a', name: { en: 'A' }, file: 'works.geojson' }, { id: 'a', name: { en: 'B' }, file: 'works.geojson' }], { 'works.geojson': works }, /same id/],
		['a missing file', [{ id: 'a', name: { en: 'A' }, file: 'gone.geojson' }], {}, /layer a: cannot read .*gone\.geojson/],
		['a broken geometry', [{ id: 'a', name: { en: 'A' }, file: 'bad.geojson' }], { 'bad.geojson': { type: 'FeatureCollection', features: [{ type: 'Feature', properties: null, geometry: { type: 'Point', coordinates: [400, 50] } }] } }, /layer a: .*bad\.geojson is not a GeoJSON FeatureCollection/]
	])('[M10] refuses a list with %s, naming the file and the problem', async (_label, list, files, message) => {
		await expect(readMapLayersFile(write(list, files))).rejects.toThrow(message);
	});

	it('[M10] the demo city ships its layers; another city has none until it names a file', async () => {
		expect(readConfig({}).city.mapLayersFile).toBe('demo/map-layers/layers.json');
		expect(readConfig({ CITY_NAME: 'Ghent' }).city.mapLayersFile).toBeNull();
		const demo = await readMapLayersFile(readConfig({}).city.mapLayersFile!);
		expect(demo.map((layer) => layer.id)).toEqual(['planned-works']);
		folder = mkdtempSync(join(tmpdir(), 'agora-layers-'));
	});
});
