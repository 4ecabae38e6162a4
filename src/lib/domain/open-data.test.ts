import { describe, expect, it } from 'vitest';
import { csvCell } from './open-data';

describe('open-data CSV cells', () => {
	it('[M12] defuses text a spreadsheet would run as a formula', () => {
		for (const formula of ['=1+1', '+1', '-1', '@SUM(A1)', '\tcmd', '\rcmd']) expect(csvCell(formula).replace(/^"/, '').startsWith(`'`)).toBe(true);
		expect(csvCell('A plain title')).toBe('A plain title');
	});

	it('[M12] quotes per RFC 4180 and leaves numbers, booleans and nulls as values', () => {
		expect(csvCell('a, "b"\nc')).toBe('"a, ""b""\nc"');
		expect(csvCell(-4.35)).toBe('-4.35');
		expect(csvCell(true)).toBe('true');
		expect(csvCell(null)).toBe('');
	});
});
