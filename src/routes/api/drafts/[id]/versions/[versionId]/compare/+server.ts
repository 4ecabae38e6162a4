import { json } from '@sveltejs/kit';
import { rethrowAsHttp } from '$lib/server/http-errors';
import { draftDocumentOf } from '$lib/server/json-request';
import type { RequestHandler } from './$types';

/** D36: a version against the current draft: `{ version, fields, bodyHtml, additions, removals }` with `<ins>`/`<del>`. */
export const GET: RequestHandler = async ({ locals, params }) => {
	try {
		const comparison = await locals.app.services.documentHistory.compare(locals.actor, draftDocumentOf(params.id), params.versionId);
		return json(comparison, { headers: { 'Cache-Control': 'no-store' } });
	} catch (error) {
		rethrowAsHttp(error);
	}
};
