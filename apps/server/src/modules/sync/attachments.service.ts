/**
 * Attachments (照片、扫描件): every image is re-encoded on arrival (which drops EXIF, GPS tags
 * and anything hidden after the image data), shrunk to at most 2048 px, and stored once by the
 * SHA-256 of its bytes under the files folder; the row says what it is. The client may give the
 * id (the field app's outbox key), so a retried upload answers with the stored row.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { sql } from 'drizzle-orm';
import type { Attachment } from '@lastmile/shared';
import { queryRows, type Executor } from '../../db/client';
import { isoTimestamp } from '../../db/sql-helpers';
import { AppError } from '../../errors';

export const imageMediaTypes = ['image/jpeg', 'image/png', 'image/webp'] as const;
/** Largest image accepted before re-encoding. */
export const maxImageBytes = 10 * 1024 * 1024;
const maxSide = 2048;

const attachmentNotFound = () => new AppError('ATTACHMENT_NOT_FOUND', 404);

/** Where an attachment's bytes live: `<filesDir>/ab/abcdef…`. */
function filePath(filesDir: string, sha256: string): string {
  return path.join(filesDir, sha256.slice(0, 2), sha256);
}

/** Re-encodes an image to JPEG; anything that is not a readable image is refused. */
async function normaliseImage(bytes: Buffer) {
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: 50_000_000 })
      .rotate()
      .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  } catch {
    throw new AppError('ATTACHMENT_UNREADABLE', 422);
  }
}

/** Writes the bytes once (same content, same file), durably, before the row is committed. */
async function storeBytes(filesDir: string, data: Buffer): Promise<string> {
  const sha256 = createHash('sha256').update(data).digest('hex');
  const target = filePath(filesDir, sha256);
  if (!fs.existsSync(target)) {
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.${process.pid}.${randomUUID()}.tmp`;
    const handle = await fs.promises.open(temporary, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(temporary, target);
  }
  return sha256;
}

const attachmentColumns = sql`id, media_type as "mediaType", bytes, width, height,
  ${isoTimestamp(sql`created_at`)} as "createdAt"`;

/** Stores an uploaded image; with a client id already stored, answers the stored row. */
export async function saveImage(
  db: Executor,
  filesDir: string,
  bytes: Buffer,
  options: { id?: string | undefined; uploadedBy: string | null },
): Promise<{ attachment: Attachment; created: boolean }> {
  if (options.id) {
    const existing = await findAttachment(db, options.id);
    if (existing) {
      return { attachment: existing, created: false };
    }
  }
  const image = await normaliseImage(bytes);
  const sha256 = await storeBytes(filesDir, image.data);
  const id = options.id ?? randomUUID();
  await db.execute(
    sql`insert into attachment (id, sha256, media_type, bytes, width, height, uploaded_by)
        values (${id}, ${sha256}, 'image/jpeg', ${image.data.length}, ${image.width}, ${image.height}, ${options.uploadedBy})
        on conflict (id) do nothing`,
  );
  return { attachment: (await findAttachment(db, id))!, created: true };
}

export async function findAttachment(db: Executor, id: string): Promise<Attachment | undefined> {
  const [row] = await queryRows<Attachment>(
    db,
    sql`select ${attachmentColumns} from attachment where id = ${id}`,
  );
  return row;
}

/** The bytes of an attachment, as a stream. */
export async function openAttachment(db: Executor, filesDir: string, id: string) {
  const [row] = await queryRows<{ sha256: string; mediaType: string }>(
    db,
    sql`select sha256, media_type as "mediaType" from attachment where id = ${id}`,
  );
  if (!row) {
    throw attachmentNotFound();
  }
  const target = filePath(filesDir, row.sha256);
  if (!fs.existsSync(target)) {
    throw attachmentNotFound();
  }
  return { stream: fs.createReadStream(target), mediaType: row.mediaType };
}

/** Every id must name a stored attachment (a photo listed on a hazard must exist). */
export async function assertAttachmentsExist(db: Executor, ids: readonly string[]): Promise<void> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) {
    return;
  }
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select id from attachment where id in (${sql.join(
      unique.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})`,
  );
  if (rows.length !== unique.length) {
    const found = new Set(rows.map((row) => row.id));
    throw new AppError('ATTACHMENT_NOT_FOUND', 422, {
      missing: unique.filter((id) => !found.has(id)),
    });
  }
}
