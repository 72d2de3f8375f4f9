import type { FastifyInstance, FastifyRequest } from 'fastify'
import { HttpProblem } from './problems.ts'

/**
 * The input rules every route gets (docs/api.md, "Input rules"), applied
 * centrally before schema validation so no route can forget them:
 *
 * - JSON bodies nest at most {@link MAX_JSON_DEPTH} levels; deeper ones are
 *   refused by a scan of the raw text before `JSON.parse` runs.
 * - Every string (body, query, path) is well-formed Unicode (no lone UTF-16
 *   surrogate) and carries no NUL or other C0 control character; tab, line
 *   feed and carriage return are allowed (free text has lines). Single-line
 *   fields refuse those too, through their schemas' `pattern` (`ShortText`…).
 * - Every number in a body is finite (`1e400` parses to Infinity, which
 *   `maximum` does not catch for every schema); bodies are never coerced from
 *   strings (`server.ts` validates bodies with a non-coercing Ajv).
 *
 * PostgreSQL refuses NUL in `text` and lone surrogates in `jsonb` with an
 * error (a 500), while PGlite stored the surrogate: refusing both here makes
 * the engines answer alike, with a 400 `VALIDATION_FAILED` naming the field.
 */

/** Objects and arrays inside one another, at most, in a JSON body. */
export const MAX_JSON_DEPTH = 32

/** C0 controls other than tab (09), line feed (0A) and carriage return (0D), and DEL. */
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/** Why a string breaks the rule, or null when it keeps it. */
export const textProblem = (value: string): string | null => {
  if (LONE_SURROGATE.test(value)) return 'must be valid Unicode (it holds a lone surrogate)'
  if (FORBIDDEN_CONTROL.test(value)) return 'must not hold NUL or control characters'
  return null
}

/**
 * The deepest nesting of `[`/`{` in JSON text, counted without parsing
 * (brackets inside strings are skipped), stopping as soon as `limit` is
 * passed: linear in the text, no recursion.
 */
export const jsonDepthExceeds = (text: string, limit: number): boolean => {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true
    } else if (c === 0x5d || c === 0x7d) depth--
  }
  return false
}

const pointer = (path: readonly (string | number)[]): string =>
  path.map((p) => `/${String(p).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('')

const refuse = (part: string, path: readonly (string | number)[], message: string): never => {
  const instancePath = pointer(path)
  throw new HttpProblem(400, 'VALIDATION_FAILED', `${part}${instancePath} ${message}`, {
    errors: [{ instancePath, keyword: 'inputRule', message }],
  })
}

/**
 * Walks a parsed value (body, query or params) and refuses the first string
 * or number that breaks the rules. Iterative with an explicit stack, and the
 * body's depth is already bounded by the parser.
 */
export const checkInput = (part: string, value: unknown): void => {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }]
  while (stack.length > 0) {
    const { value: v, path } = stack.pop()!
    if (typeof v === 'string') {
      const problem = textProblem(v)
      if (problem) refuse(part, path, problem)
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) refuse(part, path, 'must be a finite number')
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push({ value: item, path: [...path, i] }))
    } else if (v && typeof v === 'object') {
      for (const [key, item] of Object.entries(v as Record<string, unknown>)) {
        const problem = textProblem(key)
        if (problem) refuse(part, [...path, key], `(the name) ${problem}`)
        stack.push({ value: item, path: [...path, key] })
      }
    }
  }
}

/**
 * Installs the rules on a server: the depth-checked JSON parser, the string
 * and number scan before validation, and the finite check after coercion
 * (Ajv's coercion of `limit=1e400` in a query string makes Infinity after the
 * type check, and `maximum` skips non-finite numbers).
 */
export const installInputRules = (app: FastifyInstance): void => {
  const parseJson = app.getDefaultJsonParser('error', 'error')
  // Only JSON (and multipart where a route says so) is accepted: any other
  // media type is a 415, not a string handed to the schema.
  app.removeContentTypeParser(['application/json', 'text/plain'])
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    (request: FastifyRequest, body: string | Buffer, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8')
      if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
        done(
          new HttpProblem(
            400,
            'JSON_TOO_DEEP',
            `JSON bodies may nest objects and arrays at most ${MAX_JSON_DEPTH} levels deep.`,
            { maxDepth: MAX_JSON_DEPTH },
          ),
          undefined,
        )
        return
      }
      void parseJson(request, text, done)
    },
  )

  app.addHook('preValidation', async (request) => {
    // A command that takes no body ignores one: it was parsed under the limits
    // above, and is neither validated, hashed for idempotency nor stored (it
    // hashes as `{}`, as it always did when sent without a body).
    if (request.method !== 'GET' && !request.routeOptions.schema?.body) {
      request.body = request.method === 'POST' ? {} : undefined
    } else if (request.method === 'POST') {
      // A POST without a body is an empty object: bodies whose fields are all
      // optional may be left out, and required fields still fail validation.
      request.body ??= {}
    }
    checkInput('body', request.body)
    checkInput('querystring', request.query)
    checkInput('params', request.params)
  })

  app.addHook('preHandler', async (request) => {
    for (const [part, values] of [
      ['querystring', request.query],
      ['params', request.params],
    ] as const) {
      if (!values || typeof values !== 'object') continue
      for (const [name, value] of Object.entries(values as Record<string, unknown>)) {
        if (typeof value === 'number' && !Number.isFinite(value))
          refuse(part, [name], 'must be a finite number')
      }
    }
  })
}
