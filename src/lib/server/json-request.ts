import { DomainError } from '../domain/errors';

/**
 * The JSON body of an API write. Only `application/json` is read: a browser sends that type cross-site only after a
 * CORS preflight that we never answer, so a page elsewhere cannot make a signed-in visitor's browser post here.
 * A body that is not JSON is `invalid`, like any input that does not parse.
 */
export async function jsonBodyOf(request: Request): Promise<unknown> {
	const type = request.headers.get('content-type') ?? '';
	if (!/^application\/json\s*(;|$)/i.test(type)) throw new DomainError('invalid', 'validation_invalid');
	try {
		return await request.json();
	} catch {
		throw new DomainError('invalid', 'validation_invalid');
	}
}

/** The Yjs document of a draft (docs/API.md): `draft:<draftId>`; a malformed id names nothing (not_found). */
export function draftDocumentOf(draftId: string): string {
	return `draft:${draftId}`;
}
