import type * as Leaflet from 'leaflet';

/** The part of Leaflet 1.9's marker that the quiet marker changes; it is not in Leaflet's public types. */
interface MarkerInternals {
	_icon: HTMLElement | null;
	_initInteraction(): void;
}

export type QuietMarkerClass = new (latlng: Leaflet.LatLngExpression, options?: Leaflet.MarkerOptions) => Leaflet.Marker;

/**
 * A marker that a drag of the map does not restyle. Leaflet marks each marker `leaflet-interactive`, and its
 * stylesheet has `.leaflet-dragging .leaflet-grab .leaflet-interactive`: the class it puts on `<body>` when a drag
 * starts and ends made Chromium restyle every marker twice per pan, 10–35 ms each with ~700 markers at district
 * zoom (a trace of bench/map/browser.ts). The marker keeps its events (Leaflet finds its targets by element, not
 * class); its pointer and cursor come from the map's own stylesheet.
 */
export function quietMarkerClass(L: typeof Leaflet): QuietMarkerClass {
	const base = L.Marker.prototype as unknown as MarkerInternals;
	return L.Marker.extend({
		_initInteraction(this: MarkerInternals) {
			base._initInteraction.call(this);
			this._icon?.classList.remove('leaflet-interactive');
		}
	}) as unknown as QuietMarkerClass;
}
