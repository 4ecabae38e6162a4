import { z } from 'zod';
import { idSchema } from './ideas';
import { personText } from './text';

/** IM1: the most images one idea shows. */
export const IDEA_IMAGES_MAX = 5;
/** IM2: the biggest file accepted, before it is decoded and re-encoded. */
export const IMAGE_MAX_BYTES = 8 * 1024 * 1024;
/** IM2: the most pixels decoded from one file (a 40-megapixel photo), so a small file cannot unpack into gigabytes. */
export const IMAGE_MAX_PIXELS = 40_000_000;
/** IM3: the widths every image is re-encoded to (never wider than its original), for `srcset`. */
export const IMAGE_WIDTHS = [320, 640, 1280] as const;
export const IMAGE_ALT_MAX = 200;

export type SniffedImageType = 'jpeg' | 'png' | 'webp';

/**
 * IM2: the type of an uploaded file from its first bytes, never from its name or the Content-Type a client claims.
 * JPEG, PNG and WebP are what phones and cameras give; anything else is refused.
 */
export function sniffImageType(bytes: Uint8Array): SniffedImageType | null {
	const starts = (signature: readonly number[], at = 0) => signature.every((byte, index) => bytes[at + index] === byte);
	if (starts([0xff, 0xd8, 0xff])) return 'jpeg';
	if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
	if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
	return null;
}

/** An uploaded image as pages show it: its size in pixels, the widths it exists in, and its description. */
export interface IdeaImage {
	readonly id: string;
	readonly width: number;
	readonly height: number;
	readonly widths: readonly number[];
	/** What the image shows, for people who cannot see it; empty when the author gave none. */
	readonly alt: string;
}

/** The address of one re-encoded width of an image. */
export function imageUrl(id: string, width: number): string {
	return `/images/${id}-${width}.webp`;
}

export function srcsetOf(image: Pick<IdeaImage, 'id' | 'widths'>): string {
	return image.widths.map((width) => `${imageUrl(image.id, width)} ${width}w`).join(', ');
}

/** IM4: the images an idea is posted with: uploads of its author, in order, each with an optional description. */
export const ideaImagesSchema = z
	.array(
		z.object({
			id: idSchema,
			// A description is optional: left empty, the image is shown as decorative beside the idea's own words.
			alt: z
				.preprocess(
					(value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
					personText({ kind: 'line', min: 1, max: IMAGE_ALT_MAX, required: 'image_alt_invalid' }).optional()
				)
				.transform((alt) => alt ?? '')
		}),
		{ error: 'image_list_invalid' }
	)
	.max(IDEA_IMAGES_MAX, 'image_too_many')
	.refine((images) => new Set(images.map((image) => image.id)).size === images.length, 'image_list_invalid');

/** The images part of an idea's input (`ideas.create`): none unless given. */
export const postedImagesSchema = z.object({ images: ideaImagesSchema.optional().transform((images) => images ?? []) });
