import type { FastifyReply } from 'fastify'
import type { EvidenceMediaType } from '../integrations/files.ts'

const EXTENSIONS: Readonly<Record<EvidenceMediaType, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
}

/**
 * Sends an uploaded file as a download the browser never renders or
 * sniffs: the type sniffed at upload, a file name the server makes from the
 * id and that type (the client's name is only a label, so `x.jpg.php` cannot
 * come back as `.php`), no inline display and no script.
 */
export const sendDownload = (
  reply: FastifyReply,
  file: { readonly fileId: string; readonly mediaType: EvidenceMediaType },
  content: Buffer,
): FastifyReply =>
  reply
    .header('content-type', file.mediaType)
    .header(
      'content-disposition',
      `attachment; filename="evidence-${file.fileId}.${EXTENSIONS[file.mediaType]}"`,
    )
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, no-store')
    .send(content)
