import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { col, startSheet, streamWorkbook, type Cell } from './xlsx';

const columns = [col('序号', 6), col('编号', 16), col('名称', 28), col('数量', 8)];

/** A ledger of `batches` × 1,000 rows, counting how many batches the writer has asked for. */
function ledger(batches: number) {
  const pulled = { batches: 0 };
  const stream = streamWorkbook(async (workbook) => {
    const sheet = startSheet(workbook, '台账', '测试台账', columns);
    for (let batch = 0; batch < batches; batch++) {
      pulled.batches += 1;
      const rows: Cell[][] = Array.from({ length: 1000 }, (_, i) => [
        `YH${String(batch * 1000 + i).padStart(7, '0')}`,
        // Text that compresses little, so the zip's own buffers hold few rows.
        createHash('sha256')
          .update(String(batch * 1000 + i))
          .digest('hex'),
        i,
      ]);
      await sheet.addRows(rows);
    }
    sheet.done();
  });
  return { stream, pulled };
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

describe('streamed workbooks', () => {
  it('writes the title, header and every row, numbered, into a workbook Excel can read', async () => {
    const { stream } = ledger(5);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await collect(stream)) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('台账')!;
    expect(sheet.getRow(1).getCell(1).text).toBe('测试台账');
    expect(sheet.getRow(2).getCell(2).text).toBe('编号');
    expect(sheet.getRow(3).getCell(3).text).toMatch(/^[0-9a-f]{64}$/);
    expect(sheet.rowCount).toBe(2 + 5000);
    expect(sheet.getRow(3).getCell(1).value).toBe(1);
    expect(sheet.getRow(5002).getCell(2).text).toBe('YH0004999');
    expect(sheet.getRow(5002).getCell(4).value).toBe(999);
  });

  it('reads no further ahead than the reader takes: a stalled download holds back the database reads', async () => {
    const { stream, pulled } = ledger(100);
    // Nobody reads the stream yet: the writer must come to a stop well before the end (the zip
    // keeps up to 1 MB of its output, and a few pieces in between).
    let seen = -1;
    while (pulled.batches !== seen) {
      seen = pulled.batches;
      await sleep(400);
    }
    expect(pulled.batches).toBeLessThan(50);
    const bytes = await collect(stream);
    expect(pulled.batches).toBe(100);
    expect(bytes.length).toBeGreaterThan(1_000_000);
  });

  it('stops asking for rows once the reader goes away', async () => {
    const { stream, pulled } = ledger(60);
    await sleep(300);
    stream.destroy();
    await sleep(500);
    const afterClose = pulled.batches;
    await sleep(500);
    expect(pulled.batches).toBe(afterClose);
    expect(afterClose).toBeLessThan(60);
  });
});
