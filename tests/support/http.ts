/**
 * Posts a form the way `use:enhance` does, so SvelteKit answers with its JSON action result; `status` is the
 * action's own status (a failure's 4xx), or the HTTP status when SvelteKit refused before the action ran.
 */
export async function postAction(
	url: string,
	fields: Record<string, string>,
	options: { cookie?: string; origin?: string; enhanced?: boolean; headers?: Record<string, string> } = {}
): Promise<{ status: number; result: { type: string; status?: number; location?: string; data?: unknown }; setCookie: string | null }> {
	const target = new URL(url);
	const response = await fetch(url, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin: options.origin ?? target.origin,
			'content-type': 'application/x-www-form-urlencoded',
			...(options.enhanced === false ? {} : { 'x-sveltekit-action': 'true', accept: 'application/json' }),
			...(options.cookie ? { cookie: options.cookie } : {}),
			...options.headers
		},
		body: new URLSearchParams(fields)
	});
	const text = await response.text();
	let result: { type: string; status?: number; location?: string; data?: unknown } = { type: 'html' };
	try {
		const parsed = JSON.parse(text) as { type: string; status?: number; location?: string; data?: string };
		// SvelteKit serialises action data with devalue; plain JSON.parse of the payload is enough for flat objects.
		result = { ...parsed, data: parsed.data ? reviveDevalue(JSON.parse(parsed.data)) : undefined };
	} catch {
		result = { type: 'html' };
	}
	// An enhanced action answers HTTP 200 and carries a failure's status inside its result.
	return { status: result.status ?? response.status, result, setCookie: response.headers.get('set-cookie') };
}

/** Rebuilds a devalue-encoded value (array of slots, first slot the root) for objects, arrays and primitives. */
function reviveDevalue(slots: unknown): unknown {
	if (!Array.isArray(slots)) return slots;
	const resolve = (index: number): unknown => {
		if (index < 0) return index === -1 ? undefined : null;
		const slot = slots[index];
		if (Array.isArray(slot)) return slot.map((child: number) => resolve(child));
		if (slot && typeof slot === 'object') {
			return Object.fromEntries(Object.entries(slot as Record<string, number>).map(([key, child]) => [key, resolve(child)]));
		}
		return slot;
	};
	return resolve(0);
}

export function cookieFrom(setCookie: string | null): string {
	if (!setCookie) throw new Error('no Set-Cookie header');
	return setCookie.split(';')[0]!;
}
