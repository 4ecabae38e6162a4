import { describe, expect, it } from 'vitest';
import { bodyAsTyped, createIdeaSchema, ideaIdFromLink, ideaRightsOf, IDEA_BODY_HTML_MAX, type RichTextReader } from './ideas';
import { fieldErrorsOf } from './validation';

/** What the browser's editor reports: the HTML as it is, and its text. */
const editorSaying = (text: string): RichTextReader => (html) => ({ html, text });

describe('idea input', () => {
	it('[I3] names an empty body beside a missing place, so the form shows both at once', () => {
		const result = createIdeaSchema(bodyAsTyped).safeParse({ projectId: 'p', title: 'A title long enough', body: '', topic: 'mobility' });
		expect(result.success).toBe(false);
		const fields = fieldErrorsOf(result.error!);
		expect(fields.body).toEqual({ key: 'idea_body_required' });
		expect(fields.location).toEqual({ key: 'idea_location_required' });
	});

	it('[I3] measures the visible text, not the markup', () => {
		const schema = (text: string) => createIdeaSchema(editorSaying(text));
		const input = (body: string) => ({ projectId: 'p', title: 'A title long enough', body, topic: 'mobility', district: 'ixelles' });
		const markup = `<p><strong>${'x'.repeat(10)}</strong></p>`;
		expect(fieldErrorsOf(schema('x'.repeat(10)).safeParse(input(markup)).error!).body).toEqual({ key: 'validation_too_short', params: { min: 20 } });
		expect(schema('x'.repeat(25)).safeParse(input(markup)).data?.body).toEqual({ html: markup, text: 'x'.repeat(25) });
		expect(fieldErrorsOf(schema('x').safeParse(input('x'.repeat(IDEA_BODY_HTML_MAX + 1))).error!).body?.key).toBe('validation_too_long');
	});

	it('reads an idea id from its link or as it is', () => {
		expect(ideaIdFromLink(' https://agora.example/fr/projects/green/ideas/abc_123#comments ')).toBe('abc_123');
		expect(ideaIdFromLink('abc_123')).toBe('abc_123');
	});

	it('[I7] [I9] [I10] rights: the author edits within the window; moderators and admins withdraw and mark; nobody acts on a withdrawn idea', () => {
		const idea = { author: { id: 'a', displayName: 'A', role: 'citizen' as const }, createdAt: '2026-06-01T10:00:00.000Z', withdrawn: null, duplicateOf: null };
		const project = { status: 'open', editWindowMinutes: 60 };
		const at = (minutes: number) => new Date(Date.parse(idea.createdAt) + minutes * 60_000);
		const user = (userId: string, role: 'citizen' | 'moderator' | 'admin' | 'facilitator') => ({ kind: 'user' as const, userId, displayName: userId, role });
		expect(ideaRightsOf(user('a', 'citizen'), idea, project, at(59))).toEqual({ edit: true, withdraw: true, markDuplicate: false });
		expect(ideaRightsOf(user('a', 'citizen'), idea, project, at(60)).edit).toBe(false);
		expect(ideaRightsOf(user('m', 'moderator'), idea, project, at(1))).toEqual({ edit: false, withdraw: true, markDuplicate: true });
		expect(ideaRightsOf(user('f', 'facilitator'), idea, project, at(1))).toEqual({ edit: false, withdraw: false, markDuplicate: false });
		expect(ideaRightsOf(user('a', 'admin'), { ...idea, withdrawn: { at: '', reason: '', byAuthor: true } }, project, at(1))).toEqual({ edit: false, withdraw: false, markDuplicate: false });
		expect(ideaRightsOf(user('a', 'citizen'), { ...idea, duplicateOf: 'b' }, project, at(1)).edit).toBe(false);
	});
});
