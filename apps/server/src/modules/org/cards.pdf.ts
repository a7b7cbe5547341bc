/**
 * Duty cards as a PDF: A6 cards, four to an A4 sheet with dashed cut lines, in Source Han Sans
 * (思源黑体, from the npm registry) so that Chinese prints on any machine without system fonts.
 */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { gridKindNames, postKindNames, type Contact, type DutyCard } from '@lastmile/shared';

const require = createRequire(import.meta.url);
const fontPath = require.resolve('source-han-sans-cn/SourceHanSansCN-Regular.otf');

const a4 = { width: 595.28, height: 841.89 };
const card = { width: a4.width / 2, height: a4.height / 2 };
const pad = 16;

function contactLine(contact: Contact): string {
  const role = contact.role === 'dutyPhone' ? '值班电话' : postKindNames[contact.role];
  return contact.role === 'dutyPhone'
    ? `${contact.name}：${contact.phone}`
    : `${role} ${contact.name}：${contact.phone}`;
}

function drawCard(doc: PDFKit.PDFDocument, item: DutyCard, x: number, y: number): void {
  const width = card.width - pad * 2;
  const left = x + pad;
  const bottom = y + card.height - pad;
  doc
    .fillColor('#b71c1c')
    .fontSize(15)
    .text(`${postKindNames[item.postKind]}责任卡`, left, y + pad, { width, align: 'center' });
  doc.moveDown(0.3).fillColor('#000').fontSize(9.5);
  doc.text(`姓名：${item.name}    手机：${item.mobile}`, left, doc.y, { width });
  const size = [
    item.grid.households === null ? null : `${item.grid.households} 户`,
    item.grid.residents === null ? null : `${item.grid.residents} 人`,
  ].filter(Boolean);
  doc.text(
    `网格：${item.township.name} ${item.village.name} ${item.grid.name}（${gridKindNames[item.grid.kind]}${size.length ? `，${size.join('，')}` : ''}）`,
    left,
    doc.y,
    { width },
  );
  const section = (title: string) => {
    doc.moveDown(0.35).fillColor('#b71c1c').fontSize(10).text(title, left, doc.y, { width });
    doc.fillColor('#000').fontSize(8.5);
  };
  section('主要职责');
  // Keep room for the contacts below: the duties stop with an ellipsis if a county writes a novel.
  const contactsHeight = 12 * (item.upperContacts.length + item.lowerContacts.length + 3);
  const dutiesHeight = Math.max(60, bottom - doc.y - contactsHeight - 24);
  doc.text(item.duties.map((line, index) => `${index + 1}. ${line}`).join('\n'), left, doc.y, {
    width,
    height: dutiesHeight,
    ellipsis: true,
    lineGap: 1,
  });
  section('上级联系人');
  doc.text(
    item.upperContacts.length ? item.upperContacts.map(contactLine).join('\n') : '（未登记）',
    left,
    doc.y,
    { width },
  );
  if (item.postKind === 'gridHead') {
    section('网格员');
    doc.text(
      item.lowerContacts.length ? item.lowerContacts.map(contactLine).join('\n') : '（未登记）',
      left,
      doc.y,
      { width },
    );
  }
  if (item.riskSummary) {
    section('风险提示');
    doc.text(item.riskSummary, left, doc.y, { width });
  }
  doc
    .fillColor('#555')
    .fontSize(7.5)
    .text(`${item.township.name}应急管理办公室制`, left, bottom - 10, { width, align: 'right' });
}

function drawCutLines(doc: PDFKit.PDFDocument): void {
  doc.save().lineWidth(0.5).dash(4, { space: 3 }).strokeColor('#999');
  doc.moveTo(card.width, 0).lineTo(card.width, a4.height).stroke();
  doc.moveTo(0, card.height).lineTo(a4.width, card.height).stroke();
  doc.undash().restore();
}

/** Renders the cards four to a page; an empty list gives one page saying so. */
export function renderDutyCardsPdf(cards: DutyCard[], title: string): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    info: { Title: `${title} 责任卡` },
  });
  doc.registerFont('cn', fontPath);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  if (cards.length === 0) {
    doc.addPage().font('cn').fontSize(14).text(`${title}：暂无网格长、网格员`, 40, 40);
  }
  cards.forEach((item, index) => {
    const slot = index % 4;
    if (slot === 0) {
      doc.addPage().font('cn');
      drawCutLines(doc);
    }
    drawCard(doc, item, (slot % 2) * card.width, Math.floor(slot / 2) * card.height);
  });
  doc.end();
  return done;
}
