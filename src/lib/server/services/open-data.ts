import type { Actor } from '../../domain/actors';
import { DomainError } from '../../domain/errors';
import { limitSubjectOf } from '../../domain/limits';
import type { OpenDataIdea } from '../../domain/open-data';
import type { Project } from '../../domain/projects';
import type { ServicePorts } from '../ports';
import { toProject } from './projects';

/** Ideas read per page of an export: a few hundred kilobytes in memory at a time, whatever the project's size. */
export const OPEN_DATA_PAGE = 1_000;

/**
 * M11–M12: a project's ideas as open data, under the deployment's licence. Anyone may download; R19 limits how often
 * per address, since each download reads the whole project.
 */
export function createOpenDataService({ store, limits }: ServicePorts, options: { licence: string }) {
	return {
		/**
		 * The project with this slug and its ideas as pages (read lazily, one page per step of the iterator, so a
		 * stream never holds more than one). `not_found` for an unknown slug.
		 */
		async export(actor: Actor, slug: unknown): Promise<{ project: Project; licence: string; pages: AsyncIterable<OpenDataIdea[]> }> {
			const record = typeof slug === 'string' && /^[a-z0-9-]{1,60}$/.test(slug) ? await store.projects.findBySlug(slug) : undefined;
			if (!record) throw new DomainError('not_found', 'project_not_found');
			await limits.take('openData.export', limitSubjectOf(actor));
			const project = toProject(record);
			async function* pages(): AsyncIterable<OpenDataIdea[]> {
				let after: string | null = null;
				for (;;) {
					const page = await store.openData.page(project.id, after, OPEN_DATA_PAGE);
					if (page.length > 0) yield page;
					if (page.length < OPEN_DATA_PAGE) return;
					after = page[page.length - 1]!.id;
				}
			}
			return { project, licence: options.licence, pages: pages() };
		}
	};
}

export type OpenDataService = ReturnType<typeof createOpenDataService>;
