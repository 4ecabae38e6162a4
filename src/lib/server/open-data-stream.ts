import { csvCell, OPEN_DATA_COLUMNS, OPEN_DATA_SCHEMA, type OpenDataIdea } from '../domain/open-data';
import type { Project } from '../domain/projects';

interface Export {
	readonly project: Project;
	readonly licence: string;
	readonly pages: AsyncIterable<OpenDataIdea[]>;
}

/** A stream that asks the export for its next page only when the reader wants more bytes (back-pressure). */
function streamOf(head: string, pages: AsyncIterable<OpenDataIdea[]>, render: (page: OpenDataIdea[], first: boolean) => string, tail: string): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	const iterator = pages[Symbol.asyncIterator]();
	let first = true;
	return new ReadableStream<Uint8Array>({
		start(controller) {
			controller.enqueue(encoder.encode(head));
		},
		async pull(controller) {
			const next = await iterator.next();
			if (next.done) {
				controller.enqueue(encoder.encode(tail));
				controller.close();
				return;
			}
			controller.enqueue(encoder.encode(render(next.value, first)));
			first = false;
		},
		async cancel() {
			await iterator.return?.();
		}
	});
}

const ideaUrl = (origin: string, project: Project, id: string) => `${origin}/projects/${project.slug}/ideas/${id}`;

/** M11: RFC 7946 GeoJSON, the collection's header first (schema, licence, project), then the ideas page by page. */
export function openDataGeoJson({ project, licence, pages }: Export, origin: string): ReadableStream<Uint8Array> {
	const head = `{"type":"FeatureCollection","schema":${JSON.stringify(OPEN_DATA_SCHEMA)},"licence":${JSON.stringify(licence)},"project":${JSON.stringify({ slug: project.slug, title: project.title })},"features":[`;
	return streamOf(
		head,
		pages,
		(page, first) =>
			(first ? '' : ',') +
			page
				.map(({ lng, lat, ...idea }) =>
					JSON.stringify({
						type: 'Feature',
						id: idea.id,
						geometry: { type: 'Point', coordinates: [lng, lat] },
						properties: { ...idea, project: project.slug, url: ideaUrl(origin, project, idea.id), licence }
					})
				)
				.join(','),
		']}\n'
	);
}

/** M11–M12: CSV (RFC 4180, UTF-8, CRLF), a header of OPEN_DATA_COLUMNS, formula-like text cells defused. */
export function openDataCsv({ project, licence, pages }: Export, origin: string): ReadableStream<Uint8Array> {
	const row = (idea: OpenDataIdea) => {
		const values: Record<(typeof OPEN_DATA_COLUMNS)[number], string | number | boolean | null> = {
			...idea,
			project: project.slug,
			url: ideaUrl(origin, project, idea.id),
			licence
		};
		return OPEN_DATA_COLUMNS.map((column) => csvCell(values[column])).join(',') + '\r\n';
	};
	return streamOf(OPEN_DATA_COLUMNS.join(',') + '\r\n', pages, (page) => page.map(row).join(''), '');
}
