import { useCallback, useEffect, useId, useRef, useState, type DragEvent } from 'react'
import { ApiError, asApiError } from '../../api/client.ts'
import { ACCEPTED_FILES, MAX_FILE_BYTES, uploadFile } from '../../api/files.ts'
import type { EvidenceInput, StoredFile } from '../../api/types.ts'
import { ProblemNotice } from '../../components/notice.tsx'

export interface Upload {
  readonly key: string
  readonly name: string
  readonly size: number
  /** A local preview of an image, before and after it is stored. */
  readonly preview: string | null
  readonly progress: number
  readonly status: 'uploading' | 'done' | 'failed'
  readonly stored?: StoredFile
  readonly error?: ApiError
}

let nextKey = 0

const sizeText = (bytes: number): string =>
  bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 * 1024
      ? `${Math.round(bytes / 1024)} KB`
      : `${(bytes / 1024 / 1024).toFixed(1)} MB`

/**
 * Files chosen for a piece of evidence: each uploads at once (multipart to
 * POST /v1/files) with its progress, and a refusal (FILE_TYPE_NOT_ALLOWED,
 * FILE_TOO_LARGE) stays beside the file that caused it.
 */
export const useUploads = () => {
  const [uploads, setUploads] = useState<readonly Upload[]>([])
  const previews = useRef(new Set<string>())

  useEffect(() => {
    const urls = previews.current
    return () => {
      for (const url of urls) URL.revokeObjectURL(url)
    }
  }, [])

  const patch = useCallback((key: string, change: Partial<Upload>) => {
    setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u)))
  }, [])

  const add = useCallback(
    (files: readonly File[]) => {
      for (const file of files) {
        const key = `u${++nextKey}`
        const preview = file.type.startsWith('image/') ? URL.createObjectURL(file) : null
        if (preview) previews.current.add(preview)
        const base = { key, name: file.name, size: file.size, preview }
        if (file.size > MAX_FILE_BYTES) {
          // Refused here, before sending 10 MB+ only to be told the same thing.
          setUploads((list) => [
            ...list,
            {
              ...base,
              progress: 0,
              status: 'failed',
              error: new ApiError(413, 'FILE_TOO_LARGE', 'Files may be at most 10 MB.', {
                maxBytes: MAX_FILE_BYTES,
              }),
            },
          ])
          continue
        }
        setUploads((list) => [...list, { ...base, progress: 0, status: 'uploading' }])
        uploadFile(file, (progress) => patch(key, { progress })).then(
          (stored) => patch(key, { status: 'done', progress: 1, stored }),
          (error: unknown) => patch(key, { status: 'failed', error: asApiError(error) }),
        )
      }
    },
    [patch],
  )

  const remove = useCallback((key: string) => {
    setUploads((list) => list.filter((u) => u.key !== key))
  }, [])

  const clear = useCallback(() => setUploads([]), [])

  const stored = uploads.flatMap((u) => (u.status === 'done' && u.stored ? [u.stored] : []))
  return {
    uploads,
    add,
    remove,
    clear,
    busy: uploads.some((u) => u.status === 'uploading'),
    /** The stored files as evidence for a case command. */
    evidence: (note?: string): EvidenceInput[] =>
      stored.map((f) => ({
        kind: 'file' as const,
        fileId: f.fileId,
        ...(note ? { note } : {}),
      })),
    count: stored.length,
  }
}

export type Uploads = ReturnType<typeof useUploads>

/** The drop zone, the file picker, and each file with its progress or its refusal. */
export const EvidenceUploader = ({
  uploads,
  label = 'Photos or documents',
  hint = 'JPEG, PNG, GIF, WebP or PDF, up to 10 MB each.',
}: {
  uploads: Uploads
  label?: string
  hint?: string
}) => {
  const id = useId()
  const [over, setOver] = useState(false)
  const onDrop = (e: DragEvent): void => {
    e.preventDefault()
    setOver(false)
    uploads.add([...e.dataTransfer.files])
  }
  return (
    <div className="uploader">
      <label
        htmlFor={id}
        className={`dropzone${over ? ' dropzone-over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault()
          setOver(true)
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <input
          id={id}
          className="visually-hidden"
          type="file"
          multiple
          accept={ACCEPTED_FILES}
          aria-label={label}
          aria-describedby={`${id}-hint`}
          onChange={(e) => {
            uploads.add([...(e.target.files ?? [])])
            e.target.value = ''
          }}
        />
        <svg className="dropzone-icon" viewBox="0 0 24 24" aria-hidden="true">
          <path d="M12 16V4m0 0-4 4m4-4 4 4M4 16v3a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-3" />
        </svg>
        <span className="dropzone-text">
          <span className="dropzone-label">{label}</span>
          <span className="muted small" id={`${id}-hint`}>
            Drop files here, or choose them. {hint}
          </span>
        </span>
      </label>
      {uploads.uploads.length > 0 ? (
        <ul className="upload-list" aria-label="Files" aria-live="polite">
          {uploads.uploads.map((u) => (
            <li key={u.key} className={`upload upload-${u.status}`}>
              {u.preview ? (
                <img className="upload-thumb" src={u.preview} alt="" />
              ) : (
                <span className="upload-thumb upload-thumb-doc" aria-hidden="true">
                  {u.name.split('.').at(-1)?.slice(0, 4).toUpperCase() ?? 'FILE'}
                </span>
              )}
              <div className="upload-body">
                <div className="upload-head">
                  <span className="upload-name">{u.name}</span>
                  <span className="muted small">{sizeText(u.size)}</span>
                </div>
                {u.status === 'uploading' ? (
                  <div
                    className="progress"
                    role="progressbar"
                    aria-label={`Uploading ${u.name}`}
                    aria-valuemin={0}
                    aria-valuemax={100}
                    aria-valuenow={Math.round(u.progress * 100)}
                  >
                    <span style={{ width: `${Math.max(4, u.progress * 100)}%` }} />
                  </div>
                ) : null}
                {u.status === 'done' ? <span className="upload-ok">Uploaded</span> : null}
                {u.status === 'failed' && u.error ? (
                  <ProblemNotice error={u.error} title={`${u.name} wasn’t uploaded`} />
                ) : null}
              </div>
              <button
                type="button"
                className="btn btn-ghost btn-sm"
                onClick={() => uploads.remove(u.key)}
                aria-label={`Remove ${u.name}`}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}
