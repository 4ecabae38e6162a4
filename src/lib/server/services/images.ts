import { requireSignedIn, type Actor } from '../../domain/actors';
import { DomainError, isDomainError } from '../../domain/errors';
import { IMAGE_MAX_BYTES, sniffImageType, type IdeaImage } from '../../domain/images';
import { limitSubjectOf, rateLimitedError } from '../../domain/limits';
import type { ImageFiles } from '../files/image-files';
import type { ProcessedImage } from '../files/image-processing';
import type { ServicePorts } from '../ports';
import type { ImageRecord } from '../storage/images';
import type { StoreRepositories } from '../storage/store';

/** Uploads never posted with an idea are removed after this long (an abandoned form). */
export const UNPOSTED_IMAGE_TTL_MS = 24 * 60 * 60_000;
/** Decodes at once: each uses libvips' threads, and two are enough to keep both cores of a small server busy. */
const PROCESSING_SLOTS = 2;

const fileNameOf = (id: string, width: number) => `${id}-${width}.webp`;

function toIdeaImage(record: ImageRecord): IdeaImage {
	const widths = (JSON.parse(record.widths) as unknown[]).filter((width): width is number => Number.isInteger(width));
	return { id: record.id, width: record.width, height: record.height, widths, alt: record.alt };
}

/** Uploads waiting for a decoding slot; past this, an upload is refused (rate_limited) rather than queued. */
const PROCESSING_QUEUE_MAX = 8;
const QUEUE_FULL_RETRY_SECONDS = 5;

/** A counting gate: at most `slots` tasks run at once, at most `queue` others wait in order, the rest are refused. */
function gate(slots: number, queue: number) {
	let running = 0;
	const waiting: (() => void)[] = [];
	return async <T>(task: () => Promise<T>): Promise<T> => {
		if (running >= slots && waiting.length >= queue) throw rateLimitedError(QUEUE_FULL_RETRY_SECONDS);
		if (running >= slots) await new Promise<void>((resolve) => waiting.push(resolve));
		running += 1;
		try {
			return await task();
		} finally {
			running -= 1;
			waiting.shift()?.();
		}
	};
}

export function createImagesService(
	{ store, clock, ids, limits, log }: ServicePorts,
	files: ImageFiles,
	process: (bytes: Uint8Array) => Promise<ProcessedImage>
) {
	const processing = gate(PROCESSING_SLOTS, PROCESSING_QUEUE_MAX);

	return {
		/**
		 * IM2/IM3: a signed-in person uploads one image: at most IMAGE_MAX_BYTES, a JPEG, PNG or WebP by its bytes,
		 * re-encoded without metadata at the widths of IM3. R10 limits how often, and is taken before the body is read
		 * (`bytes` may be a reader of it), so neither guests nor a flood get a server to buffer files. The image is the
		 * uploader's until it is posted with an idea (IM4). While PROCESSING_QUEUE_MAX uploads wait to be decoded, more
		 * are refused for a few seconds.
		 */
		async upload(actor: Actor, bytes: Uint8Array | (() => Promise<Uint8Array>)): Promise<IdeaImage> {
			const uploader = requireSignedIn(actor, 'auth_sign_in_to_upload');
			await limits.take('image.upload', limitSubjectOf(actor));
			const file = typeof bytes === 'function' ? await bytes() : bytes;
			if (file.byteLength > IMAGE_MAX_BYTES) throw new DomainError('too_large', 'image_too_large', { max: IMAGE_MAX_BYTES / (1024 * 1024) });
			if (!sniffImageType(file)) throw new DomainError('invalid', 'image_type_unsupported');
			let processed: ProcessedImage;
			try {
				processed = await processing(() => process(file));
			} catch (error) {
				if (isDomainError(error)) throw error;
				log.info({ err: error }, 'an uploaded image did not decode');
				throw new DomainError('invalid', 'image_unreadable');
			}
			const id = ids.next();
			await Promise.all(processed.variants.map((variant) => files.put(fileNameOf(id, variant.width), variant.bytes)));
			const record: ImageRecord = {
				id,
				uploaderId: uploader.userId,
				ideaId: null,
				position: 0,
				width: processed.width,
				height: processed.height,
				widths: JSON.stringify(processed.variants.map((variant) => variant.width)),
				alt: '',
				createdAt: clock.now().toISOString()
			};
			await store.images.insert(record);
			return toIdeaImage(record);
		},

		/**
		 * IM4: inside the transaction that creates an idea, gives it the author's uploads in the order given. An image
		 * that is not the author's unposted upload refuses the whole post (nothing is written).
		 */
		async attach(tx: StoreRepositories, authorId: string, ideaId: string, images: readonly { id: string; alt: string }[]): Promise<void> {
			for (const [position, image] of images.entries()) {
				if (!(await tx.images.attach(image.id, authorId, ideaId, position, image.alt))) {
					throw new DomainError('invalid', 'image_not_found', {}, { images: { key: 'image_not_found' } });
				}
			}
		},

		/** An idea's images, in the author's order. */
		async ofIdea(ideaId: string): Promise<IdeaImage[]> {
			return (await store.images.listByIdea(ideaId)).map(toIdeaImage);
		},

		/** The bytes of one re-encoded width, by its public file name; undefined when there is none. */
		async file(name: string): Promise<Uint8Array | undefined> {
			return files.read(name);
		},

		/** IM5: removes uploads that were never posted within UNPOSTED_IMAGE_TTL_MS; returns how many. */
		async purgeUnposted(): Promise<number> {
			const cutoff = new Date(clock.now().getTime() - UNPOSTED_IMAGE_TTL_MS).toISOString();
			const stale = await store.images.listUnattachedBefore(cutoff, 500);
			for (const record of stale) {
				if (!(await store.images.deleteUnposted(record.id))) continue;
				await Promise.all(toIdeaImage(record).widths.map((width) => files.delete(fileNameOf(record.id, width))));
			}
			return stale.length;
		}
	};
}

export type ImagesService = ReturnType<typeof createImagesService>;
