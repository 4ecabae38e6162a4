import type * as Leaflet from 'leaflet';

/**
 * The full-page map's clusters and pins, drawn on one canvas (issue 10). As DOM markers each was an element, a
 * compositing layer and a restyle on every drag, and a district pan at 100,000 ideas had frames over 50 ms; on one
 * canvas a move costs a single redraw when it ends, however many marks there are. The canvas sits in its own pane
 * above the districts and the city's layers, where the marker pane was, and moves with the map like Leaflet's own
 * canvas renderer (whose positioning this layer inherits). Hit testing is ours: `markAt`, nearest mark first.
 *
 * Everything but the Leaflet layer itself is pure (looks, icon paths, hit testing, the test hook's summary) and is
 * unit-tested in canvas-marks.test.ts.
 */

/** How the marks look, in CSS pixels: the same sizes the DOM markers had (ClusterMap's old `.mv-pin`, `.mv-cluster`). */
export const LOOK = {
	/** The pin's face, its 2 px white ring included. */
	pinDiameter: 28,
	pinRing: 2,
	/** The icon on the face, drawn from Lucide's 24-unit grid with Lucide's stroke (in grid units) as the DOM had it. */
	iconSize: 18,
	iconStroke: 2.5,
	/** A chosen pin is drawn a quarter larger with a 3 px ink ring 1 px outside it. */
	selectedScale: 1.25,
	selectedRing: 3,
	selectedGap: 1,
	clusterRing: 3,
	/** WCAG 2.5.5: a mark is reached anywhere within 22 px of its middle (a 44 px target), or its own radius if larger. */
	hitRadius: 22
} as const;

/** A cluster's drawn diameter: 36, 42 or 48 px by its count, as the DOM clusters were. */
export function clusterDiameter(count: number): number {
	return count >= 1000 ? 48 : count >= 100 ? 42 : 36;
}

/** The colours a pin is drawn with, already resolved to what a canvas understands (no `var(--…)`). */
export interface PinLook {
	readonly colour: string;
	readonly ink: string;
	/** The icon as one SVG path in Lucide's 24 × 24 grid (`iconPathData`). */
	readonly icon: string;
}

/** What the page hands the layer: a cluster or a pin at a place, with the page's own value to give back on a hit. */
export type Mark<T> =
	| { readonly kind: 'cluster'; readonly lat: number; readonly lng: number; readonly count: number; readonly text: string; readonly item: T }
	| { readonly kind: 'pin'; readonly lat: number; readonly lng: number; readonly id: string; readonly look: PinLook; readonly selected: boolean; readonly item: T };

/** A mark where it was drawn, in the map container's pixels. */
export type PlacedMark<T> = Mark<T> & { readonly x: number; readonly y: number };

/** The distance within which a mark takes a click or tap at its middle. */
export function hitRadiusOf(mark: Mark<unknown>): number {
	const drawn = mark.kind === 'cluster' ? clusterDiameter(mark.count) / 2 : mark.selected ? (LOOK.pinDiameter / 2) * LOOK.selectedScale : LOOK.pinDiameter / 2;
	return Math.max(LOOK.hitRadius, drawn);
}

/**
 * The mark a click or tap at `point` (container pixels) is for: the nearest one whose middle is within its hit radius,
 * and of two equally near, the one drawn later (on top). `marks` is in drawing order.
 */
export function markAt<T>(marks: readonly PlacedMark<T>[], point: { readonly x: number; readonly y: number }): PlacedMark<T> | null {
	let best: PlacedMark<T> | null = null;
	let bestDistance = Infinity;
	for (const mark of marks) {
		const distance = Math.hypot(mark.x - point.x, mark.y - point.y);
		if (distance <= hitRadiusOf(mark) && distance <= bestDistance) {
			best = mark;
			bestDistance = distance;
		}
	}
	return best;
}

/**
 * Drawing order: as given, then the hovered mark (its `item`), then the selected pin on top of everything (what a
 * z-index did).
 */
export function drawOrder<T>(marks: readonly Mark<T>[], hovered: T | null): Mark<T>[] {
	const rank = (mark: Mark<T>) => (mark.kind === 'pin' && mark.selected ? 2 : hovered !== null && mark.item === hovered ? 1 : 0);
	return marks.map((mark, index) => ({ mark, index })).sort((a, b) => rank(a.mark) - rank(b.mark) || a.index - b.index).map(({ mark }) => mark);
}

/** One entry of the test hook `data-drawn` (docs/TESTING.md): what is drawn, and where in the container. */
export type DrawnEntry = { kind: 'cluster'; count: number; x: number; y: number } | { kind: 'pin'; idea: string; selected?: true; x: number; y: number };

