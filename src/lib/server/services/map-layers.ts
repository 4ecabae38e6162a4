import { DomainError } from '../../domain/errors';
import { interfaceLocaleSchema } from '../../domain/locales';
import { layerIdSchema, type MapLayer, type MapLayerSummary } from '../../domain/map-layers';
import { parseInput } from '../../domain/validation';

/** M10: the city's own map layers, read from config at start and served as they are; anyone may read them. */
export function createMapLayersService(layers: readonly MapLayer[]) {
	const byId = new Map(layers.map((layer) => [layer.id, layer]));

	return {
		/** Every layer, named in `locale` (English when the city gave no name in it). */
		list(input: unknown): { layers: MapLayerSummary[] } {
			const locale = parseInput(interfaceLocaleSchema.default('en'), input);
			return {
				layers: layers.map((layer) => ({ id: layer.id, name: layer.name[locale] ?? layer.name.en, ...(layer.attribution ? { attribution: layer.attribution } : {}) }))
			};
		},

		/** One layer's GeoJSON (as JSON text) and its version for the ETag; `not_found` for an unknown id. */
		get(input: unknown): { geojson: string; version: string } {
			const id = parseInput(layerIdSchema, input);
			const found = byId.get(id);
			if (!found) throw new DomainError('not_found', 'mapdata_layer_not_found');
			return { geojson: found.geojson, version: found.version };
		}
	};
}

export type MapLayersService = ReturnType<typeof createMapLayersService>;
