import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GUEST } from '../../domain/actors';
import { IDEA_STATUSES } from '../../domain/ideas';
import { DEFAULT_STATUS_LABELS } from '../../domain/statuses';
import type { App } from '../app';
import { createTestApp } from '../../../../tests/support/app';
import { signIn, type SignedInPersona } from '../../../../tests/support/personas';

const labelsInput = (overrides: Record<string, unknown> = {}) => ({
	...Object.fromEntries(IDEA_STATUSES.map((status) => [status, { names: { en: `City ${status}`, fr: `Ville ${status}`, nl: `Stad ${status}` }, colour: 'topic-3' }])),
	...overrides
});

describe('status labels (ST9)', () => {
	let app: App;
	let ada: SignedInPersona;
	let max: SignedInPersona;
	beforeEach(async () => {
		app = await createTestApp();
		[ada, max] = await Promise.all([signIn(app, 'ada'), signIn(app, 'max')]);
	});
	afterEach(() => app.close());

	it('[ST9] Agora\'s words and colours until an admin sets the city\'s; then every status has its three names and colour', async () => {
		expect(await app.services.statuses.labels()).toEqual(DEFAULT_STATUS_LABELS);
		await app.services.statuses.setLabels(ada.actor, labelsInput({ accepted: { names: { en: 'Yes, we do it', fr: 'Oui, on le fait', nl: 'Ja, we doen het' }, colour: 'topic-2' } }));
		const labels = await app.services.statuses.labels();
		expect(labels.accepted).toEqual({ names: { en: 'Yes, we do it', fr: 'Oui, on le fait', nl: 'Ja, we doen het' }, colour: 'topic-2' });
		expect(labels.done.colour).toBe('topic-3');
		await app.services.statuses.setLabels(ada.actor, null);
		expect(await app.services.statuses.labels()).toEqual(DEFAULT_STATUS_LABELS);
	});

	it('[ST9] only admins set them; every name in three languages through the text rules; colours from the palette only', async () => {
		await expect(app.services.statuses.setLabels(GUEST, labelsInput())).rejects.toMatchObject({ code: 'unauthenticated' });
		await expect(app.services.statuses.setLabels(max.actor, labelsInput())).rejects.toMatchObject({ code: 'forbidden', key: 'status_labels_forbidden' });
		const refusals = [
			labelsInput({ accepted: { names: { en: 'Yes', fr: '', nl: 'Ja' }, colour: 'topic-2' } }),
			labelsInput({ accepted: { names: { en: 'Yes', fr: 'Oui', nl: 'Ja' }, colour: '#ff0000' } }),
			labelsInput({ accepted: { names: { en: 'x'.repeat(41), fr: 'Oui', nl: 'Ja' }, colour: 'topic-2' } }),
			labelsInput({ accepted: { names: { en: 'Yes\u0000', fr: 'Oui', nl: 'Ja' }, colour: 'topic-2' } }),
			{ accepted: { names: { en: 'Yes', fr: 'Oui', nl: 'Ja' }, colour: 'topic-2' } },
			'x',
			42
		];
		for (const garbage of refusals) await expect(app.services.statuses.setLabels(ada.actor, garbage)).rejects.toMatchObject({ code: 'invalid' });
		const refused = await app.services.statuses.setLabels(ada.actor, labelsInput({ accepted: { names: { en: 'Yes', fr: '', nl: 'Ja' }, colour: 'topic-2' } })).catch((error: unknown) => error);
		expect(refused).toMatchObject({ fields: { 'accepted.names.fr': expect.anything() } });
		expect(await app.services.statuses.labels()).toEqual(DEFAULT_STATUS_LABELS);
	});
});
