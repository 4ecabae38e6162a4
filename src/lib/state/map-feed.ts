import type { MapFeatureCollection } from '../domain/map';

/** Answers kept for revalidation: enough for panning back and forth across a city. */
const KEPT_ANSWERS = 64;

/**
 * M14: the map's GeoJSON (or another versioned map answer: heat, districts), one question at a time. A newer question aborts the one in flight (its answer would draw a
 * view already left), and every answer is kept with its ETag so asking the same question again costs a 304.
 * `load` resolves null when a newer question superseded it; it throws when the server could not answer.
 */
export class GeojsonFeed<Answer = MapFeatureCollection> {
	#inFlight: AbortController | null = null;
	readonly #kept = new Map<string, { etag: string; collection: Answer }>();

	constructor(private readonly endpoint = '/api/ideas.geojson') {}

	async load(query: URLSearchParams): Promise<Answer | null> {
		this.#inFlight?.abort();
		const controller = new AbortController();
		this.#inFlight = controller;
		const url = `${this.endpoint}?${query}`;
		const kept = this.#kept.get(url);
		try {
			// Revalidated here rather than by the browser's cache, so an aborted question never leaves a half-read answer there.
			const response = await fetch(url, {
				signal: controller.signal,
				cache: 'no-store',
				headers: { accept: 'application/geo+json', ...(kept ? { 'if-none-match': kept.etag } : {}) }
			});
			if (response.status === 304 && kept) return this.#keep(url, kept);
			if (!response.ok) throw new Error(`map answer ${response.status}`);
			const collection = (await response.json()) as Answer;
			const etag = response.headers.get('etag');
			if (etag) this.#keep(url, { etag, collection });
			return collection;
		} catch (error) {
			if (controller.signal.aborted) return null;
			throw error;
		} finally {
			if (this.#inFlight === controller) this.#inFlight = null;
		}
	}

	/** Stops the question in flight (the map is going away). */
	abort(): void {
		this.#inFlight?.abort();
	}

	#keep(url: string, answer: { etag: string; collection: Answer }): Answer {
		// Most recently used last, so the first one is the one to drop.
		this.#kept.delete(url);
		this.#kept.set(url, answer);
		if (this.#kept.size > KEPT_ANSWERS) this.#kept.delete(this.#kept.keys().next().value!);
		return answer.collection;
	}
}
