import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { layerIdSchema, type MapLayer } from '../domain/map-layers';

/** M10: a layer file is served whole, so it stays what a phone can draw. */
export const LAYER_FILE_MAX_BYTES = 5 * 1024 * 1024;

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).rest(z.number());
const geometrySchema = z.discriminatedUnion('type', [
	z.object({ type: z.literal('Point'), coordinates: position }),
	z.object({ type: z.literal('MultiPoint'), coordinates: z.array(position) }),
	z.object({ type: z.literal('LineString'), coordinates: z.array(position).min(2) }),
	z.object({ type: z.literal('MultiLineString'), coordinates: z.array(z.array(position).min(2)) }),
	z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(position).min(4)) }),
	z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(position).min(4))) })
]);
const layerGeoJsonSchema = z.object({
	type: z.literal('FeatureCollection'),
	features: z.array(z.object({ type: z.literal('Feature'), properties: z.record(z.string(), z.unknown()).nullable(), geometry: geometrySchema }))
});

const layerListSchema = z
	.array(
		z.object({
			id: layerIdSchema,
			name: z.object({ en: z.string().min(1).max(100), fr: z.string().min(1).max(100).optional(), nl: z.string().min(1).max(100).optional() }),
			attribution: z.string().min(1).max(300).optional(),
			file: z.string().min(1)
		})
	)
	.max(20)
	.refine((layers) => new Set(layers.map((layer) => layer.id)).size === layers.length, 'two layers have the same id');

const problemsOf = (error: z.ZodError) => error.issues.map((issue) => `${issue.path.join('.') || '(top)'}: ${issue.message}`).join('; ');

/**
 * M10: reads CITY_MAP_LAYERS_FILE and every GeoJSON file it names (relative to it), checking each; throws an Error
 * whose message says which file and what is wrong, so the start stops with it.
 */
export async function readMapLayersFile(path: string): Promise<MapLayer[]> {
	const fail = (what: string, cause?: unknown): never => {
		throw new Error(`CITY_MAP_LAYERS_FILE: ${what}`, { cause });
	};
	let list: unknown;
	try {
		list = JSON.parse(await readFile(path, 'utf8'));
	} catch (error) {
		fail(`cannot read ${path} as JSON (${(error as Error).message})`, error);
	}
	const parsed = layerListSchema.safeParse(list);
	if (!parsed.success) fail(`${path} is not a list of { id, name: { en, fr?, nl? }, attribution?, file }: ${problemsOf(parsed.error)}`);
	const layers: MapLayer[] = [];
	for (const entry of parsed.data!) {
		const file = resolve(dirname(path), entry.file);
		const size = await stat(file).then(
			(stats) => stats.size,
			(error: unknown) => fail(`layer ${entry.id}: cannot read ${file} (${(error as Error).message})`, error)
		);
		if (size > LAYER_FILE_MAX_BYTES) fail(`layer ${entry.id}: ${file} is ${size} bytes, more than ${LAYER_FILE_MAX_BYTES}`);
		let geojson: unknown;
		try {
			geojson = JSON.parse(await readFile(file, 'utf8'));
		} catch (error) {
			fail(`layer ${entry.id}: cannot read ${file} as JSON (${(error as Error).message})`, error);
		}
		const checked = layerGeoJsonSchema.safeParse(geojson);
		if (!checked.success) fail(`layer ${entry.id}: ${file} is not a GeoJSON FeatureCollection: ${problemsOf(checked.error)}`);
		const text = JSON.stringify(checked.data);
		layers.push({
			id: entry.id,
			name: entry.name,
			...(entry.attribution ? { attribution: entry.attribution } : {}),
			geojson: text,
			version: createHash('sha256').update(text).digest('base64url').slice(0, 16)
		});
	}
	return layers;
}
