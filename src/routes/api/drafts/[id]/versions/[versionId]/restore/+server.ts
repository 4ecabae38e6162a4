import { json } from '@sveltejs/kit';
import { rethrowAsHttp } from '$lib/server/http-errors';
import { draftDocumentOf, jsonBodyOf } from '$lib/server/json-request';
import type { RequestHandler } from './$types';

/**
 * D37/D38: a co-author restores a version as a new edit: `{ restored, saved, changed }`, `saved` being the state it
 * replaced (restoring it undoes this). The body is `{}`: JSON only, so no other site can post it. R22.
 */
export const POST: RequestHandler = async ({ locals, params, request }) => {
	try {
		await jsonBodyOf(request);
		const result = await locals.app.services.documentHistory.restore(locals.actor, draftDocumentOf(params.id), params.versionId);
		return json(result, { headers: { 'Cache-Control': 'no-store' } });
	} catch (error) {
		rethrowAsHttp(error);
	}
};
