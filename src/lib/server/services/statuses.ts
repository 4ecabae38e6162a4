import { z } from 'zod';
import { requireSignedIn, type Actor } from '../../domain/actors';
import { DomainError } from '../../domain/errors';
import { IDEA_STATUSES, type IdeaStatus } from '../../domain/ideas';
import { limitSubjectOf } from '../../domain/limits';
import { INTERFACE_LOCALES } from '../../domain/locales';
import { DEFAULT_STATUS_LABELS, STATUS_COLOURS, statusLabelsSchema, type StatusLabel, type StatusLabels } from '../../domain/statuses';
import { parseInput } from '../../domain/validation';
import type { ServicePorts } from '../ports';

/** How long a node trusts what it read of the labels: an admin's change reaches every node within it (ST9). */
export const STATUS_LABELS_CACHE_MS = 30_000;

const storedNames = z.object(Object.fromEntries(INTERFACE_LOCALES.map((locale) => [locale, z.string().min(1).max(200)])) as Record<(typeof INTERFACE_LOCALES)[number], z.ZodString>);

/** ST9: the names and colours the city gives idea statuses, in its three languages. */
export function createStatusesService({ store, clock, limits }: ServicePorts) {
	let cached: { labels: StatusLabels; readAt: number } | null = null;

	return {
		/** Every status's label: the city's where it set one, else Agora's words (names null) and colour. */
		async labels(): Promise<StatusLabels> {
			const now = clock.now().getTime();
			if (cached && now - cached.readAt < STATUS_LABELS_CACHE_MS) return cached.labels;
			const rows = await store.statusLabels.list();
			const labels: Record<IdeaStatus, StatusLabel> = { ...DEFAULT_STATUS_LABELS };
			for (const row of rows) {
				if (!(IDEA_STATUSES as readonly string[]).includes(row.status)) continue;
				const colour = (STATUS_COLOURS as readonly string[]).includes(row.colour) ? (row.colour as StatusLabel['colour']) : DEFAULT_STATUS_LABELS[row.status as IdeaStatus].colour;
				let names: StatusLabel['names'] = null;
				try {
					const parsed = storedNames.safeParse(JSON.parse(row.names));
					if (parsed.success) names = parsed.data;
				} catch {
					names = null;
				}
				labels[row.status as IdeaStatus] = { names, colour };
			}
			cached = { labels, readAt: now };
			return labels;
		},

		/** ST9: admins name and colour every status in the three languages at once; `null` goes back to Agora's. */
		async setLabels(actor: Actor, input: unknown): Promise<StatusLabels> {
			const admin = requireSignedIn(actor, 'auth_sign_in_to_manage');
			const labels = input === null ? null : parseInput(statusLabelsSchema, input);
			if (admin.role !== 'admin') throw new DomainError('forbidden', 'status_labels_forbidden');
			await limits.take('status.labels', limitSubjectOf(actor));
			const records = labels
				? IDEA_STATUSES.map((status) => ({ status, names: JSON.stringify(labels[status].names), colour: labels[status].colour }))
				: [];
			await store.transaction((tx) => tx.statusLabels.replaceAll(records, admin.userId, clock.now().toISOString()));
			cached = null;
			return this.labels();
		}
	};
}

export type StatusesService = ReturnType<typeof createStatusesService>;
