import { describe, expect, it } from 'vitest';
import { readConfig } from './config';

describe('readConfig', () => {
	it('has embedded defaults', () => {
		const config = readConfig({});
		expect(config).toMatchObject({ port: 3000, dataDir: './data', databaseUrl: null, redisUrl: null, publicOrigin: 'http://localhost:3000' });
		expect(config.map.tileUrl).toContain('{z}');
	});

	it('treats empty variables as unset', () => {
		expect(readConfig({ DATABASE_URL: '', PORT: '' }).databaseUrl).toBeNull();
	});

	it.each([
		['PORT', 'eighty'],
		['PORT', '70000'],
		['DATABASE_URL', 'mysql://localhost/agora'],
		['REDIS_URL', 'http://localhost'],
		['PUBLIC_ORIGIN', 'https://agora.example/path'],
		['MAP_TILE_URL', 'https://tiles.example/tile.png'],
		['LOG_LEVEL', 'loud'],
		['LIVE_COUNTS_WINDOW_MS', '-1'],
		['LIVE_COUNTS_WINDOW_MS', '5000'],
		['LIVE_COUNTS_WINDOW_MS', '12.5']
	])('stops on a wrong %s and names it', (name, value) => {
		expect(() => readConfig({ [name]: value })).toThrow(new RegExp(`${name}:`));
	});

	it('[V6] coalesces counts over 50 ms unless told otherwise; 0 sends every change', () => {
		expect(readConfig({}).liveCountsWindowMs).toBe(50);
		expect(readConfig({ LIVE_COUNTS_WINDOW_MS: '0' }).liveCountsWindowMs).toBe(0);
		expect(readConfig({ LIVE_COUNTS_WINDOW_MS: '200' }).liveCountsWindowMs).toBe(200);
	});

	it('makes cookies secure behind https', async () => {
		const { cookiesAreSecure } = await import('./config');
		expect(cookiesAreSecure(readConfig({ PUBLIC_ORIGIN: 'https://agora.example' }))).toBe(true);
		expect(cookiesAreSecure(readConfig({}))).toBe(false);
	});

	it('[E13] mail: the outbox only unless SMTP_URL; MAIL_FROM is one line with an address', () => {
		expect(readConfig({}).mail).toEqual({ smtpUrl: null, from: 'Agora <agora@localhost>' });
		expect(readConfig({ SMTP_URL: 'smtps://user:p%40ss@mail.example:465', MAIL_FROM: 'Agora Brussels <agora@brussels.example>' }).mail).toEqual({
			smtpUrl: 'smtps://user:p%40ss@mail.example:465',
			from: 'Agora Brussels <agora@brussels.example>'
		});
		expect(() => readConfig({ SMTP_URL: 'http://mail.example' })).toThrow(/SMTP_URL/);
		expect(() => readConfig({ MAIL_FROM: 'Agora' })).toThrow(/MAIL_FROM/);
		expect(() => readConfig({ MAIL_FROM: 'a@b.example\r\nBcc: x@y.example' })).toThrow(/MAIL_FROM/);
	});
});