export function drawnSummary(marks: readonly PlacedMark<unknown>[]): DrawnEntry[] {
	const at = (value: number) => Math.round(value * 10) / 10;
	return marks.map((mark) =>
		mark.kind === 'cluster'
			? { kind: 'cluster', count: mark.count, x: at(mark.x), y: at(mark.y) }
			: { kind: 'pin', idea: mark.id, ...(mark.selected ? { selected: true as const } : {}), x: at(mark.x), y: at(mark.y) }
	);
}

/** One element of an icon as Lucide describes it (and as its rendered SVG has it): a tag and its attributes. */
export type IconNode = readonly [tag: string, attributes: Readonly<Record<string, string>>];

/** An icon's elements as one SVG path, so a canvas strokes it with `Path2D` in one call. Unknown elements are skipped. */
export function iconPathData(nodes: readonly IconNode[]): string {
	const parts: string[] = [];
	for (const [tag, attributes] of nodes) {
		const n = (name: string, fallback = 0) => {
			const value = Number.parseFloat(attributes[name] ?? '');
			return Number.isFinite(value) ? value : fallback;
		};
		switch (tag) {
			case 'path': {
				// A path's first moveto is absolute even when written `m`; joined after another path it would be relative to
				// where that one ended, so it starts from the origin (a lone moveto draws nothing).
				const d = (attributes.d ?? '').trim();
				if (d) parts.push(d.startsWith('m') ? `M0 0${d}` : d);
				break;
			}
			case 'circle':
				parts.push(ellipse(n('cx'), n('cy'), n('r'), n('r')));
				break;
			case 'ellipse':
				parts.push(ellipse(n('cx'), n('cy'), n('rx'), n('ry')));
				break;
			case 'line':
				parts.push(`M${n('x1')} ${n('y1')}L${n('x2')} ${n('y2')}`);
				break;
			case 'polyline':
			case 'polygon': {
				const numbers = (attributes.points ?? '').trim().split(/[\s,]+/).map(Number);
				const points: string[] = [];
				for (let index = 0; index + 1 < numbers.length; index += 2) points.push(`${numbers[index]} ${numbers[index + 1]}`);
				if (points.length > 0) parts.push(`M${points.join('L')}${tag === 'polygon' ? 'Z' : ''}`);
				break;
			}
			case 'rect': {
				const [x, y, width, height] = [n('x'), n('y'), n('width'), n('height')];
				const rx = Math.min(width / 2, n('rx', n('ry')));
				const ry = Math.min(height / 2, n('ry', n('rx')));
				parts.push(
					rx > 0 && ry > 0
						? `M${x + rx} ${y}h${width - 2 * rx}a${rx} ${ry} 0 0 1 ${rx} ${ry}v${height - 2 * ry}a${rx} ${ry} 0 0 1 ${-rx} ${ry}h${2 * rx - width}a${rx} ${ry} 0 0 1 ${-rx} ${-ry}v${2 * ry - height}a${rx} ${ry} 0 0 1 ${rx} ${-ry}Z`
						: `M${x} ${y}h${width}v${height}h${-width}Z`
				);
				break;
			}
		}
	}
	return parts.join('');
}

const ellipse = (cx: number, cy: number, rx: number, ry: number) => `M${cx - rx} ${cy}a${rx} ${ry} 0 1 0 ${2 * rx} 0a${rx} ${ry} 0 1 0 ${-2 * rx} 0Z`;

/** The elements of a rendered `<svg>` (a mounted Lucide icon), as `iconPathData` takes them. */
export function iconNodesOf(svg: Element): IconNode[] {
	return Array.from(svg.children, (child) => [child.tagName.toLowerCase(), Object.fromEntries(Array.from(child.attributes, (attribute) => [attribute.name, attribute.value]))] as const);
}

/** The page's colours and type, read from the stylesheet's tokens once the map is in the document. */
export interface Theme {
	/** A cluster's fill, its count's colour, and the ring around faces. */
	readonly cluster: string;
	readonly clusterInk: string;
	readonly surface: string;
	/** The selected pin's ring. */
	readonly ink: string;
	readonly fontFamily: string;
	/** In CSS pixels: the count's size on small and medium clusters, and on large ones. */
	readonly countSize: number;
	readonly countSizeLarge: number;
}

