import { describe, expect, it } from 'vitest';
import { isTerminalYjsClose, shouldReconnectYjs, YJS_CLOSE, yjsCloseReason } from './yjs-close-reasons';

describe('Yjs close reasons', () => {
	it('stops reconnecting on the 44xx codes and on a frame too big, and keeps reconnecting otherwise', () => {
		for (const code of [YJS_CLOSE.malformed, YJS_CLOSE.signedOut, YJS_CLOSE.forbidden, YJS_CLOSE.tooLarge, 1009, 4499]) {
			expect(isTerminalYjsClose(code), String(code)).toBe(true);
			expect(shouldReconnectYjs({ code })).toBe(false);
		}
		for (const code of [1000, YJS_CLOSE.goingAway, 1006, 1011, 1012, 4000, 4500]) expect(shouldReconnectYjs({ code }), String(code)).toBe(true);
	});

	it('names the reason a person is shown', () => {
		expect(yjsCloseReason(YJS_CLOSE.tooLarge)).toBe('too-large');
		expect(yjsCloseReason(1009)).toBe('too-large');
		expect(yjsCloseReason(YJS_CLOSE.signedOut)).toBe('signed-out');
		expect(yjsCloseReason(YJS_CLOSE.forbidden)).toBe('forbidden');
		expect(yjsCloseReason(YJS_CLOSE.malformed)).toBe('malformed');
		expect(yjsCloseReason(4450)).toBe('malformed');
		expect(yjsCloseReason(1006)).toBeNull();
	});
});
