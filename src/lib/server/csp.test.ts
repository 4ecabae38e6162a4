import { describe, expect, it } from 'vitest';
import { allowTileImages, tileSourceOf } from './csp';

describe('the map tile source in the CSP', () => {
	it('is the origin of the tile URL, a placeholder subdomain as a wildcard', () => {
		expect(tileSourceOf('https://tile.openstreetmap.org/{z}/{x}/{y}.png')).toBe('https://tile.openstreetmap.org');
		expect(tileSourceOf('https://{s}.tile.example:8443/{z}/{x}/{y}.png?key=1')).toBe('https://*.tile.example:8443');
		expect(tileSourceOf('http://Tiles.Example/{z}/{x}/{y}')).toBe('http://tiles.example');
	});

	it('is added to img-src only, keeping every other directive and nonce', () => {
		const csp = "default-src 'self'; script-src 'self' 'nonce-abc'; img-src 'self' data: blob:; object-src 'none'";
		expect(allowTileImages(csp, 'https://tile.openstreetmap.org/{z}/{x}/{y}.png')).toBe(
			"default-src 'self'; script-src 'self' 'nonce-abc'; img-src 'self' data: blob: https://tile.openstreetmap.org; object-src 'none'"
		);
		expect(allowTileImages("script-src 'self'", 'https://t.example/{z}/{x}/{y}')).toBe("script-src 'self'");
	});
});
