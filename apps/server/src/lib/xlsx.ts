/**
 * Excel pieces every ledger shares: header styling, Beijing dates, reading a sheet by its header
 * names, the row-error reasons in both languages, and the all-or-nothing verdict of an import.
 */
import ExcelJS from 'exceljs';
import { once } from 'node:events';
import {
  PassThrough,
  Transform,
  type Readable,
  type TransformCallback,
  type Writable,
} from 'node:stream';
import type { ImportRowError, Locale } from '@lastmile/shared';
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/client';
import { AppError } from '../errors';

export const headerFill: ExcelJS.Fill = {
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb: 'FFDDEBF7' },
};
export const thin: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

export function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  row.eachCell((cell) => {
    cell.fill = headerFill;
    cell.border = thin;
  });
}

// Built once: a DateTimeFormat costs tens of microseconds to make, and a ledger formats 200,000 dates.
const shanghaiDay = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export const shanghaiDate = (date: Date) => shanghaiDay.format(date);

/** Opens an uploaded workbook; anything that is not a readable .xlsx is FILE_UNREADABLE. */
export async function loadWorkbook(file: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw new AppError('FILE_UNREADABLE', 400);
  }
  return workbook;
}

export interface ScopeVillage {
  villageCode: string;
  villageName: string;
  townshipCode: string;
  townshipName: string;
}

export async function listScopeVillages(db: Executor, prefix: string): Promise<ScopeVillage[]> {
  return queryRows<ScopeVillage>(
    db,
    sql`select v.code as "villageCode", v.name as "villageName", t.code as "townshipCode", t.name as "townshipName"
        from region v join region t on t.code = v.parent_code
        where v.level = 'village' and v.code like ${`${prefix}%`}
        order by v.code`,
  );
}

/** Row-error reasons every import uses, in the caller's language ({x} are parameters). */
export const commonReasons = {
  required: { 'zh-CN': '必填', en: 'required' },
  tooLong: { 'zh-CN': '不能超过 {n} 个字', en: 'at most {n} characters' },
  notCount: { 'zh-CN': '应为不小于 0 的整数', en: 'must be a whole number, 0 or more' },
  badMobile: {
    'zh-CN': '手机号应为 11 位数字（如 13812345678）',
    en: 'an 11-digit mobile number (e.g. 13812345678)',
  },
  badLandline: {
    'zh-CN': '固定电话应带区号（如 0722-1234567）',
    en: 'a landline with area code (e.g. 0722-1234567)',
  },
  unknownTownship: {
    'zh-CN': '乡镇(街道)「{v}」不存在或不在您的管辖范围内',
    en: 'township "{v}" does not exist or is outside your scope',
  },
  unknownVillage: {
    'zh-CN': '「{t}」下没有村(社区)「{v}」，或不在您的管辖范围内',
    en: 'no village "{v}" in "{t}" within your scope',
  },
  tooManyRows: { 'zh-CN': '一次最多导入 {n} 行', en: 'at most {n} rows per import' },
  missingColumn: {
    'zh-CN': '缺少列「{v}」，请使用系统模板',
    en: 'column "{v}" is missing; use the template',
  },
  missingSheet: {
    'zh-CN': '缺少工作表「{v}」，请使用系统模板',
    en: 'sheet "{v}" is missing; use the template',
  },
} satisfies Record<string, Record<Locale, string>>;

export const maxImportRows = 5000;

/**
 * Collects row errors of an import in the caller's language. `failIn(sheet)` gives the reporting
 * function of one sheet.
 */
export function rowErrors<R extends string>(
  reasons: Record<R, Record<Locale, string>>,
  locale: Locale,
) {
  const errors: ImportRowError[] = [];
  const failIn =
    (sheet: string) =>
    (row: number, column: string, reason: R, params: Record<string, string | number> = {}) => {
      errors.push({
        sheet,
        row,
        column,
        reason: reasons[reason][locale].replace(/\{(\w+)\}/g, (_, key: string) =>
          String(params[key] ?? ''),
        ),
      });
    };
  return { errors, failIn };
}

/** The all-or-nothing verdict: any row error and the import is refused with all of them. */
export function assertNoRowErrors(errors: readonly ImportRowError[]): void {
  if (errors.length > 0) {
    throw new AppError(
      'IMPORT_INVALID',
      422,
      { errors: errors.slice(0, 1000) },
      { count: errors.length },
    );
  }
}

