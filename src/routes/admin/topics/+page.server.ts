import { consoleGate, textFields } from '$lib/server/admin-forms';
import { failFromDomain } from '$lib/server/http-errors';
import type { Actions, PageServerLoad } from './$types';

const TOPIC_FIELDS = ['slug', 'name', 'nameFr', 'nameNl', 'colour', 'icon'] as const;

/** AD7: the city's topics in their order, with their look. */
export const load: PageServerLoad = async ({ locals, url }) => {
	consoleGate(locals.actor, url, 'topics');
	const { topics } = await locals.app.services.city.get();
	return { topics };
};

export const actions: Actions = {
	/** AD7 */
	create: async ({ request, locals }) => {
		const values = textFields(await request.formData(), TOPIC_FIELDS, 500);
		try {
			const topic = await locals.app.services.city.createTopic(locals.actor, values);
			return { created: topic.name };
		} catch (error) {
			return failFromDomain(error, { form: 'create', values });
		}
	},
	/** AD7 */
	update: async ({ request, locals }) => {
		const form = await request.formData();
		const values = textFields(form, TOPIC_FIELDS, 500);
		const { topicId } = textFields(form, ['topicId'], 64);
		try {
			const topic = await locals.app.services.city.updateTopic(locals.actor, topicId, values);
			return { saved: topic.id };
		} catch (error) {
			return failFromDomain(error, { form: topicId, values });
		}
	},
	/** AD8: refused while ideas use the topic. */
	delete: async ({ request, locals }) => {
		const { topicId } = textFields(await request.formData(), ['topicId'], 64);
		try {
			await locals.app.services.city.deleteTopic(locals.actor, topicId);
			return { deleted: true };
		} catch (error) {
			return failFromDomain(error, { form: topicId, deleting: true });
		}
	}
};
