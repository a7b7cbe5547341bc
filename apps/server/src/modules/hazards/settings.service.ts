/**
 * Hazard settings (隐患设置) of a county: default deadlines by grade, the supervision ladder,
 * summons response time, rewards, judging standards and inspection checklists. Defaults live in
 * shared code; a province or county stores only what it changes.
 */
import {
  hazardSettingsOverride,
  ledgerSettingsRoles,
  mergeHazardSettings,
  type HazardSettings,
  type HazardSettingsOverride,
} from '@lastmile/shared';
import type { Executor } from '../../db/client';
import { readSettingsOverrides, writeSettingsOverride } from '../../lib/region-settings';
import type { ServiceContext } from '../../plugins/auth';
import { recordAudit } from '../audit';
import { assertRole, resolveRegion } from '../org';

export async function effectiveHazardSettings(db: Executor, code: string): Promise<HazardSettings> {
  const overrides = await readSettingsOverrides(db, 'hazard_settings', code);
  return mergeHazardSettings(overrides.map((override) => hazardSettingsOverride.parse(override)));
}

export async function getHazardSettings(ctx: ServiceContext, regionCode?: string) {
  const region = await resolveRegion(
    ctx.db,
    ctx.actor.scope,
    regionCode ?? ctx.actor.scope.regionCode,
  );
  return {
    regionCode: region.code,
    settings: await effectiveHazardSettings(ctx.db, region.code),
    editable:
      ledgerSettingsRoles.includes(ctx.actor.role) &&
      ['province', 'city', 'county'].includes(region.level),
  };
}

/** Stores a province's or county's changes to the defaults. County admins only. */
export async function updateHazardSettings(
  ctx: ServiceContext,
  body: { regionCode: string; override: HazardSettingsOverride },
) {
  assertRole(ctx.actor, ledgerSettingsRoles);
  const region = await resolveRegion(ctx.db, ctx.actor.scope, body.regionCode, [
    'province',
    'city',
    'county',
  ]);
  const before = await effectiveHazardSettings(ctx.db, region.code);
  await ctx.db.transaction(async (tx) => {
    await writeSettingsOverride(tx, 'hazard_settings', region.code, body.override);
    await recordAudit(
      tx,
      ctx.actor,
      {
        action: 'hazardSettings.update',
        entity: 'hazardSettings',
        entityId: region.code,
        regionCode: region.code,
        before,
        after: body.override,
      },
      ctx.requestId,
    );
  });
  return getHazardSettings(ctx, region.code);
}