/** The layer the page adds to its map. */
export interface MarksLayer<T> extends Leaflet.Layer {
	/** Replaces what is drawn and redraws at once; the view does not move. */
	setMarks(marks: readonly Mark<T>[]): void;
	/** Raises a mark (the one under the pointer, by its `item`) over its neighbours, or none. */
	setHovered(item: T | null): void;
	/** The mark at a container point (a click, a tap, the pointer), as drawn last. */
	markAt(point: { readonly x: number; readonly y: number }): PlacedMark<T> | null;
	/** The canvas, once the layer is on a map. */
	element(): HTMLCanvasElement | null;
}

/** Leaflet 1.9's renderer internals this layer relies on; they are not in Leaflet's public types. */
interface RendererInternals {
	_map: Leaflet.Map & { _animatingZoom?: boolean };
	_container: HTMLCanvasElement | undefined;
	_bounds: Leaflet.Bounds | undefined;
	_update(): void;
}

interface Sprite {
	readonly canvas: HTMLCanvasElement;
	/** Its middle, in device pixels from its top left corner. */
	readonly half: number;
}

/**
 * A Leaflet layer drawing `Mark`s on one devicePixelRatio-sharp canvas. It extends Leaflet's `Renderer`, which keeps a
 * padded canvas placed under the view on every move end and scales it during zoom animations, as `L.Canvas` does.
 * Faces and cluster discs are drawn once per look into small sprites (shadows are costly to draw), then copied.
 * `ondrawn` hears every redraw, with what was drawn where.
 */
