import { describe, expect, it } from 'vitest';
import { safeReturnTo } from './return-to';

describe('safeReturnTo', () => {
	it('keeps same-site paths with their query and hash', () => {
		expect(safeReturnTo('/projects/green?x=1#idea-2')).toBe('/projects/green?x=1#idea-2');
	});

	it.each([
		'https://evil.example',
		'//evil.example',
		'/\\evil.example',
		'/\t/evil.example',
		'/%09/evil.example',
		'\n//evil.example',
		'/\n/evil.example',
		'javascript:alert(1)',
		'evil.example',
		'',
		null,
		undefined,
		'/' + 'a'.repeat(600),
		'/.//evil.example',
		'/./\\evil.example',
		'/projects/../..//evil.example',
		'/projects/..//evil.example',
		'/%2F/evil.example',
		'/%2F%2Fevil.example',
		'/%5Cevil.example',
		'/%5C%5Cevil.example',
		'/%2F%5Cevil.example',
		'/.%2F%2Fevil.example',
		'/./%09/evil.example',
		'/.\t//evil.example',
		'/\\/evil.example',
		'/%252F%252Fevil.example'
	])('sends %j home instead', (value) => {
		const result = safeReturnTo(value);
		expect(result === '/' || new URL(result, 'http://agora.invalid').origin === 'http://agora.invalid').toBe(true);
		expect(result).not.toMatch(/^[/\\]{2}/);
		expect(decodeURIComponent(result)).not.toMatch(/^[/\\]{2}/);
	});
});
