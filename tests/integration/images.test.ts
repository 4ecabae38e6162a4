import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMAGE_MAX_BYTES } from '../../src/lib/domain/images';
import type { IdeaImage } from '../../src/lib/domain/images';
import { aProject, ideaInput } from '../support/builders';
import { aPhoneJpeg, aWebp } from '../support/images';
import { signIn, type SignedInPersona } from '../support/personas';
import { connectClient, startTestServer, type TestServer } from '../support/server';

describe('image uploads over HTTP', () => {
	let server: TestServer;
	let amira: SignedInPersona;
	beforeAll(async () => {
		server = await startTestServer({ unlimited: true });
		amira = await signIn(server.app, 'amira');
	});
	afterAll(() => server.close());

	const upload = (body: Uint8Array | string, headers: Record<string, string> = {}) =>
		fetch(`${server.url}/api/images`, {
			method: 'POST',
			headers: { origin: server.url, 'content-type': 'image/jpeg', cookie: amira.cookie, ...headers },
			body: typeof body === 'string' ? body : Buffer.from(body)
		});

	it('[IM2][IM3] takes a photo and serves each width as WebP that browsers may cache for good', async () => {
		const response = await upload(await aPhoneJpeg({ width: 2000, height: 1500 }));
		expect(response.status).toBe(201);
		const { image } = (await response.json()) as { image: IdeaImage };
		expect(image).toMatchObject({ width: 1500, height: 2000, widths: [320, 640, 1280] });
		const file = await fetch(`${server.url}/images/${image.id}-640.webp`);
		expect(file.status).toBe(200);
		expect(file.headers.get('content-type')).toBe('image/webp');
		expect(file.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
		expect(file.headers.get('x-content-type-options')).toBe('nosniff');
		expect((await sharp(Buffer.from(await file.arrayBuffer())).metadata()).width).toBe(640);
	});

	it('[IM4] an uploaded image goes with an idea posted over the live connection', async () => {
		const { image } = (await (await upload(await aWebp())).json()) as { image: IdeaImage };
		const project = await aProject(server.app);
		const socket = await connectClient(server.url, amira.cookie);
		try {
			const answer = await socket.emitWithAck('idea:create', { ...ideaInput(project.id), images: [{ id: image.id, alt: 'The square today' }] });
			expect(answer.ok).toBe(true);
			const ideaId = answer.ok ? answer.data.id : '';
			expect(await server.app.services.images.ofIdea(ideaId)).toEqual([{ ...image, alt: 'The square today' }]);
		} finally {
			socket.disconnect();
		}
	});

	it('refuses guests, other sites, non-image bodies and oversized files, in the asker’s language', async () => {
		const bytes = await aWebp();
		const guest = await upload(bytes, { cookie: '', 'x-agora-locale': 'fr' });
		expect(guest.status).toBe(401);
		expect(await guest.json()).toMatchObject({ code: 'unauthenticated', message: 'Connectez-vous pour ajouter des images.' });

		expect((await upload(bytes, { origin: 'https://evil.example' })).status).toBe(403);
		const noOrigin = await fetch(`${server.url}/api/images`, { method: 'POST', headers: { 'content-type': 'image/webp', cookie: amira.cookie }, body: Buffer.from(bytes) });
		expect(noOrigin.status).toBe(403);

		const form = await upload('title=hello', { 'content-type': 'application/x-www-form-urlencoded' });
		expect(form.status).toBe(400);
		expect(await form.json()).toMatchObject({ key: 'image_type_unsupported' });
		const text = await upload('<svg onload="alert(1)"/>', { 'content-type': 'image/svg+xml', 'x-agora-locale': 'nl' });
		expect(text.status).toBe(400);
		expect(await text.json()).toMatchObject({ message: 'Kies een JPEG-, PNG- of WebP-afbeelding.' });

		const huge = new Uint8Array(IMAGE_MAX_BYTES + 1024);
		huge.set([0xff, 0xd8, 0xff]);
		const tooLarge = await upload(huge);
		expect(tooLarge.status).toBe(413);
		expect(await tooLarge.json()).toMatchObject({ code: 'too_large', key: 'image_too_large', params: { max: 8 } });
	});

	it('answers 404 for unknown and malformed file names, never a path outside the image folder', async () => {
		for (const name of ['nothing-320.webp', '..%2F..%2Fagora.sqlite', 'a.webp', '%00-320.webp', `${'x'.repeat(200)}-320.webp`]) {
			const response = await fetch(`${server.url}/images/${name}`);
			expect(response.status, name).toBe(404);
		}
	});
});
