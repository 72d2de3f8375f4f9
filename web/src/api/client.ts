import type { Problem } from './types.ts'

/**
 * A refusal or failure from the API, carrying the problem+json fields: the
 * stable `code`, the server's sentence (`detail`), and the refusal's data
 * (`closedAt`, `shippedAt`, …) for the UI to say it in the viewer's terms.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly data: Readonly<Record<string, unknown>> = {},
  ) {
    super(detail)
    this.name = 'ApiError'
  }
}

const PROBLEM_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'code'])

const isProblem = (body: unknown): body is Problem =>
  typeof body === 'object' && body !== null && typeof (body as { code?: unknown }).code === 'string'

export const problemToError = (status: number, body: unknown): ApiError => {
  if (!isProblem(body)) {
    return new ApiError(
      status,
      `HTTP_${status}`,
      `The server answered ${status} without saying why.`,
    )
  }
  const data: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(body)) if (!PROBLEM_MEMBERS.has(k)) data[k] = v
  return new ApiError(body.status || status, body.code, body.detail, data)
}

/** `crypto.randomUUID` exists only in secure contexts (https, localhost); fall back to a v4 from getRandomValues. */
export const newIdempotencyKey = (): string => {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const b = crypto.getRandomValues(new Uint8Array(16))
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

export interface PostOptions {
  /** Reuse a key to retry the same intent safely; a fresh one is made otherwise. */
  readonly idempotencyKey?: string
  /** The version the change is based on (ETag); a stale one is refused with VERSION_MISMATCH. */
  readonly ifMatch?: number
}

export interface ApiClientOptions {
  readonly baseUrl?: string
  /**
   * The session's CSRF token, sent in `X-CSRF-Token` with every change: the
   * session itself is the HTTP-only cookie the browser sends.
   */
  readonly csrfToken: () => string | null
  /** Called when the API says the credentials are no longer good. */
  readonly onUnauthorized?: (error: ApiError) => void
}

export interface ApiClient {
  get<T>(path: string, query?: Readonly<Record<string, string | number | undefined>>): Promise<T>
  post<T>(path: string, body?: unknown, options?: PostOptions): Promise<T>
  /** PUT with `If-Match` as the server's ETag string, sent as given (`"0192…"`). */
  put<T>(path: string, body: unknown, options?: { readonly ifMatch?: string }): Promise<T>
  patch<T>(path: string, body: unknown): Promise<T>
  delete<T>(path: string): Promise<T>
}

export const createApiClient = (options: ApiClientOptions): ApiClient => {
  const base = options.baseUrl ?? ''

  const request = async <T>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body: unknown,
    extra: Record<string, string>,
  ): Promise<T> => {
    const headers: Record<string, string> = {
      accept: 'application/json, application/problem+json',
      ...extra,
    }
    const csrf = options.csrfToken()
    if (csrf && method !== 'GET') headers['x-csrf-token'] = csrf
    if (body !== undefined) headers['content-type'] = 'application/json'
    let response: Response
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      })
    } catch {
      throw new ApiError(
        0,
        'NETWORK_ERROR',
        'Recourse could not be reached. Check your connection and try again.',
      )
    }
    const text = await response.text()
    let parsed: unknown = undefined
    if (text) {
      try {
        parsed = JSON.parse(text)
      } catch {
        parsed = undefined
      }
    }
    if (!response.ok) {
      const error = problemToError(response.status, parsed)
      if (response.status === 401) options.onUnauthorized?.(error)
      throw error
    }
    return parsed as T
  }

  return {
    get: (path, query) => {
      const params = new URLSearchParams()
      for (const [k, v] of Object.entries(query ?? {}))
        if (v !== undefined) params.set(k, String(v))
      const qs = params.toString()
      return request('GET', qs ? `${path}?${qs}` : path, undefined, {})
    },
    post: (path, body, postOptions = {}) =>
      request('POST', path, body, {
        'idempotency-key': postOptions.idempotencyKey ?? newIdempotencyKey(),
        ...(postOptions.ifMatch !== undefined ? { 'if-match': `"${postOptions.ifMatch}"` } : {}),
      }),
    put: (path, body, putOptions = {}) =>
      request('PUT', path, body, {
        'idempotency-key': newIdempotencyKey(),
        ...(putOptions.ifMatch !== undefined ? { 'if-match': putOptions.ifMatch } : {}),
      }),
    patch: (path, body) => request('PATCH', path, body, { 'idempotency-key': newIdempotencyKey() }),
    delete: (path) =>
      request('DELETE', path, undefined, { 'idempotency-key': newIdempotencyKey() }),
  }
}

/** Any thrown value as an ApiError, so every failure renders through the same notice. */
export const asApiError = (error: unknown): ApiError =>
  error instanceof ApiError
    ? error
    : new ApiError(
        0,
        'CLIENT_ERROR',
        error instanceof Error ? error.message : 'Something went wrong in the browser.',
      )
