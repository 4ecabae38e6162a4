import { describe, expect, it } from 'vitest';
import { addressKey, limitSubjectOf, LIMITS, rateLimitedError, retryParams } from './limits';

describe('addressKey', () => {
	it('keeps IPv4 addresses, also IPv4-mapped ones', () => {
		expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
		expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
	});

	it('counts IPv6 by /64, however it is written', () => {
		expect(addressKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
		expect(addressKey('2001:0db8:0001:0002::1')).toBe('2001:db8:1:2::/64');
		expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
		expect(addressKey('::1')).toBe('0:0:0:0::/64');
	});
});

describe('retryParams', () => {
	it('says when to come back, in seconds and in whole minutes', () => {
		expect(retryParams(30)).toEqual({ retryAfterSeconds: 30, minutes: 1 });
		expect(retryParams(61.2)).toEqual({ retryAfterSeconds: 62, minutes: 2 });
		expect(retryParams(0)).toEqual({ retryAfterSeconds: 1, minutes: 1 });
	});
});

describe('limitSubjectOf', () => {
	it('counts a signed-in actor by account and /64, a guest by address only', () => {
		expect(limitSubjectOf({ kind: 'user', userId: 'u1', displayName: 'U', role: 'citizen', address: '2001:db8:1:2::9' })).toEqual({
			account: 'u1',
			address: '2001:db8:1:2::/64'
		});
		expect(limitSubjectOf({ kind: 'guest', address: '::ffff:203.0.113.7' })).toEqual({ address: '203.0.113.7' });
		expect(limitSubjectOf({ kind: 'guest' })).toEqual({});
	});
});

describe('rateLimitedError', () => {
	it('carries the wait in whole seconds, at least one', () => {
		expect(rateLimitedError(0.2)).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 1 });
		expect(rateLimitedError(59.01)).toMatchObject({ retryAfterSeconds: 60, key: 'rate_limited', params: { retryAfterSeconds: 60, minutes: 1 } });
	});

	it('every limit window has positive numbers and a rule id', () => {
		for (const windows of Object.values(LIMITS)) {
			for (const window of windows) expect(window.points > 0 && window.windowSeconds > 0 && /^R\d+$/.test(window.rule)).toBe(true);
		}
	});
});
