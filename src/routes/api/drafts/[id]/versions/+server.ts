import { json } from '@sveltejs/kit';
import { rethrowAsHttp } from '$lib/server/http-errors';
import { draftDocumentOf, jsonBodyOf } from '$lib/server/json-request';
import type { RequestHandler } from './$types';

const NO_STORE = { 'Cache-Control': 'no-store' };

/** D34: a draft's versions, newest first: `{ versions }`, for whoever may read the draft. */
export const GET: RequestHandler = async ({ locals, params }) => {
	try {
		const versions = await locals.app.services.documentHistory.list(locals.actor, draftDocumentOf(params.id));
		return json({ versions }, { headers: NO_STORE });
	} catch (error) {
		rethrowAsHttp(error);
	}
};

/** D32: a co-author names the current state `{ name }`; answers 201 with the version. R22. */
export const POST: RequestHandler = async ({ locals, params, request }) => {
	try {
		const version = await locals.app.services.documentHistory.save(locals.actor, draftDocumentOf(params.id), await jsonBodyOf(request));
		return json({ version }, { status: 201, headers: NO_STORE });
	} catch (error) {
		rethrowAsHttp(error);
	}
};
