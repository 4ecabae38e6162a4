import sharp from 'sharp';
import { IMAGE_MAX_PIXELS, IMAGE_WIDTHS } from '../../domain/images';

export interface ProcessedImage {
	/** The upright size of the original, in pixels. */
	readonly width: number;
	readonly height: number;
	readonly variants: readonly { readonly width: number; readonly bytes: Uint8Array }[];
}

/** WebP at this quality keeps photos of streets and drawings clean at a fraction of a phone JPEG's size. */
const WEBP_QUALITY = 78;

/**
 * IM3: decodes an upload (at most IMAGE_MAX_PIXELS, so a small file cannot unpack into gigabytes), turns it upright
 * from its EXIF orientation, and re-encodes it as WebP at each of IMAGE_WIDTHS no wider than the original (at least
 * one). Nothing of the original file survives: sharp writes no metadata unless asked, so camera, time and GPS
 * position are gone. Throws on a file that does not decode.
 */
export async function processImage(bytes: Uint8Array): Promise<ProcessedImage> {
	const source = sharp(bytes, { limitInputPixels: IMAGE_MAX_PIXELS, failOn: 'error' });
	const metadata = await source.metadata();
	if (!metadata.width || !metadata.height) throw new Error('the image has no size');
	// EXIF orientations 5–8 turn the picture a quarter: its upright width is the stored height.
	const quarterTurned = (metadata.orientation ?? 1) >= 5;
	const width = quarterTurned ? metadata.height : metadata.width;
	const height = quarterTurned ? metadata.width : metadata.height;
	const largest = Math.min(width, IMAGE_WIDTHS.at(-1)!);
	const widths = [...IMAGE_WIDTHS.filter((candidate) => candidate < largest), largest];
	// Decoded once, turned upright and shrunk to the largest width; every width is encoded from those pixels.
	const { data, info } = await source.rotate().resize({ width: largest }).raw().toBuffer({ resolveWithObject: true });
	const pixels = () => sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
	const variants = await Promise.all(
		widths.map(async (variantWidth) => ({
			width: variantWidth,
			bytes: new Uint8Array(await pixels().resize({ width: variantWidth }).webp({ quality: WEBP_QUALITY }).toBuffer())
		}))
	);
	return { width, height, variants };
}
