/** What a live command answered, as the idea page's forms show it (field errors beside fields, else one message). */
export type ActionResult = { ok: true } | { ok: false; message: string; fields?: Readonly<Record<string, string>> };

/** What a refused no-JavaScript post sent back (the action's failure data), read field by field. */
export type FormEcho = Readonly<Record<string, unknown>>;

export function echoed(echo: FormEcho | null | undefined, field: string): string | undefined {
	const value = echo?.[field];
	return typeof value === 'string' ? value : undefined;
}
