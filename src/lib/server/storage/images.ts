import type { Executor } from './executor';

export interface ImageRecord {
	id: string;
	uploaderId: string;
	ideaId: string | null;
	position: number;
	width: number;
	height: number;
	/** JSON array, see IdeaImagesTable. */
	widths: string;
	alt: string;
	createdAt: string;
}

const COLUMNS = [
	'id',
	'uploader_id as uploaderId',
	'idea_id as ideaId',
	'position',
	'width',
	'height',
	'widths',
	'alt',
	'created_at as createdAt'
] as const;

export function imagesRepository(db: Executor) {
	return {
		async insert(image: ImageRecord): Promise<void> {
			await db
				.insertInto('idea_images')
				.values({
					id: image.id,
					uploader_id: image.uploaderId,
					idea_id: image.ideaId,
					position: image.position,
					width: image.width,
					height: image.height,
					widths: image.widths,
					alt: image.alt,
					created_at: image.createdAt
				})
				.execute();
		},
		/**
		 * Gives the uploader's unposted image to an idea at `position` with its description; returns whether it did
		 * (false for someone else's image, one already posted, or an unknown id).
		 */
		async attach(id: string, uploaderId: string, ideaId: string, position: number, alt: string): Promise<boolean> {
			const result = await db
				.updateTable('idea_images')
				.set({ idea_id: ideaId, position, alt })
				.where('id', '=', id)
				.where('uploader_id', '=', uploaderId)
				.where('idea_id', 'is', null)
				.executeTakeFirst();
			return Number(result.numUpdatedRows) === 1;
		},
		/** In the order the author gave. */
		async listByIdea(ideaId: string): Promise<ImageRecord[]> {
			return db.selectFrom('idea_images').select(COLUMNS).where('idea_id', '=', ideaId).orderBy('position').execute();
		},
		/** Uploads never posted with an idea, made before `cutoff`. */
		async listUnattachedBefore(cutoff: string, limit: number): Promise<ImageRecord[]> {
			return db
				.selectFrom('idea_images')
				.select(COLUMNS)
				.where('idea_id', 'is', null)
				.where('created_at', '<', cutoff)
				.orderBy('created_at')
				.limit(limit)
				.execute();
		},
		/** Deletes an upload unless it was posted meanwhile; returns whether it did. */
		async deleteUnposted(id: string): Promise<boolean> {
			const result = await db.deleteFrom('idea_images').where('id', '=', id).where('idea_id', 'is', null).executeTakeFirst();
			return Number(result.numDeletedRows) === 1;
		}
	};
}
