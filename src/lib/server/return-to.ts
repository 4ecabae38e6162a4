/** Only same-site paths are followed after sign-in, never another origin (open-redirect guard). */
export function safeReturnTo(value: FormDataEntryValue | string | null | undefined): string {
	if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
	return value.slice(0, 500);
}
