import { randomUUID } from 'node:crypto';
import type { Role } from '@lastmile/shared';
import type { Database } from '../../apps/server/src/db/client';
import type { ServiceContext } from '../../apps/server/src/plugins/auth';

/** A signed-in caller for calling services directly: `role` with its scope at `regionCode`. */
export function serviceContext(
  database: Database,
  role: Role,
  regionCode: string,
  prefix: string,
  name: string,
): ServiceContext {
  return {
    db: database.db,
    actor: {
      id: randomUUID(),
      username: `bench.${role}`,
      displayName: '基准测试',
      role,
      scope: { regionCode, prefix },
      scopeRegionName: name,
      countyCode: regionCode.slice(0, 6),
      department: null,
      personId: null,
      csrfToken: '',
    },
  };
}
