import { redirect } from '@sveltejs/kit';
import { DomainError } from '$lib/domain/errors';
import { ideaIdFromLink } from '$lib/domain/ideas';
import { mayAnswer } from '$lib/domain/answers';
import { commentActions, loadCommentThread } from '$lib/server/comment-forms';
import { moderationActions } from '$lib/server/moderation-forms';
import { failFromDomain, rethrowAsHttp } from '$lib/server/http-errors';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

/** Open Graph names a language with its territory; Agora's city is Brussels-bilingual with an English interface. */
const OG_LOCALES = { en: 'en_GB', fr: 'fr_BE', nl: 'nl_BE' } as const;
/** About what a link preview shows of a description. */
const OG_DESCRIPTION_MAX = 200;

function excerpt(text: string, max: number): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	if (flat.length <= max) return flat;
	const cut = flat.slice(0, max - 1);
	return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2))}…`;
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { services, config } = locals.app;
	try {
		const [project, page, city] = await Promise.all([
			services.projects.getBySlug(params.slug),
			services.ideas.page(locals.actor, params.id),
			services.city.get()
		]);
		// An idea lives at one address: under another project's slug it is not found, rather than shown twice.
		if (page.idea.projectId !== project.id) throw new DomainError('not_found', 'idea_not_found');
		const [comments, images, answers, promise, following] = await Promise.all([
			loadCommentThread(locals.app, locals.actor, page.idea.id, url),
			services.images.ofIdea(page.idea.id),
			services.answers.history(page.idea.id),
			services.answers.promiseOf({ projectId: project.id, id: page.idea.id }),
			services.follows.followsIdea(locals.actor, page.idea.id)
		]);
		const path = `/projects/${project.slug}/ideas/${page.idea.id}`;
		return {
			project,
			...page,
			comments,
			images,
			answers,
			promise: promise.state,
			supportThreshold: promise.promise?.supportThreshold ?? null,
			following,
			mayAnswer: mayAnswer(locals.actor),
			topics: city.topics,
			district: city.districts.find((district) => district.slug === page.idea.district.slug) ?? null,
			map: config.map,
			share: {
				canonical: new URL(localizeHref(path, { locale: locals.locale }), config.publicOrigin).href,
				description: excerpt(page.idea.bodyText, OG_DESCRIPTION_MAX),
				ogLocale: OG_LOCALES[locals.locale],
				ogAlternates: Object.entries(OG_LOCALES).flatMap(([locale, og]) => (locale === locals.locale ? [] : [og]))
			},
			now: new Date().toISOString()
		};
	} catch (failure) {
		rethrowAsHttp(failure);
	}
};

const text = (value: FormDataEntryValue | null, max: number) => (typeof value === 'string' ? value.slice(0, max) : '');

const CHOICE_VALUES = new Map<unknown, 1 | -1>([
	['up', 1],
	['down', -1]
]);

/**
 * The idea page's no-JavaScript forms; with JavaScript the same commands go over the live connection. Each calls one
 * service method; success lands back on the page (303), so a reload never posts again.
 */
export const actions: Actions = {
	/** Comments without JavaScript (see comment-forms.ts). */
	...commentActions,
	/** MO1/MO3/MO4: reports, and moderators hiding or restoring the idea or a comment (see moderation-forms.ts). */
	...moderationActions,

	vote: async ({ request, locals, params }) => {
		const form = await request.formData();
		const choice = form.get('choice');
		const { votes } = locals.app.services;
		try {
			const voted =
				choice === 'withdraw'
					? await votes.withdraw(locals.actor, { ideaId: params.id })
					: await votes.cast(locals.actor, { ideaId: params.id, value: CHOICE_VALUES.get(choice) ?? choice });
			return { voted };
		} catch (error) {
			return failFromDomain(error, { action: 'vote' });
		}
	},

	edit: async ({ request, locals, params, url }) => {
		const form = await request.formData();
		const input = { ideaId: params.id, title: form.get('title'), body: form.get('body'), topic: form.get('topic') };
		try {
			await locals.app.services.ideas.edit(locals.actor, input);
		} catch (error) {
			return failFromDomain(error, { action: 'edit', title: text(input.title, 200), body: text(input.body, 50_000), topic: text(input.topic, 60) });
		}
		redirect(303, `${localizeHref(url.pathname, { locale: locals.locale })}?edited=1`);
	},

	withdraw: async ({ request, locals, params, url }) => {
		const form = await request.formData();
		const reason = form.get('reason');
		try {
			await locals.app.services.ideas.withdraw(locals.actor, { ideaId: params.id, reason });
		} catch (error) {
			return failFromDomain(error, { action: 'withdraw', reason: text(reason, 600) });
		}
		redirect(303, localizeHref(url.pathname, { locale: locals.locale }));
	},

	markDuplicate: async ({ request, locals, params, url }) => {
		const form = await request.formData();
		const pasted = form.get('duplicateOf');
		const duplicateOf = typeof pasted === 'string' ? ideaIdFromLink(pasted) : pasted;
		try {
			await locals.app.services.ideas.markDuplicate(locals.actor, { ideaId: params.id, duplicateOf });
		} catch (error) {
			return failFromDomain(error, { action: 'markDuplicate', duplicateOf: text(form.get('duplicateOf'), 300) });
		}
		redirect(303, localizeHref(url.pathname, { locale: locals.locale }));
	},

	/** ST1–ST4: the city's official response without JavaScript. */
	answer: async ({ request, locals, params, url }) => {
		const form = await request.formData();
		const input = { ideaId: params.id, status: form.get('status'), department: form.get('department'), message: form.get('message'), language: form.get('language') ?? undefined };
		try {
			await locals.app.services.answers.answer(locals.actor, input);
		} catch (error) {
			return failFromDomain(error, {
				action: 'answer',
				status: text(input.status, 40),
				department: text(input.department, 200),
				message: text(input.message, 10_000),
				language: text(form.get('language'), 10)
			});
		}
		redirect(303, `${localizeHref(url.pathname, { locale: locals.locale })}#idea-answers-heading`);
	},

	/** FO2 without JavaScript. */
	follow: async ({ request, locals, params, url }) => {
		const form = await request.formData();
		try {
			await locals.app.services.follows.setIdea(locals.actor, { ideaId: params.id, following: form.get('following') === 'true' });
		} catch (error) {
			return failFromDomain(error, { action: 'follow' });
		}
		redirect(303, localizeHref(url.pathname, { locale: locals.locale }));
	},

	unmarkDuplicate: async ({ locals, params, url }) => {
		try {
			await locals.app.services.ideas.unmarkDuplicate(locals.actor, { ideaId: params.id });
		} catch (error) {
			return failFromDomain(error, { action: 'unmarkDuplicate' });
		}
		redirect(303, localizeHref(url.pathname, { locale: locals.locale }));
	}
};
