import { describe, expect, it } from 'vitest';
import { sessionTokenFromCookieHeader } from './session-cookie';

describe('sessionTokenFromCookieHeader', () => {
	it('finds the session among other cookies', () => {
		expect(sessionTokenFromCookieHeader('theme=dark; agora_session=abc%2Ddef; x=1')).toBe('abc-def');
	});

	it.each([undefined, '', 'agora_session', 'other=1', 'agora_session=%ff', 'agora_session=%E0%A4%A'])('treats %j as no token', (header) => {
		expect(sessionTokenFromCookieHeader(header)).toBeUndefined();
	});
});
