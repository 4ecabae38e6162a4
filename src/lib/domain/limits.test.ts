import { describe, expect, it } from 'vitest';
import { addressKey, retryParams } from './limits';

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
