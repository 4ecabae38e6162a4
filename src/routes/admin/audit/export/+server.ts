import { redirect } from '@sveltejs/kit';
import { rethrowAsHttp } from '$lib/server/http-errors';
import { localizeHref } from '$lib/paraglide/runtime';
import { auditQueryOf } from '$lib/server/staff-pages';
import type { RequestHandler } from './$types';

/**
 * MO7: the filtered audit log as CSV, streamed a page at a time, for admins (R33). Every field is quoted and a
 * field that a spreadsheet would read as a formula starts with an apostrophe (domain/moderation.ts csvField).
 */
export const GET: RequestHandler = async ({ locals, url }) => {
	if (locals.actor.kind !== 'user') redirect(303, localizeHref(`/signin?returnTo=${encodeURIComponent('/admin/audit')}`, { locale: locals.locale }));
	const { before: _paging, ...query } = auditQueryOf(url);
	let rows: AsyncIterable<string>;
	try {
		rows = await locals.app.services.moderation.exportAudit(locals.actor, query);
	} catch (failure) {
		rethrowAsHttp(failure);
	}
	const iterator = rows[Symbol.asyncIterator]();
	const encoder = new TextEncoder();
	const body = new ReadableStream<Uint8Array>({
		async pull(controller) {
			try {
				const next = await iterator.next();
				if (next.done) controller.close();
				else controller.enqueue(encoder.encode(next.value));
			} catch (failure) {
				controller.error(failure);
			}
		},
		async cancel() {
			await iterator.return?.();
		}
	});
	const day = new Date().toISOString().slice(0, 10);
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="agora-moderation-log-${day}.csv"`,
			'cache-control': 'no-store',
			'x-content-type-options': 'nosniff'
		}
	});
};
