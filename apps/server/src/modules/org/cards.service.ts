/**
 * Duty cards (责任卡, seed 004 "一个网格员一张工作内容卡"): one card per grid head or worker and grid,
 * with the post's duties, the contacts above (grid head, village, township office, duty phone)
 * and below, and what is known of the grid. Duty texts are templates per post: built-in
 * defaults from the seed, overridable by a county or township.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import {
  adminRoles,
  dutyCardPostKinds,
  ledgerLabels,
  padRegionCode,
  type Contact,
  type DutyCard,
  type DutyCardPostKind,
  type GridKind,
  type PostKind,
  type RiskLevel,
} from '@lastmile/shared';
import { queryRows, type Executor } from '../../db/client';
import * as schema from '../../db/schema';
import type { ServiceContext } from '../../plugins/auth';
import { recordAudit } from '../audit';
import { listGridRiskPoints, listPostHolders } from './org.repository';
import { assertRole, loadPerson, resolveRegion, subtreePrefix } from './org.service';

/** Built-in duties, after seed 004 (网格员主要工作内容) and seed 002 (预警叫应). */
export const defaultDuties: Record<DutyCardPostKind, string[]> = {
  gridWorker: [
    '宣传普及安全生产、消防安全、防灾减灾、救灾救助、应急避险、自救互救等基本知识和技能。',
    '定期排查网格内安全生产及水旱灾害、火灾、森林草原火灾、地震和地质灾害等风险隐患，第一时间向村（社区）报告。',
    '督促整治隐患，对风险点开展经常性巡查监控。',
    '组织网格内单位和群众开展应急逃生、自救互救演练，熟悉疏散路线。',
    '收到预警后立即回复确认（叫应），逐户通知到人；第一时间报告灾害事故信息，组织群众疏散避险。',
    '承担网格内灾情统计报送、灾情核查、损失评估和救助管理等工作。',
  ],
  gridHead: [
    '全面负责本网格应急管理工作，组织网格员开展隐患排查、宣传教育和应急演练。',
    '掌握网格内户数、人口、重点场所和风险点底数，及时更新网格管理表。',
    '督促网格员落实巡查报告制度，第一时间向村（社区）和乡镇应急办报告重大风险隐患和灾害事故。',
    '收到预警后立即回复确认（叫应），组织网格员逐户通知，必要时组织群众转移避险。',
    '协助做好灾情统计、核查和救助工作。',
  ],
};

/** Duty texts for a township: its own, else its county's, else the built-in default. */
async function dutiesFor(
  db: Executor,
  townshipCode: string,
): Promise<Record<DutyCardPostKind, { lines: string[]; regionCode: string | null }>> {
  const county = padRegionCode(townshipCode.slice(0, 6));
  const rows = await db
    .select()
    .from(schema.dutyTemplate)
    .where(inArray(schema.dutyTemplate.regionCode, [townshipCode, county]));
  const pick = (kind: DutyCardPostKind) => {
    const own =
      rows.find((row) => row.regionCode === townshipCode && row.postKind === kind) ??
      rows.find((row) => row.regionCode === county && row.postKind === kind);
    return own
      ? { lines: own.lines as string[], regionCode: own.regionCode }
      : { lines: defaultDuties[kind], regionCode: null };
  };
  return { gridHead: pick('gridHead'), gridWorker: pick('gridWorker') };
}

interface CardPostRow {
  personId: string;
  name: string;
  mobile: string;
  kind: DutyCardPostKind;
  gridId: string;
  gridName: string;
  gridKind: GridKind;
  households: number | null;
  residents: number | null;
  villageCode: string;
  villageName: string;
  townshipCode: string;
  townshipName: string;
  dutyPhone: string | null;
}

async function listCardPosts(
  db: Executor,
  where: { prefix?: string; personId?: string },
): Promise<CardPostRow[]> {
  const condition = where.personId
    ? sql`po.person_id = ${where.personId}`
    : sql`po.region_code like ${`${where.prefix}%`}`;
  return queryRows<CardPostRow>(
    db,
    sql`select p.id as "personId", p.name, p.mobile, po.kind, g.id as "gridId", g.name as "gridName",
          g.kind as "gridKind", g.households, g.residents, v.code as "villageCode", v.name as "villageName",
          t.code as "townshipCode", t.name as "townshipName", tp.duty_phone as "dutyPhone"
        from post po
          join person p on p.id = po.person_id
          join grid g on g.id = po.grid_id
          join region v on v.code = g.region_code
          join region t on t.code = v.parent_code
          left join region_profile tp on tp.region_code = t.code
        where po.kind in ('gridHead', 'gridWorker') and ${condition}
        order by v.code, g.name, case po.kind when 'gridHead' then 0 else 1 end, p.name, p.id`,
  );
}

/** "风险点 3 处：石板河低洼处（重大风险）、…" — the grid's active risk points, worst first. */
function riskSummary(points: { name: string; level: RiskLevel }[]): string | null {
  if (points.length === 0) {
    return null;
  }
  const shown = points.slice(0, 5).map((point) => `${point.name}（${ledgerLabels['zh-CN'].riskLevel[point.level]}）`);
  return `风险点 ${points.length} 处：${shown.join('、')}${points.length > 5 ? '等' : ''}`;
}

