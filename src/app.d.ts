import type { Actor } from '$lib/domain/actors';
import type { AckErrorCode } from '$lib/realtime/protocol';
import type { Locale } from '$lib/paraglide/runtime';
import type { App as AgoraApp } from '$lib/server/app';

declare global {
	namespace App {
		interface Error {
			message: string;
			code?: AckErrorCode;
			key?: string;
			params?: Readonly<Record<string, string | number>>;
			/** `rate_limited`: whole seconds until trying again can succeed. */
			retryAfterSeconds?: number;
		}
		interface Locals {
			app: AgoraApp;
			actor: Actor;
			sessionToken: string | undefined;
			/** L2: the language this request is answered in. */
			locale: Locale;
		}
	}
}

export {};
