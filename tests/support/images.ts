import sharp from 'sharp';

/**
 * Real image files for the upload tests, made by sharp itself: a phone-like JPEG (turned by its EXIF orientation and
 * carrying camera and GPS metadata), a PNG, and a WebP.
 */
export async function aPhoneJpeg(options: { width?: number; height?: number } = {}): Promise<Uint8Array> {
	const { width = 1600, height = 1200 } = options;
	const bytes = await sharp({ create: { width, height, channels: 3, background: '#2f7d4f' } })
		.jpeg({ quality: 80 })
		.withMetadata({
			orientation: 6,
			exif: { IFD0: { Make: 'PhoneMaker', Model: 'Pocket 12', Copyright: 'Amira' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '50/1 50/1 0/1' } }
		})
		.toBuffer();
	return new Uint8Array(bytes);
}

export async function aPng(width = 500, height = 300): Promise<Uint8Array> {
	return new Uint8Array(await sharp({ create: { width, height, channels: 4, background: '#1d4ed8' } }).png().toBuffer());
}

export async function aWebp(width = 200, height = 200): Promise<Uint8Array> {
	return new Uint8Array(await sharp({ create: { width, height, channels: 3, background: '#f5c400' } }).webp().toBuffer());
}

/**
 * A PNG header that claims 30,000 × 30,000 pixels (900 megapixels) in a few hundred bytes: decoding it would take
 * gigabytes, so it must be refused before.
 */
export async function aDecompressionBomb(): Promise<Uint8Array> {
	const small = Buffer.from(await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } }).png().toBuffer());
	// The IHDR chunk starts at byte 8: length (4), "IHDR" (4), width (4), height (4).
	small.writeUInt32BE(30_000, 16);
	small.writeUInt32BE(30_000, 20);
	return new Uint8Array(small);
}
