import type { OpenDataIdea } from '../../domain/open-data';
import type { Executor } from './executor';

/** M11: a project's ideas as open data, a page at a time in id order (keyset), so an export never holds them all. */
export function openDataRepository(db: Executor) {
	return {
		async page(projectId: string, afterId: string | null, limit: number): Promise<OpenDataIdea[]> {
			let query = db
				.selectFrom('ideas as i')
				.innerJoin('topics as t', 't.id', 'i.topic_id')
				.innerJoin('districts as d', 'd.id', 'i.district_id')
				.select([
					'i.id',
					'i.title',
					'i.body_text as text',
					'i.language',
					't.slug as topic',
					'd.slug as district',
					'i.status',
					'i.lng',
					'i.lat',
					'i.location_approximate as locationApproximate',
					'i.upvotes',
					'i.downvotes',
					'i.comment_count as comments',
					'i.created_at as createdAt',
					'i.edited_at as editedAt',
					'i.duplicate_of as duplicateOf'
				])
				.where('i.project_id', '=', projectId)
				// I9: withdrawn ideas leave every list, this one too.
				.where('i.withdrawn_at', 'is', null)
				// MO3: hidden ones too; the open data carry nothing a moderator hid.
				.where('i.hidden_at', 'is', null)
				.orderBy('i.id')
				.limit(limit);
			if (afterId !== null) query = query.where('i.id', '>', afterId);
			const rows = await query.execute();
			return rows.map((row) => ({
				...row,
				lng: Number(row.lng),
				lat: Number(row.lat),
				locationApproximate: Number(row.locationApproximate) === 1,
				upvotes: Number(row.upvotes),
				downvotes: Number(row.downvotes),
				comments: Number(row.comments)
			}));
		}
	};
}
