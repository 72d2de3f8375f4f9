import type { Readable } from 'node:stream'
import type { Recourse } from '../../app/recourse.ts'
import { loadAggregate } from '../../store/event-store.ts'
import {
  fileContent,
  fileInfo,
  MAX_FILE_BYTES,
  storeFile,
  type FileRecord,
} from '../../integrations/files.ts'
import { ALLOWED_MEDIA_TYPES } from '../../integrations/media-type.ts'
import { caseAggregate } from '../../app/aggregates.ts'
import { canSee } from '../../app/execute.ts'
import type { Actor } from '../../domain/shared/actor.ts'
import { BinaryBody, sendDownload } from '../downloads.ts'
import { HttpProblem, notFound } from '../problems.ts'
import { StoredFileView } from '../schemas/case.ts'
import { defineRoute, everyone, type Route } from '../route.ts'
import { IdParams } from '../schemas/common.ts'

const tags = ['evidence']

/**
 * The file part's bytes, or null as soon as the parser cuts it off at the
 * size limit (its `limit` event), without waiting for the rest of the body.
 */
const readUpTo = (file: Readable & { truncated?: boolean }): Promise<Buffer | null> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    file.on('data', (chunk: Buffer) => chunks.push(chunk))
    file.once('limit', () => resolve(null))
    file.once('end', () => resolve(file.truncated ? null : Buffer.concat(chunks)))
    file.once('error', reject)
  })

export const fileRoutes = (recourse: Recourse): Route[] => {
  const { db } = recourse.database

  /** The uploader sees its file; once attached to a case, the case's parties and agents do. */
  const visible = async (actor: Actor, file: FileRecord): Promise<boolean> => {
    if (file.uploadedBy === actor.id) return true
    if (!file.caseId) return false
    const c = await loadAggregate(db, caseAggregate, file.caseId)
    return c.state.status !== 'none' && canSee(actor, c.state)
  }

  return [
    defineRoute({
      method: 'POST',
      url: '/v1/files',
      tags,
      summary:
        'Upload an evidence file (multipart, one part named `file`): JPEG, PNG, GIF, WebP or PDF, at most 10 MB',
      roles: ['buyer', 'seller', 'agent'],
      consumes: ['multipart/form-data'],
      response: { 201: StoredFileView },
      handler: async ({ caller, request }, reply) => {
        if (!request.isMultipart())
          throw new HttpProblem(415, 'MULTIPART_REQUIRED', 'Send the file as multipart/form-data.')
        const malformed = (error: unknown): never => {
          if (error instanceof HttpProblem) throw error
          throw new HttpProblem(
            400,
            'MALFORMED_MULTIPART',
            'The multipart body is cut off or malformed.',
          )
        }
        const part = await request
          .file({ limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 0 } })
          .catch(malformed)
        if (!part) throw new HttpProblem(400, 'FILE_REQUIRED', 'The request has no file part.')
        const bytes = await readUpTo(part.file).catch(malformed)
        if (!bytes) {
          // Answer at once and hang up: the parser would otherwise read (and
          // discard) the rest of an oversized body, a gigabyte if that is what
          // the client sends (test/resilience/security-process.test.ts, S-7).
          reply.header('connection', 'close')
          reply.raw.once('finish', () => request.raw.destroy())
          throw new HttpProblem(
            413,
            'FILE_TOO_LARGE',
            `Files may be at most ${MAX_FILE_BYTES / 1024 / 1024} MB.`,
            { maxBytes: MAX_FILE_BYTES },
          )
        }
        const result = await storeFile(db, {
          bytes,
          name: part.filename,
          uploadedBy: caller.id,
          now: await recourse.clock.now(),
        })
        if (!result.ok) {
          throw new HttpProblem(
            422,
            result.code,
            result.code === 'FILE_EMPTY'
              ? 'The file is empty.'
              : 'Only JPEG, PNG, GIF, WebP images and PDF documents are accepted (judged by the content, not the name).',
          )
        }
        return reply.code(201).send(result.file)
      },
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/files/:id',
      tags,
      summary: "A file's description",
      roles: everyone,
      params: IdParams,
      response: { 200: StoredFileView },
      handler: async ({ caller, params }) => {
        const file = await fileInfo(db, params.id)
        if (!file || !(await visible(caller, file))) throw notFound('file')
        return file
      },
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/files/:id/content',
      tags,
      summary: 'Download a file (always as an attachment)',
      roles: everyone,
      params: IdParams,
      produces: ALLOWED_MEDIA_TYPES,
      response: { 200: BinaryBody },
      handler: async ({ caller, params }, reply) => {
        const file = await fileInfo(db, params.id)
        if (!file || !(await visible(caller, file))) throw notFound('file')
        const content = await fileContent(db, file.fileId)
        if (!content) throw notFound('file')
        return sendDownload(reply, file, content)
      },
    }),
  ]
}
