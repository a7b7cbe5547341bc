/**
 * In-app notices (站内通知), the first channel: a notice goes to a person (whoever is linked to
 * them as a user sees it), to a township or county office (users scoped exactly there with an
 * office role), or to a county department (its department users). SMS and voice follow with the
 * warnings work and read the same rows.
 */
import { sql } from 'drizzle-orm';
import type { Notification } from '@lastmile/shared';
import { queryRows, type Executor } from '../../db/client';
import { isoTimestamp } from '../../db/sql-helpers';
import { AppError } from '../../errors';
import type { Actor } from '../../plugins/auth';
import { countyCodeOf } from '../../plugins/scope';

export interface NoticeRecipient {
  userId?: string | null;
  personId?: string | null;
  officeRegionCode?: string | null;
  department?: string | null;
}

export interface Notice {
  kind: string;
  title: string;
  body: string;
  entity: string;
  entityId: string;
  regionCode: string;
}

/** Writes one notice per recipient, in the caller's transaction. */
export async function notify(
  db: Executor,
  recipients: NoticeRecipient[],
  notice: Notice,
): Promise<void> {
  const county = countyCodeOf(notice.regionCode);
  for (const to of recipients) {
    await db.execute(
      sql`insert into notification (county_code, user_id, person_id, office_region_code, department,
            kind, title, body, entity, entity_id)
          values (${county}, ${to.userId ?? null}, ${to.personId ?? null}, ${to.officeRegionCode ?? null},
            ${to.department ?? null}, ${notice.kind}, ${notice.title}, ${notice.body}, ${notice.entity},
            ${notice.entityId})`,
    );
  }
}

const officeRoles = ['county_admin', 'county_staff', 'township_admin', 'township_staff'];

/** The notices an actor sees: their own, their person's, their office's, their department's. */
function audience(actor: Actor) {
  const clauses = [sql`n.user_id = ${actor.id}`];
  if (actor.personId) {
    clauses.push(sql`n.person_id = ${actor.personId}`);
  }
  if (officeRoles.includes(actor.role)) {
    clauses.push(sql`n.office_region_code = ${actor.scope.regionCode}`);
  }
  if (actor.role === 'department' && actor.department) {
    clauses.push(sql`(n.county_code = ${actor.countyCode} and n.department = ${actor.department})`);
  }
  return sql`(${sql.join(clauses, sql` or `)})`;
}

export async function listNotifications(
  db: Executor,
  actor: Actor,
  query: { unread?: boolean | undefined; limit: number; offset: number },
): Promise<{ items: Notification[]; total: number }> {
  const where = query.unread ? sql`${audience(actor)} and n.read_at is null` : audience(actor);
  const [items, [count]] = await Promise.all([
    queryRows<Notification>(
      db,
      sql`select n.id, n.kind, n.title, n.body, n.entity, n.entity_id as "entityId",
            ${isoTimestamp(sql`n.created_at`)} as "createdAt", ${isoTimestamp(sql`n.read_at`)} as "readAt"
          from notification n where ${where}
          order by n.created_at desc, n.id desc limit ${query.limit} offset ${query.offset}`,
    ),
    queryRows<{ total: number }>(
      db,
      sql`select count(*)::int as total from notification n where ${where}`,
    ),
  ]);
  return { items, total: count?.total ?? 0 };
}

export async function markNotificationRead(db: Executor, actor: Actor, id: string): Promise<void> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update notification n set read_at = coalesce(n.read_at, now())
        where n.id = ${id} and ${audience(actor)} returning n.id`,
  );
  if (rows.length === 0) {
    throw new AppError('NOTIFICATION_NOT_FOUND', 404);
  }
}
