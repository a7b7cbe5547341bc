/**
 * Reports from the public (群众举报, seed 002 举报奖励): anyone with the QR code's page may report
 * a hazard with a photo and a place, and follows it by a receipt code. Nothing they send is shown
 * to anyone but the township staff who review it: verified, it becomes a hazard (and a reward
 * record); rejected, the reporter reads the reason. Abuse limits: a per-address hourly limit
 * counted in the table itself (so it holds across instances), photo size and type checks with
 * re-encoding, and a honeypot field that bots fill and people never see.
 */
import { createHash, randomInt } from 'node:crypto';
import { sql } from 'drizzle-orm';
import {
  ancestorCode,
  hazardOfficeRoles,
  padRegionCode,
  type PublicReport,
  type ReviewPublicReportBody,
  type SubmitPublicReportBody,
} from '@lastmile/shared';
import type { Config } from '../../config';
import { queryRows, type Db, type Executor } from '../../db/client';
import { isoTimestamp } from '../../db/sql-helpers';
import { AppError } from '../../errors';
import type { ServiceContext } from '../../plugins/auth';
import { countyCodeOf, isInScope } from '../../plugins/scope';
import { recordAudit } from '../audit';
import { notify } from '../channels';
import { assertRole } from '../org';
import { saveImage } from '../sync';
import { insertNewHazard } from './hazards.service';
import { effectiveHazardSettings } from './settings.service';

const maxPhotoBytes = 5 * 1024 * 1024;
const receiptAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const reportNotFound = () => new AppError('PUBLIC_REPORT_NOT_FOUND', 404);

function newReceiptCode(): string {
  const pick = () =>
    Array.from({ length: 4 }, () => receiptAlphabet[randomInt(receiptAlphabet.length)]).join('');
  return `${pick()}-${pick()}`;
}

/** Receipt codes are read back however people type them: any case, with or without the dash. */
export function normaliseReceiptCode(code: string): string {
  const plain = code.toUpperCase().replace(/-/g, '');
  return `${plain.slice(0, 4)}-${plain.slice(4)}`;
}

/** Enough to count one address's reports, not to recover the address. */
function hashAddress(ip: string, day: string): string {
  return createHash('sha256').update(`lastmile:public-report:${day}:${ip}`).digest('hex');
}

/** The region a public report names: a township or village of this deployment. */
async function reportRegion(db: Executor, config: Config, code: string) {
  const padded = padRegionCode(code);
  const [region] = await queryRows<{ code: string; name: string; level: string }>(
    db,
    sql`select code, name, level from region where code = ${padded}`,
  );
  if (!region || !padded.startsWith(config.region)) {
    throw new AppError('REGION_NOT_FOUND', 404);
  }
  return region;
}

/** The public report page of a region, as printed under its QR code. */
export const reportUrl = (base: string, code: string) =>
  `${base.replace(/\/$/, '')}/report?region=${code}`;

/** What the public form needs: its address, the county and its townships, the report phone. */
export async function getPublicReportForm(db: Db, config: Config, code: string, base: string) {
  const region = await reportRegion(db, config, code);
  const county = padRegionCode(countyCodeOf(region.code));
  const [countyRow] = await queryRows<{ name: string }>(
    db,
    sql`select name from region where code = ${county}`,
  );
  const townships = await queryRows<{ code: string; name: string }>(
    db,
    sql`select code, name from region where parent_code = ${county} order by code`,
  );
  return {
    reportUrl: reportUrl(base, region.code),
    countyCode: county,
    countyName: countyRow?.name ?? '',
    townships,
    hotline: config.reportHotline,
  };
}