export function canvasMarksLayer<T>(
	L: typeof Leaflet,
	options: { pane: string; padding: number; theme: () => Theme; ondrawn: (drawn: readonly PlacedMark<T>[]) => void }
): MarksLayer<T> {
	let marks: readonly Mark<T>[] = [];
	let hovered: T | null = null;
	let placed: PlacedMark<T>[] = [];
	let context: CanvasRenderingContext2D | null = null;
	let ratio = 1;
	let theme: Theme | null = null;
	const sprites = new Map<string, Sprite>();
	const base = L.Renderer.prototype as unknown as RendererInternals;

	/** `reach`: how far from its middle the drawing goes, its shadow included (CSS pixels). */
	function sprite(key: string, reach: number, paint: (context: CanvasRenderingContext2D, middle: number) => void): Sprite {
		const cached = sprites.get(key);
		if (cached) return cached;
		const half = Math.ceil(reach * ratio) + 1;
		const canvas = document.createElement('canvas');
		canvas.width = canvas.height = half * 2;
		const drawing = canvas.getContext('2d')!;
		drawing.scale(ratio, ratio);
		paint(drawing, half / ratio);
		const made = { canvas, half };
		sprites.set(key, made);
		return made;
	}

	function disc(drawing: CanvasRenderingContext2D, middle: number, radius: number, fill: string, shadows: readonly [number, number, string][]) {
		for (const [offsetY, blur, colour] of shadows) {
			drawing.save();
			drawing.shadowColor = colour;
			drawing.shadowBlur = blur;
			drawing.shadowOffsetY = offsetY * ratio;
			drawing.beginPath();
			drawing.arc(middle, middle, radius, 0, Math.PI * 2);
			drawing.fillStyle = fill;
			drawing.fill();
			drawing.restore();
		}
	}

	function pinSprite(look: PinLook, selected: boolean, face: Theme): Sprite {
		const scale = selected ? LOOK.selectedScale : 1;
		const outer = (LOOK.pinDiameter / 2) * scale;
		// The shadow reaches 4 px below the face (1 px down, 3 px of blur); the selected ring further out on every side.
		const reach = Math.max(outer + 4, selected ? outer + (LOOK.selectedGap + LOOK.selectedRing) * scale : 0);
		return sprite(`p|${look.colour}|${look.ink}|${look.icon}|${selected}`, reach, (drawing, middle) => {
			// The DOM pin: a white ring, 0 1px 3px of shadow, the colour inside, the icon's stroke in its ink.
			disc(drawing, middle, outer, face.surface, [[1, 3 * ratio, 'rgb(15 23 42 / 0.55)']]);
			drawing.beginPath();
			drawing.arc(middle, middle, outer - LOOK.pinRing * scale, 0, Math.PI * 2);
			drawing.fillStyle = look.colour;
			drawing.fill();
			if (selected) {
				drawing.beginPath();
				drawing.arc(middle, middle, outer + (LOOK.selectedGap + LOOK.selectedRing / 2) * scale, 0, Math.PI * 2);
				drawing.lineWidth = LOOK.selectedRing * scale;
				drawing.strokeStyle = face.ink;
				drawing.stroke();
			}
			const size = LOOK.iconSize * scale;
			drawing.save();
			drawing.translate(middle - size / 2, middle - size / 2);
			drawing.scale(size / 24, size / 24);
			drawing.lineWidth = LOOK.iconStroke;
			drawing.lineCap = 'round';
			drawing.lineJoin = 'round';
			drawing.strokeStyle = look.ink;
			drawing.stroke(new Path2D(look.icon));
			drawing.restore();
		});
	}

	function clusterSprite(diameter: number, face: Theme): Sprite {
		// shadow-2 reaches 16 px below the disc (4 px down, 12 px of blur).
		return sprite(`c|${diameter}|${face.cluster}`, diameter / 2 + 16, (drawing, middle) => {
			// The DOM cluster: a 3 px ring of white at 90 %, shadow-2's two shadows, the primary colour inside.
			disc(drawing, middle, diameter / 2, 'rgb(255 255 255 / 0.9)', [
				[4, 12 * ratio, 'rgb(15 23 42 / 0.1)'],
				[1, 3 * ratio, 'rgb(15 23 42 / 0.08)']
			]);
			drawing.beginPath();
			drawing.arc(middle, middle, diameter / 2 - LOOK.clusterRing, 0, Math.PI * 2);
			drawing.fillStyle = face.cluster;
			drawing.fill();
		});
	}

	function draw(this: RendererInternals) {
		const canvas = this._container;
		const bounds = this._bounds;
		if (!context || !canvas || !bounds || !this._map) return;
		const map = this._map;
		theme ??= options.theme();
		const face = theme;
		context.setTransform(1, 0, 0, 1, 0, 0);
		context.clearRect(0, 0, canvas.width, canvas.height);
		const origin = bounds.min!;
		// Where the container's top left corner is in layer pixels: layer point minus this is a container point.
		const offset = map.containerPointToLayerPoint([0, 0]);
		placed = [];
		for (const mark of drawOrder(marks, hovered)) {
			const at = map.latLngToLayerPoint([mark.lat, mark.lng]);
			const image = mark.kind === 'cluster' ? clusterSprite(clusterDiameter(mark.count), face) : pinSprite(mark.look, mark.selected, face);
			// Whole device pixels, so a sprite is copied one to one and stays sharp.
			const x = Math.round((at.x - origin.x) * ratio);
			const y = Math.round((at.y - origin.y) * ratio);
			context.drawImage(image.canvas, x - image.half, y - image.half);
			if (mark.kind === 'cluster') {
				const large = clusterDiameter(mark.count) >= 48;
				context.font = `700 ${(large ? face.countSizeLarge : face.countSize) * ratio}px ${face.fontFamily}`;
				context.textAlign = 'center';
				context.textBaseline = 'middle';
				context.fillStyle = face.clusterInk;
				context.fillText(mark.text, x, y + ratio * 0.5);
			}
			placed.push({ ...mark, x: at.x - offset.x, y: at.y - offset.y });
		}
		options.ondrawn(placed);
	}

	const Layer = L.Renderer.extend({
		_initContainer(this: RendererInternals) {
			const canvas = document.createElement('canvas');
			canvas.setAttribute('aria-hidden', 'true');
			canvas.className = 'mv-marks';
			this._container = canvas;
			context = canvas.getContext('2d');
		},
		_destroyContainer(this: RendererInternals) {
			this._container?.remove();
			this._container = undefined;
			context = null;
			placed = [];
		},
		_update(this: RendererInternals) {
			// As L.Canvas: a zoom animation scales the last drawing; the redraw comes with the move's end.
			if (this._map._animatingZoom && this._bounds) return;
			base._update.call(this);
			const canvas = this._container!;
			const size = this._bounds!.getSize();
			const dpr = window.devicePixelRatio || 1;
			if (dpr !== ratio) {
				ratio = dpr;
				sprites.clear();
			}
			L.DomUtil.setPosition(canvas, this._bounds!.min!);
			canvas.width = Math.round(size.x * ratio);
			canvas.height = Math.round(size.y * ratio);
			canvas.style.width = `${size.x}px`;
			canvas.style.height = `${size.y}px`;
			draw.call(this);
		},
		setMarks(this: RendererInternals, next: readonly Mark<T>[]) {
			marks = next;
			if (hovered !== null && !next.some((mark) => mark.item === hovered)) hovered = null;
			draw.call(this);
		},
		setHovered(this: RendererInternals, item: T | null) {
			if (item === hovered) return;
			hovered = item;
			draw.call(this);
		},
		markAt(point: { x: number; y: number }) {
			return markAt(placed, point);
		},
		element(this: RendererInternals) {
			return this._container ?? null;
		}
	});
	return new (Layer as unknown as new (options: Leaflet.RendererOptions) => MarksLayer<T>)({ pane: options.pane, padding: options.padding });
}
