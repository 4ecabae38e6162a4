import { DomainError } from '../../domain/errors';
import { PROJECT_STATUSES, type Project, type ProjectStatus } from '../../domain/projects';
import type { ServicePorts } from '../ports';
import type { ProjectRecord } from '../storage/store';

export function toProject(record: ProjectRecord): Project {
	const status = (PROJECT_STATUSES as readonly string[]).includes(record.status) ? (record.status as ProjectStatus) : 'closed';
	return { id: record.id, slug: record.slug, title: record.title, description: record.description, status, createdAt: record.createdAt };
}

export function createProjectsService({ store, clock, ids }: ServicePorts) {
	return {
		async list(): Promise<Project[]> {
			return (await store.projects.list()).map(toProject);
		},

		/** Throws `not_found` for an unknown id. */
		async getById(id: string): Promise<Project> {
			const record = await store.projects.findById(id);
			if (!record) throw new DomainError('not_found', 'There is no such project.');
			return toProject(record);
		},

		/** Throws `not_found` for an unknown slug. */
		async getBySlug(slug: string): Promise<Project> {
			const record = await store.projects.findBySlug(slug);
			if (!record) throw new DomainError('not_found', 'There is no such project.');
			return toProject(record);
		},

		/** Creates the project unless one with this slug exists (operator tool: demo seeding). */
		async ensure(input: { slug: string; title: string; description: string; status: ProjectStatus }): Promise<Project> {
			return toProject(
				await store.projects.insertIfAbsent({ id: ids.next(), ...input, createdAt: clock.now().toISOString() })
			);
		}
	};
}

export type ProjectsService = ReturnType<typeof createProjectsService>;