export function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value === null || value === undefined) {
    return '';
  }
  if (value instanceof Date) {
    // Excel dates carry no zone; exceljs reads them as UTC midnight.
    return value.toISOString().slice(0, 10);
  }
  if (typeof value === 'number') {
    return Number.isInteger(value) ? value.toFixed(0) : String(value);
  }
  if (typeof value === 'string') {
    return value.trim();
  }
  if (typeof value === 'object' && 'richText' in value) {
    return value.richText
      .map((part) => part.text)
      .join('')
      .trim();
  }
  if (typeof value === 'object' && 'result' in value) {
    const result = value.result;
    return typeof result === 'string' || typeof result === 'number' ? String(result).trim() : '';
  }
  if (typeof value === 'object' && 'text' in value) {
    return String(value.text).trim();
  }
  return cell.text.trim();
}

export interface SheetRow {
  row: number;
  get: (column: string) => string;
}

/** Reads a data sheet by its header names; blank rows are skipped. */
export function readSheet(
  sheet: ExcelJS.Worksheet,
  columns: readonly string[],
  fail: (row: number, column: string, reason: 'missingColumn', params: { v: string }) => void,
): SheetRow[] {
  const header = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, index) => header.set(cellText(cell), index));
  const missing = columns.filter((column) => !header.has(column));
  for (const column of missing) {
    fail(1, column, 'missingColumn', { v: column });
  }
  if (missing.length > 0) {
    return [];
  }
  const rows: SheetRow[] = [];
  sheet.eachRow((excelRow, number) => {
    if (number === 1) {
      return;
    }
    const values = new Map(
      columns.map((column) => [column, cellText(excelRow.getCell(header.get(column)!))]),
    );
    if ([...values.values()].every((value) => value === '')) {
      return;
    }
    rows.push({ row: number, get: (column) => values.get(column) ?? '' });
  });
  return rows;
}

/** Reports one row error; every import's reasons include the common ones. */
export type Fail = (
  row: number,
  column: string,
  reason: keyof typeof commonReasons,
  params?: Record<string, string | number>,
) => void;

/** A text cell, required or not, at most `max` characters. */
export function textCell(
  fail: Fail,
  row: SheetRow,
  column: string,
  max: number,
  required: boolean,
): string {
  const value = row.get(column);
  if (required && value === '') {
    fail(row.row, column, 'required');
  } else if (value.length > max) {
    fail(row.row, column, 'tooLong', { n: max });
  }
  return value;
}

/** A whole number of 0 or more, or null when blank. */
export function countCell(fail: Fail, row: SheetRow, column: string): number | null {
  const value = row.get(column);
  if (value === '') {
    return null;
  }
  if (!/^\d{1,8}$/.test(value)) {
    fail(row.row, column, 'notCount');
    return null;
  }
  return Number(value);
}

export interface Place {
  /** The village's code, or the township's when the row names no village. */
  code: string;
  townshipCode: string;
  villageCode: string | null;
}

/**
 * Finds the places of rows from their 乡镇(街道) and 村(社区) names, within the caller's scope:
 * `village` needs both; `place` takes a blank village as the township itself (if in scope).
 */
export function placeFinder(villages: readonly ScopeVillage[], scopePrefix: string) {
  const villageByName = new Map(villages.map((v) => [`${v.townshipName}/${v.villageName}`, v]));
  const allTownships = new Map(villages.map((v) => [v.townshipName, v.townshipCode]));
  const townshipInScope = (name: string) => {
    const code = allTownships.get(name);
    return code?.startsWith(scopePrefix) ? code : undefined;
  };
  const village = (fail: Fail, row: SheetRow): ScopeVillage | undefined => {
    const township = row.get('乡镇(街道)');
    const name = row.get('村(社区)');
    if (!allTownships.has(township)) {
      fail(row.row, '乡镇(街道)', township === '' ? 'required' : 'unknownTownship', {
        v: township,
      });
      return undefined;
    }
    const found = villageByName.get(`${township}/${name}`);
    if (!found) {
      fail(row.row, '村(社区)', name === '' ? 'required' : 'unknownVillage', {
        t: township,
        v: name,
      });
    }
    return found;
  };
  const place = (fail: Fail, row: SheetRow): Place | undefined => {
    const townshipCode = townshipInScope(row.get('乡镇(街道)'));
    if (row.get('村(社区)') === '' && townshipCode) {
      return { code: townshipCode, townshipCode, villageCode: null };
    }
    const found = village(fail, row);
    return (
      found && {
        code: found.villageCode,
        townshipCode: found.townshipCode,
        villageCode: found.villageCode,
      }
    );
  };
  return { village, place, townshipInScope };
}

