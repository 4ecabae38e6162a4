import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GUEST } from '../../domain/actors';
import { IMAGE_MAX_BYTES } from '../../domain/images';
import type { App } from '../app';
import { createTestApp, manualClock } from '../../../../tests/support/app';
import { aProject, ideaInput } from '../../../../tests/support/builders';
import { aDecompressionBomb, aPhoneJpeg, aPng, aWebp } from '../../../../tests/support/images';
import { signIn } from '../../../../tests/support/personas';
import { UNPOSTED_IMAGE_TTL_MS } from './images';

describe('images', () => {
	let app: App;
	beforeEach(async () => {
		app = await createTestApp();
	});
	afterEach(() => app.close());

	it('[IM3] re-encodes a phone photo upright as WebP at each width up to 1280, with no metadata left', async () => {
		const { actor } = await signIn(app, 'amira');
		const image = await app.services.images.upload(actor, await aPhoneJpeg({ width: 1600, height: 1200 }));
		// EXIF orientation 6 turns the 1600 × 1200 picture upright: 1200 wide, 1600 high.
		expect(image).toMatchObject({ width: 1200, height: 1600, widths: [320, 640, 1200], alt: '' });
		for (const width of image.widths) {
			const file = await app.services.images.file(`${image.id}-${width}.webp`);
			const metadata = await sharp(Buffer.from(file!)).metadata();
			expect(metadata).toMatchObject({ format: 'webp', width });
			expect(metadata.exif).toBeUndefined();
			expect(metadata.orientation).toBeUndefined();
		}
	});

	it('[IM3] never enlarges: a small image exists at its own width only', async () => {
		const { actor } = await signIn(app, 'amira');
		expect(await app.services.images.upload(actor, await aWebp(200, 150))).toMatchObject({ width: 200, height: 150, widths: [200] });
		expect(await app.services.images.upload(actor, await aPng(640, 480))).toMatchObject({ widths: [320, 640] });
	});

	it('[IM2] refuses what is not a JPEG, PNG or WebP by its bytes, whatever it is called', async () => {
		const { actor } = await signIn(app, 'amira');
		const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
		const gif = new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0]);
		for (const bytes of [svg, gif, new Uint8Array(), new Uint8Array([0xff, 0xd8])]) {
			await expect(app.services.images.upload(actor, bytes)).rejects.toMatchObject({ code: 'invalid', key: 'image_type_unsupported' });
		}
	});

	it('[IM2] refuses a file over the size limit and one that does not decode, and one that would unpack into gigabytes', async () => {
		const { actor } = await signIn(app, 'amira');
		const huge = new Uint8Array(IMAGE_MAX_BYTES + 1);
		huge.set([0xff, 0xd8, 0xff]);
		await expect(app.services.images.upload(actor, huge)).rejects.toMatchObject({ code: 'too_large', key: 'image_too_large', params: { max: 8 } });
		const truncated = (await aPhoneJpeg()).slice(0, 300);
		await expect(app.services.images.upload(actor, truncated)).rejects.toMatchObject({ code: 'invalid', key: 'image_unreadable' });
		await expect(app.services.images.upload(actor, await aDecompressionBomb())).rejects.toMatchObject({ code: 'invalid', key: 'image_unreadable' });
	});

	it('guests cannot upload', async () => {
		await expect(app.services.images.upload(GUEST, await aWebp())).rejects.toMatchObject({ code: 'unauthenticated', key: 'auth_sign_in_to_upload' });
	});

	it('[IM4] an idea is posted with its author’s uploads, in order, each with its description', async () => {
		const { actor } = await signIn(app, 'amira');
		const project = await aProject(app);
		const first = await app.services.images.upload(actor, await aWebp());
		const second = await app.services.images.upload(actor, await aPng());
		const idea = await app.services.ideas.create(actor, {
			...ideaInput(project.id),
			images: [
				{ id: second.id, alt: '  A blue square  ' },
				{ id: first.id, alt: '' }
			]
		});
		expect(await app.services.images.ofIdea(idea.id)).toEqual([
			{ ...second, alt: 'A blue square' },
			{ ...first, alt: '' }
		]);
	});

	it('[IM4] refuses the whole post for someone else’s image, an image posted already, too many, or repeated ones', async () => {
		const amira = await signIn(app, 'amira');
		const bruno = await signIn(app, 'bruno');
		const project = await aProject(app);
		const brunos = await app.services.images.upload(bruno.actor, await aWebp());
		const refusal = { code: 'invalid', fields: { images: { key: 'image_not_found' } } };
		await expect(app.services.ideas.create(amira.actor, { ...ideaInput(project.id), images: [{ id: brunos.id }] })).rejects.toMatchObject(refusal);
		expect(await app.services.ideas.list(amira.actor, project.id)).toEqual([]);

		const mine = await app.services.images.upload(amira.actor, await aWebp());
		await app.services.ideas.create(amira.actor, { ...ideaInput(project.id), images: [{ id: mine.id }] });
		await expect(
			app.services.ideas.create(amira.actor, { ...ideaInput(project.id, { title: 'The same picture again' }), images: [{ id: mine.id }] })
		).rejects.toMatchObject(refusal);

		const six = Array.from({ length: 6 }, (_, index) => ({ id: `image${index}` }));
		await expect(app.services.ideas.create(amira.actor, { ...ideaInput(project.id), images: six })).rejects.toMatchObject({
			fields: { images: { key: 'image_too_many', params: { max: 5 } } }
		});
		await expect(app.services.ideas.create(amira.actor, { ...ideaInput(project.id), images: [{ id: 'a' }, { id: 'a' }] })).rejects.toMatchObject({
			fields: { images: { key: 'image_list_invalid' } }
		});
		await expect(app.services.ideas.create(amira.actor, { ...ideaInput(project.id), images: [{ id: 'a', alt: 'x\u0000' }] })).rejects.toMatchObject({
			code: 'invalid'
		});
		await expect(app.services.ideas.create(amira.actor, { ...ideaInput(project.id), images: 'everything' })).rejects.toMatchObject({
			fields: { images: { key: 'image_list_invalid' } }
		});
	});

	it('[IM5] uploads never posted are purged after a day, posted ones stay', async () => {
		const clock = manualClock();
		const timed = await createTestApp({}, { clock });
		try {
			const { actor } = await signIn(timed, 'amira');
			const project = await aProject(timed);
			const posted = await timed.services.images.upload(actor, await aWebp());
			const abandoned = await timed.services.images.upload(actor, await aWebp());
			await timed.services.ideas.create(actor, { ...ideaInput(project.id), images: [{ id: posted.id }] });
			clock.advance(UNPOSTED_IMAGE_TTL_MS - 1000);
			expect(await timed.services.images.purgeUnposted()).toBe(0);
			clock.advance(2000);
			expect(await timed.services.images.purgeUnposted()).toBe(1);
			expect(await timed.services.images.file(`${abandoned.id}-200.webp`)).toBeUndefined();
			expect(await timed.services.images.file(`${posted.id}-200.webp`)).toBeDefined();
		} finally {
			await timed.close();
		}
	});
});
