import { z } from 'zod';
import type { InterfaceLocale } from './locales';

/** M10: a layer's id, in its URL (`/api/map/layers/<id>`). */
export const layerIdSchema = z.string({ error: 'validation_invalid' }).regex(/^[a-z0-9-]{1,40}$/, 'validation_invalid');

/** M10: one layer as the list names it, in the reader's language. */
export interface MapLayerSummary {
	readonly id: string;
	readonly name: string;
	readonly attribution?: string;
}

/** M10: a city layer as configured: names per interface language (English required), its GeoJSON as served. */
export interface MapLayer {
	readonly id: string;
	readonly name: Readonly<{ en: string } & Partial<Record<InterfaceLocale, string>>>;
	readonly attribution?: string;
	/** The FeatureCollection as JSON text, checked at start. */
	readonly geojson: string;
	/** A digest of `geojson`, for the ETag. */
	readonly version: string;
}
