/**
 * 短信兜底: a grid worker with no data at all texts the gateway number, and the text becomes the
 * same command the field app would have sent, applied once however often the gateway posts it:
 * - `YH <kind> <grade> <what>`: a hazard, e.g. `YH 火灾 一般 3组仓库电线老化` (the grade may be
 *   left out; a "重大" one is filed as a suspected major hazard — the township office is told at
 *   once and grades it when it verifies, since a major hazard names the judging standard it
 *   meets, which nobody types on a keypad);
 * - `XC` or `XC <note>`: a patrol of the sender's grid with nothing found (巡查无异常);
 * - anything else goes to the warnings' reply handling (`1`, 收到, a short code).
 * The answer is the text the gateway sends back: a receipt with the hazard number, or what was
 * wrong and how to write it.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import {
  hazardLabels,
  normalisePhone,
  smsHazardGradeWords,
  smsHazardKindWords,
  smsHazardPrefix,
  smsPatrolPrefix,
  type FieldCommand,
  type GatewayInboundBody,
  type HazardKind,
} from '@lastmile/shared';
import { queryRows, type Db } from '../../db/client';
import { translateError } from '../../i18n';
import { sessionActor, type ServiceContext } from '../../plugins/auth';
import { findActorByMobile } from '../users';
import { handleGatewayInbound } from '../warnings';
import { runCommand } from './sync.service';

type Reply = Extract<GatewayInboundBody, { kind: 'reply' }>;

export const smsHelp =
  '短信格式：报告隐患发“YH 类别 等级 内容”，如“YH 火灾 一般 3组仓库电线老化”；巡查无异常发“XC”；叫应回复1或预警编号。';

const kindByWord = new Map<string, HazardKind>([
  ...Object.entries(hazardLabels['zh-CN'].kind).map(
    ([kind, name]) => [name, kind as HazardKind] as const,
  ),
  ...Object.entries(smsHazardKindWords),
]);

/** A stable UUID for a text message, so a webhook posted twice is one command. */
function messageUuid(from: string, key: string): string {
  const hex = createHash('sha256').update(`${from}\n${key}`).digest('hex');
  // Version 8 (custom), RFC 9562 variant.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

export interface ParsedHazardText {
  kind: HazardKind;
  suspectedMajor: boolean;
  text: string;
}

/** Reads `<kind> [<grade>] <text>` (after the YH); a reason in Chinese when it cannot. */
export function parseHazardText(rest: string): ParsedHazardText | { error: string } {
  const tokens = rest.split(/[\s,，、:：]+/).filter(Boolean);
  const kind = tokens[0] ? kindByWord.get(tokens[0]) : undefined;
  if (!kind) {
    return {
      error: `没有认出隐患类别“${tokens[0] ?? ''}”。类别可写：火灾、用电、燃气、危化品、房屋、施工、设备、交通、地灾、防汛、山火、人员密集、其他。${smsHelp}`,
    };
  }
  // An own key only: a text such as "YH 火灾 constructor …" must keep its word.
  const grade =
    tokens[1] && Object.hasOwn(smsHazardGradeWords, tokens[1])
      ? smsHazardGradeWords[tokens[1]]
      : undefined;
  const text = tokens.slice(grade ? 2 : 1).join(' ');
  if (text.length < 2) {
    return { error: `请写明隐患内容。${smsHelp}` };
  }
  return { kind, suspectedMajor: grade === 'major', text: text.slice(0, 500) };
}

interface SenderGrid {
  id: string;
  regionCode: string;
  name: string;
}

/** The sender's first grid post (a grid worker's own grid), else none. */
async function senderGrid(db: Db, personId: string): Promise<SenderGrid | undefined> {
  const [row] = await queryRows<SenderGrid>(
    db,
    sql`select g.id, g.region_code as "regionCode", g.name from post p join grid g on g.id = p.grid_id
        where p.person_id = ${personId} order by p.created_at limit 1`,
  );
  return row;
}

/** Handles a text from a phone; answers the text to send back. */
export async function handleInboundText(db: Db, reply: Reply): Promise<string | null> {
  const text = reply.text.trim().replace(/\s+/g, ' ');
  const upper = text.toUpperCase();
  const isHazard = upper.startsWith(smsHazardPrefix);
  const isPatrol = upper === smsPatrolPrefix || upper.startsWith(`${smsPatrolPrefix} `);
  if (!isHazard && !isPatrol) {
    return handleGatewayInbound(db, reply);
  }
  const mobile = normalisePhone(reply.from);
  const row = await findActorByMobile(db, mobile);
  if (!row) {
    return '您的手机号没有开通网格员账号，无法登记。请联系乡镇应急办。';
  }
  const ctx: ServiceContext = { db, actor: sessionActor(row) };
  const grid = row.personId ? await senderGrid(db, row.personId) : undefined;
  const key = reply.messageId ?? `${reply.receivedAt ?? ''}\n${text}`;
  const at = reply.receivedAt ?? new Date().toISOString();
  const source = { deviceId: 'sms', skewMs: null };
  const command = (kind: FieldCommand['kind'], payload: Record<string, unknown>, part = '') =>
    ({ id: messageUuid(mobile, `${key}${part}`), kind, at, payload }) satisfies FieldCommand;

  if (isPatrol) {
    if (!grid) {
      return '您没有负责的网格，无法登记巡查。请联系乡镇应急办。';
    }
    const note = text.slice(smsPatrolPrefix.length).trim() || null;
    const patrolId = messageUuid(mobile, `${key}#patrol`);
    const payload = { patrolId, gridId: grid.id };
    await runCommand(ctx, command('patrol.start', { ...payload, note }, '#start'), source);
    const verdict = await runCommand(
      ctx,
      command('patrol.finish', { ...payload, result: 'nothingFound', note }, '#finish'),
      source,
    );
    return verdict.code
      ? `巡查未登记：${translateError(verdict.code, 'zh-CN')}`
      : `已登记${grid.name}巡查：无异常。`;
  }

  const parsed = parseHazardText(text.slice(smsHazardPrefix.length));
  if ('error' in parsed) {
    return parsed.error;
  }
  const region = grid?.regionCode ?? row.scopeRegionCode;
  const verdict = await runCommand(
    ctx,
    command('hazard.report', {
      hazardId: messageUuid(mobile, `${key}#hazard`),
      report: {
        regionCode: region,
        gridId: grid?.id ?? null,
        kind: parsed.kind,
        grade: 'general',
        title: parsed.text.slice(0, 60),
        description: parsed.text,
      },
      suspectedMajor: parsed.suspectedMajor,
    }),
    source,
  );
  if (verdict.outcome === 'applied' || verdict.outcome === 'duplicate') {
    return `已收到隐患报告，编号${verdict.reference ?? ''}，乡镇应急办将尽快核实。${
      parsed.suspectedMajor ? '您报告为重大隐患，请同时电话报告乡镇值班。' : ''
    }`;
  }
  return `隐患未登记：${translateError(verdict.code ?? 'SYNC_COMMAND_INVALID', 'zh-CN')}`;
}
