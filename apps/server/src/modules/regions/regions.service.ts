/**
 * The administrative division tree (行政区划): county → townships (乡镇/街道) → villages
 * (村/社区). Everything else in Lastmile hangs off these codes; users see only their subtree.
 */
import { padRegionCode, type Region, type RegionDetail } from '@lastmile/shared';
import type { Executor } from '../../db/client';
import { notFound, outOfScope } from '../../errors';
import type { Actor } from '../../plugins/auth';
import { isInScope, scopePrefix } from '../../plugins/scope';
import {
  countVillagesIn,
  findRegion,
  listChildRegions,
  listRegionPath,
} from './regions.repository';

function resolveCode(actor: Actor, code: string | undefined): string {
  const full = code ? padRegionCode(code) : actor.scope.regionCode;
  if (!isInScope(actor.scope, full)) {
    throw outOfScope();
  }
  return full;
}

/** One region inside the actor's scope, with its path from the scope root and village count. */
export async function getRegion(db: Executor, actor: Actor, code: string): Promise<RegionDetail> {
  const full = resolveCode(actor, code);
  const found = await findRegion(db, full);
  if (!found) {
    throw notFound('region');
  }
  const path = (await listRegionPath(db, full)).filter((step) =>
    isInScope(actor.scope, step.code),
  );
  const villageCount =
    found.level === 'village'
      ? 1
      : await countVillagesIn(db, { regionCode: full, prefix: scopePrefix(full, found.level) });
  return { ...found, path, villageCount };
}

/** The children of a region inside the actor's scope (its own scope region by default). */
export async function listRegionChildren(
  db: Executor,
  actor: Actor,
  code: string | undefined,
): Promise<{ items: Region[]; total: number }> {
  const full = resolveCode(actor, code);
  if (!(await findRegion(db, full))) {
    throw notFound('region');
  }
  const items = await listChildRegions(db, full);
  return { items, total: items.length };
}
