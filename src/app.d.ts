import type { Actor } from '$lib/domain/actors';
import type { AckErrorCode } from '$lib/realtime/protocol';
import type { App as AgoraApp } from '$lib/server/app';

declare global {
	namespace App {
		interface Error {
			message: string;
			code?: AckErrorCode;
			/** `rate_limited`: whole seconds until trying again can succeed. */
			retryAfterSeconds?: number;
		}
		interface Locals {
			app: AgoraApp;
			actor: Actor;
			sessionToken: string | undefined;
		}
	}
}

export {};
