import { createHash } from 'node:crypto';
import { json } from '@sveltejs/kit';

/** The query parameters a route reads, as given (absent ones left out): what its ETag names besides the data version. */
export function queryOf(url: URL, fields: readonly string[]): Record<string, string> {
	return Object.fromEntries(fields.flatMap((field) => (url.searchParams.has(field) ? [[field, url.searchParams.get(field)!]] : [])));
}

/**
 * A JSON answer with a weak ETag naming the data version and the question (M5): a client asking again with nothing
 * new since gets a 304. `no-cache`: every use revalidates, so a new idea or vote shows at the next ask.
 */
export function versionedJson(request: Request, query: Record<string, string>, version: string, body: unknown, contentType = 'application/json'): Response {
	const etag = `W/"${createHash('sha256').update(version).update(JSON.stringify(query)).digest('base64url').slice(0, 27)}"`;
	const headers = { ETag: etag, 'Cache-Control': 'no-cache', 'Content-Type': contentType };
	if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
	return json(body, { headers });
}
