import type { LightMyRequestResponse } from 'fastify'
import { Compile } from 'typebox/compile'
import { expect } from 'vitest'
import { ProblemSchema } from '../../src/http/problems.ts'
import { CancellationView } from '../../src/http/schemas/cancellation.ts'
import { OrderView } from '../../src/http/schemas/order.ts'

const validators = {
  Problem: Compile(ProblemSchema),
  Order: Compile(OrderView),
  Cancellation: Compile(CancellationView),
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
