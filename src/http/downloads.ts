import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import type { EvidenceMediaType } from '../integrations/media-type.ts'

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

/** The OpenAPI shape of a file body (a download, a label PDF). */
export const BinaryBody = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' })

/**
 * Sends a label Recourse drew (a return's, a swap leg's) for the browser to
 * show and print: inline, never cached, since it carries names and addresses.
 */
export const sendLabelPdf = (reply: FastifyReply, pdf: Uint8Array, name: string): FastifyReply =>
  reply
    .type('application/pdf')
    .header('content-disposition', `inline; filename="${name}.pdf"`)
    .header('cache-control', 'private, no-store')
    .send(Buffer.from(pdf))
