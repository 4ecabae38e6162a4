import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RequestHandler } from 'express';
import type { Config } from '../src/lib/server/config';

const BUILT_HANDLER = fileURLToPath(new URL('../build/handler.js', import.meta.url));

/**
 * The header through which Express tells SvelteKit the request's real protocol. Express sets it from the socket
 * (or a loopback proxy's X-Forwarded-Proto) and overwrites whatever a client sent under that name.
 */
export const PROTOCOL_HEADER = 'x-agora-protocol';

export function hasProductionBuild(): boolean {
	return existsSync(BUILT_HANDLER);
}

/**
 * Loads SvelteKit's production handler. adapter-node reads its settings from the environment once, at import:
 * with PUBLIC_ORIGIN set, every URL (and the CSRF check) uses that origin; otherwise the Host header and the
 * protocol Express saw decide, so http://localhost and http://127.0.0.1 both work out of the box.
 */
export async function loadSvelteKitHandler(config: Config): Promise<RequestHandler> {
	if (config.publicOriginExplicit) process.env.ORIGIN ??= config.publicOrigin;
	else process.env.PROTOCOL_HEADER ??= PROTOCOL_HEADER;
	const module = (await import(pathToFileURL(BUILT_HANDLER).href)) as { handler: RequestHandler };
	return module.handler;
}
