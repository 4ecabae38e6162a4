import { json } from '@sveltejs/kit';
import { rethrowAsHttp } from '$lib/server/http-errors';
import { draftDocumentOf } from '$lib/server/json-request';
import type { RequestHandler } from './$types';

/** D39: who wrote what in the current draft: `{ authors, unknownCharacters, blocks }`, from the server's records. */
export const GET: RequestHandler = async ({ locals, params }) => {
	try {
		const attribution = await locals.app.services.documentHistory.attribution(locals.actor, draftDocumentOf(params.id));
		return json(attribution, { headers: { 'Cache-Control': 'no-store' } });
	} catch (error) {
		rethrowAsHttp(error);
	}
};
