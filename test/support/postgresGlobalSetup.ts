/**
 * Integration tests run against PGlite and against a real PostgreSQL. This global setup provides the latter:
 * TEST_DATABASE_URL when given (an admin connection string; each test file creates its own database), otherwise
 * a throwaway cluster started from Debian's postgresql package (test/support/postgresCluster.ts). Without
 * PostgreSQL installed the PostgreSQL suites fail in CI and are skipped with a message elsewhere.
 */
import type { TestProject } from 'vitest/node';
import { startThrowawayPostgres } from './postgresCluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin connection string of a PostgreSQL server, or '' with postgresSkipReason set. */
    postgresAdminUrl: string;
    postgresSkipReason: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  if (process.env['TEST_DATABASE_URL']) {
    project.provide('postgresAdminUrl', process.env['TEST_DATABASE_URL']);
    project.provide('postgresSkipReason', '');
    return undefined;
  }
  const pg = await startThrowawayPostgres();
  if (pg.adminUrl === null) {
    if (process.env['CI']) throw new Error(pg.skipReason);
    project.provide('postgresAdminUrl', '');
    project.provide('postgresSkipReason', pg.skipReason);
    return undefined;
  }
  project.provide('postgresAdminUrl', pg.adminUrl);
  project.provide('postgresSkipReason', '');
  return () => pg.stop();
}
