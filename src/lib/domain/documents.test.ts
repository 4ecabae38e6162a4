import { describe, expect, it } from 'vitest';
import { GUEST } from './actors';
import { documentAccess, parseDocumentName, presenceColourOf, presenceUserOf } from './documents';

const as = (role: 'citizen' | 'facilitator' | 'moderator' | 'admin') => ({ kind: 'user' as const, userId: 'u', displayName: 'U', role });

describe('documents', () => {
	it('parses known kinds only', () => {
		expect(parseDocumentName('notes:abc_1')).toEqual({ kind: 'notes', id: 'abc_1' });
		expect(parseDocumentName('drafts:abc')).toBeNull();
		expect(parseDocumentName('notes:../x')).toBeNull();
		expect(parseDocumentName('notes:' + 'x'.repeat(65))).toBeNull();
	});

	it('[Y1] guests get nothing', () => {
		expect(documentAccess(GUEST, { kind: 'notes', id: 'p' })).toBe('none');
	});

	it('[Y2] staff write notes, citizens read them', () => {
		expect(documentAccess(as('citizen'), { kind: 'notes', id: 'p' })).toBe('read');
		for (const role of ['facilitator', 'moderator', 'admin'] as const) expect(documentAccess(as(role), { kind: 'notes', id: 'p' })).toBe('write');
	});

	it('[Y6] presence shows the actor’s name and role, in a colour that follows the user id', () => {
		const actor = { ...as('citizen'), userId: 'user-1', displayName: 'Amira' };
		expect(presenceUserOf(actor)).toEqual({ name: 'Amira', color: presenceColourOf('user-1'), role: 'citizen' });
		expect(presenceColourOf('user-1')).toMatch(/^#[0-9a-f]{6}$/);
		expect(presenceColourOf('user-1')).toBe(presenceColourOf('user-1'));
		const colours = new Set(Array.from({ length: 50 }, (_, i) => presenceColourOf(`user-${i}`)));
		expect(colours.size).toBeGreaterThan(6);
	});
});