export async function submitPublicReport(
  db: Db,
  config: Config,
  body: SubmitPublicReportBody,
  ip: string,
  now = new Date(),
): Promise<{ receiptCode: string; submittedAt: string }> {
  // A filled honeypot gets an answer that looks like success and nothing is stored.
  if (body.website) {
    return { receiptCode: newReceiptCode(), submittedAt: now.toISOString() };
  }
  const region = await reportRegion(db, config, body.regionCode);
  if (region.level !== 'township' && region.level !== 'village') {
    throw new AppError('REGION_LEVEL_INVALID', 400, {
      level: region.level,
      allowed: ['township', 'village'],
    });
  }
  const settings = await effectiveHazardSettings(db, region.code);
  const ipHash = hashAddress(ip, now.toISOString().slice(0, 10));
  const [recent] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from public_report
        where ip_hash = ${ipHash} and submitted_at > ${now.toISOString()}::timestamptz - interval '1 hour'`,
  );
  if ((recent?.n ?? 0) >= settings.publicReportsPerHour) {
    throw new AppError('RATE_LIMITED', 429);
  }
  const photoIds: string[] = [];
  for (const photo of body.photos) {
    const bytes = Buffer.from(photo.data, 'base64');
    if (bytes.length > maxPhotoBytes) {
      throw new AppError('PAYLOAD_TOO_LARGE', 413);
    }
    const { attachment } = await saveImage(db, config.filesDir, bytes, { uploadedBy: null });
    photoIds.push(attachment.id);
  }
  return db.transaction(async (tx) => {
    const receiptCode = newReceiptCode();
    const [row] = await queryRows<{ id: string; submittedAt: string }>(
      tx,
      sql`insert into public_report (receipt_code, region_code, county_code, description, lon, lat, address,
            phone, photo_ids, ip_hash)
          values (${receiptCode}, ${region.code}, ${countyCodeOf(region.code)}, ${body.description},
            ${body.location?.lon ?? null}, ${body.location?.lat ?? null}, ${body.address ?? null},
            ${body.phone ?? null}, ${`{${photoIds.join(',')}}`}::uuid[], ${ipHash})
          returning id, ${isoTimestamp(sql`submitted_at`)} as "submittedAt"`,
    );
    await recordAudit(tx, 'system', {
      action: 'publicReport.submit',
      entity: 'publicReport',
      entityId: row!.id,
      regionCode: region.code,
      after: { receiptCode, photos: photoIds.length },
    });
    await notify(tx, [{ officeRegionCode: ancestorCode(region.code, 'township') }], {
      kind: 'publicReport.new',
      title: '新的群众举报',
      body: body.description.slice(0, 60),
      entity: 'publicReport',
      entityId: row!.id,
      regionCode: region.code,
    });
    return { receiptCode, submittedAt: row!.submittedAt };
  });
}

/** The reporter's view by receipt code: progress only, never anyone else's report. */
export async function getPublicReportStatus(db: Db, code: string) {
  const [row] = await queryRows<{
    receiptCode: string;
    state: 'received' | 'verified' | 'rejected';
    submittedAt: string;
    reviewedAt: string | null;
    reason: string | null;
    hazardNumber: string | null;
    hazardClosed: boolean;
    rewardYuan: number | null;
  }>(
    db,
    sql`select pr.receipt_code as "receiptCode", pr.state, ${isoTimestamp(sql`pr.submitted_at`)} as "submittedAt",
          ${isoTimestamp(sql`pr.reviewed_at`)} as "reviewedAt", pr.reason, h.number as "hazardNumber",
          coalesce(h.state = 'closed', false) as "hazardClosed", pr.reward_yuan as "rewardYuan"
        from public_report pr left join hazard h on h.id = pr.hazard_id
        where pr.receipt_code = ${normaliseReceiptCode(code)}`,
  );
  if (!row) {
    throw reportNotFound();
  }
  return row;
}

const reportColumns = sql`pr.id, pr.receipt_code as "receiptCode", pr.region_code as "regionCode", r.name as "regionName",
  pr.description, case when pr.lon is null then null else json_build_object('lon', pr.lon, 'lat', pr.lat) end as location,
  pr.address, pr.phone, to_json(pr.photo_ids) as "photoIds", pr.state,
  ${isoTimestamp(sql`pr.submitted_at`)} as "submittedAt",
  case when pr.reviewed_at is null then null else json_build_object('userId', pr.reviewed_by_id, 'name', pr.reviewed_by_name) end as "reviewedBy",
  ${isoTimestamp(sql`pr.reviewed_at`)} as "reviewedAt", pr.reason, pr.hazard_id as "hazardId", pr.reward_yuan as "rewardYuan"`;
const reportFrom = sql`public_report pr join region r on r.code = pr.region_code`;

export async function listPublicReports(
  ctx: ServiceContext,
  query: { state?: string | undefined; limit: number; offset: number },
): Promise<{ items: PublicReport[]; total: number }> {
  assertRole(ctx.actor, hazardOfficeRoles);
  const where = [sql`pr.region_code like ${`${ctx.actor.scope.prefix}%`}`];
  if (query.state) {
    where.push(sql`pr.state = ${query.state}`);
  }
  const condition = sql.join(where, sql` and `);
  const [items, [count]] = await Promise.all([
    queryRows<PublicReport>(
      ctx.db,
      sql`select ${reportColumns} from ${reportFrom} where ${condition}
          order by pr.submitted_at desc, pr.id limit ${query.limit} offset ${query.offset}`,
    ),
    queryRows<{ total: number }>(
      ctx.db,
      sql`select count(*)::int as total from public_report pr where ${condition}`,
    ),
  ]);
  return { items, total: count?.total ?? 0 };
}

async function findReport(db: Executor, id: string) {
  const [row] = await queryRows<PublicReport>(
    db,
    sql`select ${reportColumns} from ${reportFrom} where pr.id = ${id}`,
  );
  return row;
}

/** 核查: the office turns a report into a hazard (with its reward) or rejects it with a reason. */
export async function reviewPublicReport(
  ctx: ServiceContext,
  id: string,
  body: ReviewPublicReportBody,
): Promise<PublicReport> {
  assertRole(ctx.actor, hazardOfficeRoles);
  await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select 1 from public_report where id = ${id} for update`);
    const report = await findReport(tx, id);
    if (!report || !isInScope(ctx.actor.scope, report.regionCode)) {
      throw reportNotFound();
    }
    if (report.state !== 'received') {
      throw new AppError('PUBLIC_REPORT_REVIEWED', 409);
    }
    if (body.decision === 'reject') {
      await tx.execute(
        sql`update public_report set state = 'rejected', reason = ${body.reason}, reviewed_at = now(),
              reviewed_by_id = ${ctx.actor.id}, reviewed_by_name = ${ctx.actor.displayName} where id = ${id}`,
      );
    } else {
      const { id: hazardId } = await insertNewHazard(tx, ctx, {
        regionCode: body.regionCode ?? report.regionCode,
        unitId: body.unitId ?? null,
        origin: 'publicReport',
        kind: body.kind,
        sector: body.sector,
        grade: body.grade,
        standardCode: body.standardCode ?? null,
        title: body.title,
        description: report.description,
        location: report.location,
        address: report.address,
        photoIds: report.photoIds,
        state: 'verified',
        publicReportId: id,
        finderName: '群众举报',
      });
      const settings = await effectiveHazardSettings(tx, report.regionCode);
      const reward = settings.rewardYuan[body.grade];
      await tx.execute(
        sql`update public_report set state = 'verified', hazard_id = ${hazardId}, reward_yuan = ${reward > 0 ? reward : null},
              reviewed_at = now(), reviewed_by_id = ${ctx.actor.id}, reviewed_by_name = ${ctx.actor.displayName}
            where id = ${id}`,
      );
    }
    await recordAudit(
      tx,
      ctx.actor,
      {
        action: `publicReport.${body.decision}`,
        entity: 'publicReport',
        entityId: id,
        regionCode: report.regionCode,
        after: body,
      },
      ctx.requestId,
    );
  });
  return (await findReport(ctx.db, id))!;
}