// ---------------------------------------------------------------- streamed exports

export type Cell = string | number | null;

export interface Column {
  header: string;
  width: number;
}

export const col = (header: string, width = 12): Column => ({ header, width });
const plainStyle: Partial<ExcelJS.Style> = {};

/** What a streamed workbook's sheets wait on: the zip reading their rows, or the reader leaving. */
const aborts = new WeakMap<ExcelJS.stream.xlsx.WorkbookWriter, AbortSignal>();

/** One sheet being streamed: title, header, then rows committed as they are added. */
export function startSheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  title: string,
  columns: Column[],
) {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.columns = columns.map((column) => ({ width: column.width }));
  const titleRow = sheet.addRow([title]);
  titleRow.font = { bold: true, size: 14 };
  sheet.mergeCells(1, 1, 1, columns.length);
  titleRow.commit();
  const header = sheet.addRow(columns.map((column) => column.header));
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  header.eachCell((cell) => {
    cell.fill = headerFill;
    cell.border = thin;
  });
  header.commit();
  // The sheet's XML stream into the zip (a ZipPart, see `streamWorkbook`).
  const xml = (sheet as unknown as { stream: Writable }).stream;
  let count = 0;
  const add = (values: Cell[]) => {
    count += 1;
    const row = sheet.addRow([count, ...values]);
    // Every data cell shares one (empty) style object: ExcelJS caches a style's id by object, so
    // it resolves the style once instead of once per cell (half the time of a large export).
    row.eachCell((cell) => {
      cell.style = plainStyle;
    });
    row.commit();
  };
  return {
    add,
    /**
     * Adds a batch of rows, then waits until the zip has taken them in: reading the next batch
     * from the database waits for a slow download, so memory stays flat however long the ledger.
     */
    async addRows(rows: Cell[][]) {
      rows.forEach(add);
      if (xml.writableNeedDrain) {
        await once(xml, 'drain', { signal: aborts.get(workbook) });
      }
    },
    done: () => sheet.commit(),
  };
}

/**
 * A part of the zip: takes ExcelJS's writes (strings, buffers or its own string buffers) and
 * hands them on in pieces of 64 KB, since compressing one small piece per row costs several
 * times more than the rows themselves.
 */
class ZipPart extends Transform {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  override write(
    chunk: unknown,
    encoding?: BufferEncoding | ((error?: Error | null) => void),
    callback?: (error?: Error | null) => void,
  ): boolean {
    const data =
      typeof (chunk as { toBuffer?: unknown } | null)?.toBuffer === 'function'
        ? (chunk as { toBuffer(): Buffer }).toBuffer()
        : chunk;
    return typeof encoding === 'function'
      ? super.write(data, encoding)
      : super.write(data, encoding ?? 'utf8', callback);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes >= 65536) {
      this.push(Buffer.concat(this.pending, this.pendingBytes));
      this.pending = [];
      this.pendingBytes = 0;
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.pendingBytes > 0) {
      this.push(Buffer.concat(this.pending, this.pendingBytes));
    }
    done();
  }
}

/**
 * A workbook written straight into a stream as `write` adds rows: the caller sends the stream
 * while rows are still being read, so a whole ledger never sits in memory.
 *
 * ExcelJS 4.4 buffers each part of the zip in its own stream class, which keeps every chunk
 * written to it even after the zip has read it (exceljs#2916): a 100,000-row ledger held ~90 MB
 * of sheet XML until the end. Parts here are plain PassThrough streams instead, which let go of
 * what was read and tell the writer when to wait. If the reader goes away (a closed download),
 * waiting sheets stop with an abort error and nothing more is read from the database.
 */
export function streamWorkbook(
  write: (workbook: ExcelJS.stream.xlsx.WorkbookWriter) => Promise<void>,
): Readable {
  const stream = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true });
  workbook.creator = 'Lastmile 最后一公里';
  const writer = workbook as unknown as {
    zip: { append(source: Readable, data: { name: string }): void };
    _openStream(path: string): Writable;
  };
  writer._openStream = (path) => {
    const part = new ZipPart();
    writer.zip.append(part, { name: path });
    // ExcelJS waits for this event before it finishes the workbook.
    part.on('finish', () => part.emit('zipped'));
    return part;
  };
  const reader = new AbortController();
  aborts.set(workbook, reader.signal);
  stream.on('close', () => reader.abort());
  void (async () => {
    try {
      await write(workbook);
      await workbook.commit();
    } catch (error) {
      stream.destroy(error as Error);
    }
  })();
  return stream;
}
