import { useEffect, useState } from 'react'
import { sessionStore } from '../auth/session.ts'
import { SESSION_EXPIRED_EVENT } from './api.ts'
import { ApiError, asApiError, newIdempotencyKey, problemToError } from './client.ts'
import type { StoredFile } from './types.ts'

/** What the server accepts (src/integrations/files.ts); the picker's hint, the server judges the content. */
export const ACCEPTED_FILES = 'image/jpeg,image/png,image/gif,image/webp,application/pdf'
export const MAX_FILE_BYTES = 10 * 1024 * 1024

/** The session's CSRF token for a change (the session itself is the cookie). */
const csrfHeader = (): Record<string, string> => {
  const token = sessionStore.current()?.csrfToken
  return token ? { 'x-csrf-token': token } : {}
}

const expired = (): void => {
  if (sessionStore.current()) {
    sessionStore.signOut()
    window.dispatchEvent(new Event(SESSION_EXPIRED_EVENT))
  }
}

/**
 * Uploads one evidence file as multipart (one part named `file`) and reports
 * progress. XMLHttpRequest, not fetch: fetch cannot report upload progress.
 * A refusal (FILE_TYPE_NOT_ALLOWED, FILE_TOO_LARGE, …) rejects with its ApiError.
 */
export const uploadFile = (
  file: File,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<StoredFile> =>
  new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', '/v1/files')
    xhr.setRequestHeader('accept', 'application/json, application/problem+json')
    xhr.setRequestHeader('idempotency-key', newIdempotencyKey())
    for (const [k, v] of Object.entries(csrfHeader())) xhr.setRequestHeader(k, v)
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total)
    }
    xhr.onload = () => {
      let body: unknown = undefined
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined
      } catch {
        body = undefined
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1)
        resolve(body as StoredFile)
        return
      }
      if (xhr.status === 401) expired()
      reject(problemToError(xhr.status, body))
    }
    xhr.onerror = () =>
      reject(new ApiError(0, 'NETWORK_ERROR', 'The upload could not reach Recourse. Try again.'))
    xhr.onabort = () => reject(new ApiError(0, 'UPLOAD_CANCELLED', 'The upload was cancelled.'))
    signal?.addEventListener('abort', () => xhr.abort())
    const form = new FormData()
    form.append('file', file, file.name)
    xhr.send(form)
  })

/**
 * Bytes behind a route that needs the session (fetched, so a refusal reads
 * as a problem rather than a broken image): evidence, return and swap labels.
 */
export const fetchAuthorizedBlob = async (url: string): Promise<Blob> => {
  let response: Response
  try {
    response = await fetch(url, { credentials: 'same-origin' })
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', 'Recourse could not be reached. Try again.')
  }
  if (!response.ok) {
    if (response.status === 401) expired()
    const body: unknown = await response.json().catch(() => undefined)
    throw problemToError(response.status, body)
  }
  return response.blob()
}

/** The file's bytes. */
export const fetchFileBlob = (fileId: string): Promise<Blob> =>
  fetchAuthorizedBlob(`/v1/files/${encodeURIComponent(fileId)}/content`)

/** Fetches `url` with the session and saves it as `name`, the way a download link would. */
export const saveAuthorizedDownload = async (url: string, name: string): Promise<void> => {
  const objectUrl = URL.createObjectURL(await fetchAuthorizedBlob(url))
  const a = document.createElement('a')
  a.href = objectUrl
  a.download = name
  document.body.append(a)
  a.click()
  a.remove()
  window.setTimeout(() => URL.revokeObjectURL(objectUrl), 30_000)
}

/** Saves a file named as the uploader named it. */
export const downloadFile = (fileId: string, name: string): Promise<void> =>
  saveAuthorizedDownload(`/v1/files/${encodeURIComponent(fileId)}/content`, name)

/** An object URL for an evidence image while the component is shown; revoked after. */
export const useFileObjectUrl = (
  fileId: string,
  enabled = true,
): { url: string | null; error: ApiError | null } => {
  const [state, setState] = useState<{ url: string | null; error: ApiError | null }>({
    url: null,
    error: null,
  })
  useEffect(() => {
    if (!enabled) return undefined
    let url: string | null = null
    let live = true
    fetchFileBlob(fileId).then(
      (blob) => {
        if (!live) return
        url = URL.createObjectURL(blob)
        setState({ url, error: null })
      },
      (error: unknown) => {
        if (live) setState({ url: null, error: asApiError(error) })
      },
    )
    return () => {
      live = false
      if (url) URL.revokeObjectURL(url)
    }
  }, [fileId, enabled])
  return state
}
