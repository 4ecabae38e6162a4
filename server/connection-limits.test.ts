import { describe, expect, it } from 'vitest';
import { createConnectionLimits } from './connection-limits';

const SMALL = {
	openPerAddress: 3,
	openPerAccount: 2,
	handshakesPerAddress: { points: 4, windowSeconds: 60 },
	handshakesPerAccount: { points: 3, windowSeconds: 60 }
};

describe('connection limits', () => {
	it('[R7] caps open connections per address, counting an IPv6 /64 as one, and frees a slot on release', () => {
		const limits = createConnectionLimits(SMALL);
		const admitted = ['2001:db8:1:2::1', '2001:db8:1:2::2', '2001:db8:1:2:ffff::3'].map((address) => limits.admit({ address }));
		expect(admitted.every((admission) => 'release' in admission)).toBe(true);
		expect(limits.admit({ address: '2001:db8:1:2::4' })).toMatchObject({ code: 'rate_limited', retryAfterSeconds: expect.any(Number) });
		expect('release' in limits.admit({ address: '2001:db8:1:3::1' })).toBe(true);
		const first = admitted[0]!;
		if ('release' in first) {
			first.release();
			first.release();
		}
		expect('release' in limits.admit({ address: '2001:db8:1:2::4' })).toBe(true);
		expect(limits.admit({ address: '2001:db8:1:2::5' })).toMatchObject({ code: 'rate_limited' });
	});

	it('[R7] caps open connections per account across addresses, and a refusal takes no slot', () => {
		const limits = createConnectionLimits(SMALL);
		expect('release' in limits.admit({ address: '203.0.113.1', account: 'u1' })).toBe(true);
		expect('release' in limits.admit({ address: '203.0.113.2', account: 'u1' })).toBe(true);
		expect(limits.admit({ address: '203.0.113.3', account: 'u1' })).toMatchObject({ code: 'rate_limited' });
		expect('release' in limits.admit({ address: '203.0.113.3' })).toBe(true);
		expect('release' in limits.admit({ address: '203.0.113.3', account: 'u2' })).toBe(true);
	});

	it('[R7] limits handshakes per address and per account, telling when to retry', async () => {
		const limits = createConnectionLimits(SMALL);
		const answers = await Promise.all(Array.from({ length: 6 }, () => limits.handshakeFrom('198.51.100.7')));
		expect(answers.filter((answer) => answer === null)).toHaveLength(4);
		expect(answers[5]).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 60 });
		const accountAnswers = await Promise.all(Array.from({ length: 4 }, () => limits.handshakeOf('u1')));
		expect(await limits.handshakeFrom('198.51.100.8')).toBeNull();
		expect(accountAnswers.filter((answer) => answer === null)).toHaveLength(3);
	});
});
