import { rethrowAsHttp } from '$lib/server/http-errors';
import { openDataCsv } from '$lib/server/open-data-stream';
import type { RequestHandler } from './$types';

/** M11–M12: a project's ideas as open CSV, streamed (docs/API.md, "Open data"). */
export const GET: RequestHandler = async ({ locals, params }) => {
	try {
		const download = await locals.app.services.openData.export(locals.actor, params.slug);
		return new Response(openDataCsv(download, locals.app.config.publicOrigin), {
			headers: {
				'Content-Type': 'text/csv; charset=utf-8; header=present',
				'Content-Disposition': `attachment; filename="${download.project.slug}-ideas.csv"`,
				'Cache-Control': 'no-cache'
			}
		});
	} catch (error) {
		rethrowAsHttp(error);
	}
};
