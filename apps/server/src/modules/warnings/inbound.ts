/**
 * What the SMS/voice gateway posts back: a delivery receipt, or a reply from a phone. A reply of
 * "1" (or 收到 / 确认) answers the caller's most recent open 叫应; a warning's four-digit short code
 * answers that warning when several are open.
 */
import { sql } from 'drizzle-orm';
import { normalisePhone, type GatewayInboundBody } from '@lastmile/shared';
import { queryRows, type Db } from '../../db/client';
import { warningEvents } from './events';
import { recordAnswer } from './answers';

const answerWords = new Set(['1', '收到', '确认', '已收到', 'OK', 'Y', 'YES']);

export async function handleGatewayInbound(
  db: Db,
  body: GatewayInboundBody,
): Promise<string | null> {
  if (body.kind === 'receipt') {
    const [delivery] = await queryRows<{ warningId: string }>(
      db,
      sql`with d as (
            update warning_delivery set state = ${body.status}, error = ${body.error ?? null},
                   delivered_at = case when ${body.status} = 'delivered' then now() end
            where gateway_id = ${body.messageId} returning warning_id, ack_id, state)
          update warning_ack r set reached_at = coalesce(r.reached_at, now())
          from d where r.id = d.ack_id and d.state = 'delivered'
          returning d.warning_id as "warningId"`,
    );
    if (delivery) {
      warningEvents.changed(delivery.warningId);
    }
    return null;
  }
  const text = body.text.trim().toUpperCase();
  const shortCode = /^\d{4}$/.test(text) ? text : null;
  if (!shortCode && !answerWords.has(text)) {
    return '回复1确认收到预警（叫应），有多条预警时回复预警编号；报告隐患发“YH 类别 等级 内容”；巡查无异常发“XC”。';
  }
  const mobile = normalisePhone(body.from);
  const open = await queryRows<{ ackId: string; regionCode: string; headline: string }>(
    db,
    sql`select r.id as "ackId", r.region_code as "regionCode", coalesce(w.headline, w.event) as headline
        from warning_ack r join warning w on w.id = r.warning_id
        where r.mobile = ${mobile} and r.answered_at is null and r.state <> 'waiting'
          ${shortCode ? sql`and w.short_code = ${shortCode}` : sql``}
        order by r.starts_at desc`,
  );
  if (open.length === 0) {
    return shortCode ? `没有编号为${shortCode}的待叫应预警。` : '您当前没有待叫应的预警。';
  }
  // One person may sit in several counties of a province deployment: answer each open call.
  const answered = [];
  for (const call of shortCode ? open : open.slice(0, 1)) {
    if (await recordAnswer(db, call, 'sms', 'system')) {
      answered.push(call.headline);
    }
  }
  return answered.length > 0 ? `已收到您对“${answered[0]}”的叫应，谢谢。` : '您已经叫应过了。';
}
