import { redirect } from '@sveltejs/kit';
import { isDomainError } from '$lib/domain/errors';
import { inLocale } from '$lib/domain/projects';
import { draftAnswerActions } from '$lib/server/draft-forms';
import { failFromDomain, rethrowAsHttp } from '$lib/server/http-errors';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

/** The editor page of one draft: what the actor may do with it, and the project's topics and districts for its fields. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { services, config } = locals.app;
	try {
		const page = await services.drafts.page(locals.actor, params.id);
		const [city, projects] = await Promise.all([services.city.get(), services.projects.getBySlug(page.draft.projectSlug)]);
		return {
			...page,
			project: projects,
			topics: city.topics.map((topic) => ({ slug: topic.slug, name: inLocale(topic.name, topic.translations, locals.locale) })),
			districts: city.districts.map(({ slug, name, centre }) => ({ slug, name, centre })),
			city,
			map: config.map,
			origin: url.origin
		};
	} catch (error) {
		// D4: a guest at a private draft may be one of its authors, once signed in.
		if (isDomainError(error) && error.code === 'unauthenticated') {
			redirect(303, localizeHref(`/signin?returnTo=${encodeURIComponent(`/drafts/${params.id}`)}`, { locale: locals.locale }));
		}
		rethrowAsHttp(error);
	}
};

const text = (value: FormDataEntryValue | null) => (typeof value === 'string' ? value : '');

export const actions: Actions = {
	...draftAnswerActions,
	visibility: async ({ request, locals, params }) => {
		const form = await request.formData();
		try {
			await locals.app.services.drafts.setVisibility(locals.actor, { draftId: params.id, visibility: text(form.get('visibility')) });
			return { done: 'visibility' };
		} catch (error) {
			return failFromDomain(error, { action: 'visibility' });
		}
	},
	/** D6: the new link is shown once, in this answer. */
	link: async ({ request, locals, params, url }) => {
		const form = await request.formData();
		try {
			const hours = Number(text(form.get('days')) || '7') * 24;
			const link = await locals.app.services.drafts.createLink(locals.actor, { draftId: params.id, hours });
			return { done: 'link', link: { url: new URL(localizeHref(`/drafts/link/${link.token}`, { locale: locals.locale }), url.origin).href, expiresAt: link.expiresAt } };
		} catch (error) {
			return failFromDomain(error, { action: 'link' });
		}
	},
	revoke: async ({ request, locals, params }) => {
		const form = await request.formData();
		try {
			await locals.app.services.drafts.revokeLink(locals.actor, { draftId: params.id, linkId: text(form.get('linkId')) });
			return { done: 'revoke' };
		} catch (error) {
			return failFromDomain(error, { action: 'revoke' });
		}
	},
	invite: async ({ request, locals, params }) => {
		const form = await request.formData();
		const name = text(form.get('name')).slice(0, 200);
		try {
			const invited = await locals.app.services.drafts.inviteByName(locals.actor, { draftId: params.id, name });
			return { done: 'invite', invited: invited.displayName };
		} catch (error) {
			return failFromDomain(error, { action: 'invite', name });
		}
	},
	leave: async ({ locals, params }) => {
		try {
			await locals.app.services.drafts.leave(locals.actor, { draftId: params.id });
		} catch (error) {
			return failFromDomain(error, { action: 'leave' });
		}
		redirect(303, localizeHref('/drafts', { locale: locals.locale }));
	},
	/** D22: the editor asks this after its edits reached the server. */
	refresh: async ({ locals, params }) => {
		try {
			await locals.app.services.drafts.refresh(locals.actor, { draftId: params.id });
			return { done: 'refresh' };
		} catch (error) {
			return failFromDomain(error, { action: 'refresh' });
		}
	},
	publish: async ({ locals, params }) => {
		let idea;
		try {
			idea = await locals.app.services.drafts.publish(locals.actor, { draftId: params.id });
		} catch (error) {
			return failFromDomain(error, { action: 'publish' });
		}
		const { slug } = await locals.app.services.projects.getById(idea.projectId);
		redirect(303, localizeHref(`/projects/${slug}/ideas/${idea.id}`, { locale: locals.locale }));
	},
	reopen: async ({ locals, params }) => {
		try {
			await locals.app.services.drafts.reopen(locals.actor, { draftId: params.id });
			return { done: 'reopen' };
		} catch (error) {
			return failFromDomain(error, { action: 'reopen' });
		}
	},
	requestJoin: async ({ request, locals, params }) => {
		const form = await request.formData();
		try {
			await locals.app.services.drafts.requestJoin(locals.actor, { draftId: params.id, message: text(form.get('message')) });
			return { done: 'requestJoin' };
		} catch (error) {
			return failFromDomain(error, { action: 'requestJoin' });
		}
	}
};
