import type { LightMyRequestResponse } from 'fastify'
import { Compile } from 'typebox/compile'
import { expect } from 'vitest'
import { ProblemSchema } from '../../src/http/problems.ts'
import { CancellationView } from '../../src/http/schemas/cancellation.ts'
import { OrderView } from '../../src/http/schemas/order.ts'
import { CaseView } from '../../src/http/schemas/case.ts'

const validators = {
  Problem: Compile(ProblemSchema),
  Order: Compile(OrderView),
  Cancellation: Compile(CancellationView),
  Case: Compile(CaseView),
}

/** The body matches the response schema the route declares (and documents in OpenAPI). */
export const expectSchema = (name: keyof typeof validators, body: unknown): void => {
  const errors = [...validators[name].Errors(body)].map((e) => `${e.instancePath} ${e.message}`)
  expect(errors).toEqual([])
}

/** A problem+json response with this status and stable code. */
export const expectProblem = (res: LightMyRequestResponse, status: number, code: string): void => {
  expect({ status: res.statusCode, code: res.json<{ code?: string }>().code }).toEqual({
    status,
    code,
  })
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
  expectSchema('Problem', res.json())
}

/** A tiny real PNG (1×1): evidence uploads are sniffed by content. */
export const PNG_1x1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)

/** A multipart/form-data body with one file part named `file`. */
export const multipartFile = (
  bytes: Buffer,
  filename: string,
  contentType = 'application/octet-stream',
): { payload: Buffer; headers: Record<string, string> } => {
  const boundary = `----recourse${Math.random().toString(16).slice(2)}`
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  )
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
  return {
    payload: Buffer.concat([head, bytes, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  }
}