/** Builds the cards for the given grid posts with a handful of queries, whatever their number. */
async function buildCards(db: Executor, posts: CardPostRow[]): Promise<DutyCard[]> {
  if (posts.length === 0) {
    return [];
  }
  const villages = [...new Set(posts.map((post) => post.villageCode))];
  const townships = [...new Set(posts.map((post) => post.townshipCode))];
  const gridIds = [...new Set(posts.map((post) => post.gridId))];
  const [villageHolders, townshipHolders, gridHolders, templates, risks] = await Promise.all([
    listPostHolders(db, villages, ['villageHead', 'villageStaff']),
    listPostHolders(db, townships, ['officeDirector', 'leaderInCharge']),
    db
      .select({
        gridId: schema.post.gridId,
        kind: schema.post.kind,
        name: schema.person.name,
        mobile: schema.person.mobile,
      })
      .from(schema.post)
      .innerJoin(schema.person, eq(schema.person.id, schema.post.personId))
      .where(
        and(
          inArray(schema.post.gridId, gridIds),
          inArray(schema.post.kind, ['gridHead', 'gridWorker']),
        ),
      )
      .orderBy(schema.person.name),
    Promise.all(townships.map(async (code) => [code, await dutiesFor(db, code)] as const)).then(
      (pairs) => new Map(pairs),
    ),
    listGridRiskPoints(db, gridIds),
  ]);
  const contactsOf = (
    holders: {
      name: string;
      mobile: string;
      kind: string;
      regionCode?: string;
      gridId?: string | null;
    }[],
    where: (holder: (typeof holders)[number]) => boolean,
  ): Contact[] =>
    holders
      .filter(where)
      .map((holder) => ({
        role: holder.kind as PostKind,
        name: holder.name,
        phone: holder.mobile,
      }));

  return posts.map((post) => {
    const upper: Contact[] = [];
    if (post.kind === 'gridWorker') {
      upper.push(
        ...contactsOf(gridHolders, (h) => h.gridId === post.gridId && h.kind === 'gridHead'),
      );
    }
    upper.push(...contactsOf(villageHolders, (h) => h.regionCode === post.villageCode));
    upper.push(...contactsOf(townshipHolders, (h) => h.regionCode === post.townshipCode));
    if (post.dutyPhone) {
      upper.push({
        role: 'dutyPhone',
        name: `${post.townshipName}应急值班`,
        phone: post.dutyPhone,
      });
    }
    const lower =
      post.kind === 'gridHead'
        ? contactsOf(gridHolders, (h) => h.gridId === post.gridId && h.kind === 'gridWorker')
        : [];
    return {
      personId: post.personId,
      name: post.name,
      mobile: post.mobile,
      postKind: post.kind,
      grid: {
        id: post.gridId,
        name: post.gridName,
        kind: post.gridKind,
        households: post.households,
        residents: post.residents,
      },
      village: { code: post.villageCode, name: post.villageName },
      township: { code: post.townshipCode, name: post.townshipName },
      duties: templates.get(post.townshipCode)![post.kind].lines,
      upperContacts: upper,
      lowerContacts: lower,
      riskSummary: riskSummary(risks.filter((risk) => risk.gridId === post.gridId)),
    };
  });
}

/** The cards of one person: one per grid post they hold. */
export async function getDutyCards(
  ctx: ServiceContext,
  personId: string,
): Promise<{ items: DutyCard[] }> {
  await loadPerson(ctx.db, personId, ctx.actor.scope);
  return { items: await buildCards(ctx.db, await listCardPosts(ctx.db, { personId })) };
}

/** Every card of a village (or of a whole township), for batch printing. */
export async function listDutyCards(
  ctx: ServiceContext,
  regionCode: string,
): Promise<{ items: DutyCard[]; title: string }> {
  const region = await resolveRegion(ctx.db, ctx.actor.scope, regionCode, ['township', 'village']);
  const cards = await buildCards(
    ctx.db,
    await listCardPosts(ctx.db, { prefix: subtreePrefix(region) }),
  );
  return { items: cards, title: region.name };
}

export async function listDutyTemplates(ctx: ServiceContext, regionCode?: string) {
  const region = await resolveRegion(
    ctx.db,
    ctx.actor.scope,
    regionCode ?? ctx.actor.scope.regionCode,
  );
  const township =
    region.level === 'township' || region.level === 'village'
      ? `${region.code.slice(0, 9)}000`
      : region.code;
  const templates = await dutiesFor(ctx.db, township);
  return {
    items: dutyCardPostKinds.map((kind) => ({ postKind: kind, ...templates[kind] })),
  };
}

/** Stores a county's or township's own duty text for a post. Administrators only. */
export async function updateDutyTemplate(
  ctx: ServiceContext,
  postKind: DutyCardPostKind,
  body: { regionCode: string; lines: string[] },
) {
  assertRole(ctx.actor, adminRoles);
  const region = await resolveRegion(ctx.db, ctx.actor.scope, body.regionCode, [
    'county',
    'township',
  ]);
  await ctx.db.transaction(async (tx) => {
    await tx
      .insert(schema.dutyTemplate)
      .values({ regionCode: region.code, postKind, lines: body.lines })
      .onConflictDoUpdate({
        target: [schema.dutyTemplate.regionCode, schema.dutyTemplate.postKind],
        set: { lines: body.lines, updatedAt: sql`now()` },
      });
    await recordAudit(
      tx,
      ctx.actor,
      {
        action: 'dutyTemplate.update',
        entity: 'dutyTemplate',
        entityId: `${region.code}:${postKind}`,
        regionCode: region.code,
        after: { postKind, lines: body.lines },
      },
      ctx.requestId,
    );
  });
  return listDutyTemplates(ctx, region.code);
}
