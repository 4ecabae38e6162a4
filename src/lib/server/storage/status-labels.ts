import type { Executor } from './executor';

export interface StatusLabelRecord {
	status: string;
	names: string;
	colour: string;
}

/** ST9: the city's names and colours for statuses. */
export function statusLabelsRepository(db: Executor) {
	return {
		async list(): Promise<StatusLabelRecord[]> {
			return db.selectFrom('status_labels').select(['status', 'names', 'colour']).execute();
		},
		/** Replaces every status's label at once (one form saves them all). */
		async replaceAll(labels: readonly StatusLabelRecord[], by: string, at: string): Promise<void> {
			await db.deleteFrom('status_labels').execute();
			if (labels.length === 0) return;
			await db
				.insertInto('status_labels')
				.values(labels.map((label) => ({ status: label.status, names: label.names, colour: label.colour, changed_at: at, changed_by: by })))
				.execute();
		}
	};
}
