import { createHash } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import type { Instant } from '../policy/time.ts'
import type { Queryable } from '../store/database.ts'
import { files } from '../store/schema.ts'
import { perceptualHash } from './image-hash.ts'
import { sniffMediaType, type EvidenceMediaType } from './media-type.ts'

/** Evidence files may be this large; bigger uploads are cut off while streaming. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024

/** A client's file name reduced to a harmless label: no paths, no control characters, bounded. */
export const safeFileName = (name: string | undefined): string => {
  const base = (name ?? '').split(/[\\/]/).pop() ?? ''
  const cleaned = [...base]
    .filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f && !'"<>|:*?'.includes(c))
    .join('')
    .trim()
    .slice(0, 120)
  return cleaned || 'evidence'
}

export interface StoredFile {
  readonly fileId: string
  readonly sha256: string
  readonly mediaType: EvidenceMediaType
  readonly size: number
  readonly name: string
}

export type StoreFileResult =
  | { readonly ok: true; readonly file: StoredFile }
  | { readonly ok: false; readonly code: 'FILE_TYPE_NOT_ALLOWED' | 'FILE_EMPTY' }

export const storeFile = async (
  q: Queryable,
  input: { bytes: Buffer; name: string | undefined; uploadedBy: string; now: Instant },
): Promise<StoreFileResult> => {
  if (input.bytes.length === 0) return { ok: false, code: 'FILE_EMPTY' }
  const mediaType = sniffMediaType(input.bytes)
  if (!mediaType) return { ok: false, code: 'FILE_TYPE_NOT_ALLOWED' }
  const file: StoredFile = {
    fileId: uuidv7(),
    sha256: createHash('sha256').update(input.bytes).digest('hex'),
    mediaType,
    size: input.bytes.length,
    name: safeFileName(input.name),
  }
  await q.insert(files).values({
    id: file.fileId,
    sha256: file.sha256,
    mediaType,
    size: file.size,
    originalName: file.name,
    uploadedBy: input.uploadedBy,
    content: input.bytes,
    createdAt: input.now,
    perceptualHash: perceptualHash(input.bytes, mediaType),
  })
  return { ok: true, file }
}

export interface FileRecord extends StoredFile {
  readonly uploadedBy: string
  readonly caseId: string | null
}

export const fileInfo = async (q: Queryable, fileId: string): Promise<FileRecord | null> => {
  const rows = await q
    .select({
      fileId: files.id,
      sha256: files.sha256,
      mediaType: files.mediaType,
      size: files.size,
      name: files.originalName,
      uploadedBy: files.uploadedBy,
      caseId: files.caseId,
    })
    .from(files)
    .where(eq(files.id, fileId))
  const row = rows[0]
  return row ? { ...row, mediaType: row.mediaType as EvidenceMediaType } : null
}

export const fileContent = async (q: Queryable, fileId: string): Promise<Buffer | null> => {
  const rows = await q.select({ content: files.content }).from(files).where(eq(files.id, fileId))
  return rows[0]?.content ?? null
}

/**
 * Attaches the uploader's unattached files to a case (in the command's
 * transaction). Returns the files attached; one that is someone else's or
 * already on another case is left out, so the decider can refuse it.
 */
export const attachFiles = async (
  q: Queryable,
  fileIds: readonly string[],
  uploadedBy: string,
  caseId: string,
): Promise<StoredFile[]> => {
  const attached: StoredFile[] = []
  for (const id of fileIds) {
    const info = await fileInfo(q, id)
    if (!info || info.uploadedBy !== uploadedBy || (info.caseId !== null && info.caseId !== caseId))
      continue
    await q
      .update(files)
      .set({ caseId })
      .where(and(eq(files.id, id), eq(files.uploadedBy, uploadedBy)))
    attached.push(info)
  }
  return attached
}
