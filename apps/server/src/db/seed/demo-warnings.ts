/**
 * A demo warning, so the warnings pages are not empty on first sight: an upper yellow rainstorm
 * warning from the county weather bureau for the demo township, which the township has relayed
 * with its local instructions. Most village cadres have answered; the demo grid worker has not,
 * so a newcomer can sign in as grid.worker and answer it, and the silent are chased (through the
 * fake gateway in the demo) and escalated on the board as the minutes pass. Goes through the
 * warnings service as the demo's county and township users would.
 */
import { sql } from 'drizzle-orm';
import type { Role } from '@lastmile/shared';
import { queryRows, type Db } from '../client';
import { beijingTime, ingestWarning, recordAnswer, relayWarning } from '../../modules/warnings';
import type { Actor } from '../../plugins/auth';
import { recordAudit } from '../../modules/audit';

async function demoActor(db: Db, username: string): Promise<Actor | undefined> {
  const [row] = await queryRows<{
    id: string;
    displayName: string;
    role: Role;
    scopeRegionCode: string;
    scopePrefix: string;
    countyCode: string;
    scopeRegionName: string;
    personId: string | null;
  }>(
    db,
    sql`select u.id, u.display_name as "displayName", u.role, u.scope_region_code as "scopeRegionCode",
               u.scope_prefix as "scopePrefix", u.county_code as "countyCode", r.name as "scopeRegionName",
               p.id as "personId"
        from app_user u join region r on r.code = u.scope_region_code left join person p on p.user_id = u.id
        where u.username = ${username}`,
  );
  return row
    ? {
        id: row.id,
        username,
        displayName: row.displayName,
        role: row.role,
        scope: { regionCode: row.scopeRegionCode, prefix: row.scopePrefix },
        scopeRegionName: row.scopeRegionName,
        countyCode: row.countyCode,
        department: null,
        personId: row.personId,
        csrfToken: '',
      }
    : undefined;
}

/** A moment `offsetMinutes` from now as the national format writes it, and as its id's stamp. */
function beijingNow(offsetMinutes: number): { stamp: string; text: string } {
  const local = beijingTime(new Date(Date.now() + offsetMinutes * 60_000).toISOString());
  return { stamp: local.replace(/\D/g, '').slice(0, 14), text: local.replace('T', ' ') };
}

export async function seedDemoWarnings(db: Db, countyCode: string): Promise<void> {
  const county = await demoActor(db, 'county.staff');
  const township = await demoActor(db, 'town.admin');
  if (!county || !township) {
    return;
  }
  const sent = beijingNow(-3);
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<alert>
  <identifier>${countyCode}41600000_${sent.stamp}</identifier>
  <sender>${county.scopeRegionName}气象局</sender>
  <sendTime>${sent.text}</sendTime>
  <status>Actual</status>
  <msgType>Alert</msgType>
  <scope>Public</scope>
  <info>
    <eventType>11B03</eventType>
    <urgency>Expected</urgency>
    <severity>Yellow</severity>
    <certainty>Likely</certainty>
    <senderName>${county.scopeRegionName}气象台</senderName>
    <headline>${county.scopeRegionName}气象台发布暴雨黄色预警信号</headline>
    <description>预计未来6小时${township.scopeRegionName}将出现50毫米以上降雨，局地伴有雷电和短时大风。</description>
    <instruction>做好城市、农田和鱼塘排涝；切断低洼地带有危险的室外电源；暂停户外作业。</instruction>
    <area><areaDesc>${township.scopeRegionName}</areaDesc><geocode>${township.scope.regionCode}</geocode></area>
  </info>
</alert>`;
  const upper = await ingestWarning({ db, actor: county }, xml);
  const relayed = await relayWarning({ db, actor: township }, upper.warning.id, {
    localInstructions:
      '各村（社区）立即巡查山塘、河道和低洼易涝点，提前转移危险区域群众，鸣锣示警。',
  });
  // Most village cadres have answered; grid workers are still being called.
  const cadres = await queryRows<{ ackId: string }>(
    db,
    sql`select id as "ackId" from warning_ack
        where warning_id = ${relayed.id} and post_kind in ('villageHead', 'villageStaff', 'partySecretary', 'townshipHead')
          and person_id is distinct from ${township.personId}::uuid
        order by id`,
  );
  for (const [index, cadre] of cadres.entries()) {
    if (index % 4 !== 3) {
      await recordAnswer(db, cadre, index % 2 === 0 ? 'app' : 'sms', 'system');
    }
  }
  // The demo grid worker's grid already has a door-to-door task (敲门入户), as the ladder gives
  // a grid where someone stayed silent: her field app shows its household checklist.
  const [task] = await queryRows<{ id: string; villageCode: string }>(
    db,
    sql`insert into warning_task (warning_id, county_code, grid_id, village_code)
        select ${relayed.id}, ${countyCode}, g.id, g.region_code
        from app_user u join person p on p.user_id = u.id
          join post o on o.person_id = p.id and o.grid_id is not null
          join grid g on g.id = o.grid_id
        where u.username = 'grid.worker'
        limit 1
        on conflict do nothing
        returning id, village_code as "villageCode"`,
  );
  if (task) {
    await recordAudit(db, 'system', {
      action: 'warningTask.create',
      entity: 'warningTask',
      entityId: task.id,
      regionCode: task.villageCode,
      after: { warningId: relayed.id, demo: true },
    });
  }
}
