import { json } from '@sveltejs/kit';
import { rethrowAsHttp } from '$lib/server/http-errors';
import { draftDocumentOf } from '$lib/server/json-request';
import type { RequestHandler } from './$types';

/** D34: one version: `{ version, fields, bodyHtml }` (sanitized HTML). Not cached: who may read a draft can change. */
export const GET: RequestHandler = async ({ locals, params }) => {
	try {
		const view = await locals.app.services.documentHistory.view(locals.actor, draftDocumentOf(params.id), params.versionId);
		return json(view, { headers: { 'Cache-Control': 'no-store' } });
	} catch (error) {
		rethrowAsHttp(error);
	}
};
