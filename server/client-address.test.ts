import { describe, expect, it } from 'vitest';
import { clientAddressOf } from './client-address';

describe('clientAddressOf', () => {
	it('is the connection’s address without ADDRESS_HEADER, whatever the client claims', () => {
		expect(clientAddressOf({ 'x-forwarded-for': '6.6.6.6' }, '203.0.113.1', { addressHeader: null, xffDepth: 1 })).toBe('203.0.113.1');
	});

	it('reads x-forwarded-for the way adapter-node does: XFF_DEPTH entries from the right', () => {
		const headers = { 'x-forwarded-for': '6.6.6.6, 198.51.100.7, 10.0.0.2' };
		expect(clientAddressOf(headers, '127.0.0.1', { addressHeader: 'x-forwarded-for', xffDepth: 1 })).toBe('10.0.0.2');
		expect(clientAddressOf(headers, '127.0.0.1', { addressHeader: 'x-forwarded-for', xffDepth: 2 })).toBe('198.51.100.7');
	});

	it('reads another header as is, and falls back to the connection when the header is missing', () => {
		expect(clientAddressOf({ 'x-real-ip': '2001:db8::5' }, '127.0.0.1', { addressHeader: 'x-real-ip', xffDepth: 1 })).toBe('2001:db8::5');
		expect(clientAddressOf({}, '127.0.0.1', { addressHeader: 'x-real-ip', xffDepth: 1 })).toBe('127.0.0.1');
	});
});
