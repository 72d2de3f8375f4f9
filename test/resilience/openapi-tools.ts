import { Ajv, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import fc from 'fast-check'

/** The parts of an OpenAPI 3.1 document these tests read. */
export interface JsonSchema {
  readonly $ref?: string
  readonly type?: string | readonly string[]
  readonly anyOf?: readonly JsonSchema[]
  readonly oneOf?: readonly JsonSchema[]
  readonly allOf?: readonly JsonSchema[]
  readonly enum?: readonly unknown[]
  readonly const?: unknown
  readonly properties?: Readonly<Record<string, JsonSchema>>
  readonly required?: readonly string[]
  readonly additionalProperties?: boolean | JsonSchema
  readonly items?: JsonSchema
  readonly minItems?: number
  readonly maxItems?: number
  readonly minLength?: number
  readonly minProperties?: number
  readonly maxProperties?: number
  readonly maxLength?: number
  readonly pattern?: string
  readonly format?: string
  readonly minimum?: number
  readonly maximum?: number
  readonly default?: unknown
}

interface Parameter {
  readonly in: 'path' | 'query' | 'header'
  readonly name: string
  readonly required?: boolean
  readonly schema: JsonSchema
}

interface OperationObject {
  readonly summary?: string
  readonly parameters?: readonly Parameter[]
  readonly requestBody?: { content: Record<string, { schema: JsonSchema }> }
  readonly responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }>
  readonly 'x-roles'?: readonly string[]
}

export interface OpenApiDocument {
  readonly paths: Record<string, Record<string, OperationObject>>
  readonly components: { schemas: Record<string, JsonSchema> }
}

/** One documented operation, as the tests drive it. */
export interface Operation {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** The documented path, e.g. `/v1/orders/{id}`. */
  readonly path: string
  readonly pathParams: readonly string[]
  readonly query: readonly Parameter[]
  readonly body: JsonSchema | null
  readonly multipart: boolean
  readonly statuses: readonly string[]
  /** The roles the route is documented for (`x-roles`), or null when it carries none. */
  readonly roles: readonly string[] | null
  readonly raw: OperationObject
}

export const operationsOf = (doc: OpenApiDocument): Operation[] => {
  const ops: Operation[] = []
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = op.parameters ?? []
      const content = op.requestBody?.content ?? {}
      ops.push({
        method: method.toUpperCase() as Operation['method'],
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        query: params.filter((p) => p.in === 'query'),
        body: content['application/json']?.schema ?? null,
        multipart: 'multipart/form-data' in content,
        statuses: Object.keys(op.responses),
        roles: op['x-roles'] ?? null,
        raw: op,
      })
    }
  }
  return ops
}

export const operationName = (op: Operation): string => `${op.method} ${op.path}`

/** The path with its parameters filled in. */
export const fillPath = (path: string, values: Readonly<Record<string, string>>): string =>
  path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(values[name] ?? ''))

const resolve = (doc: OpenApiDocument, schema: JsonSchema): JsonSchema => {
  let s = schema
  while (s.$ref) {
    const name = s.$ref.replace('#/components/schemas/', '')
    const next = doc.components.schemas[name]
    if (!next) throw new Error(`unresolved ${s.$ref}`)
    s = next
  }
  return s
}

const typesOf = (s: JsonSchema): string[] =>
  s.type === undefined ? [] : typeof s.type === 'string' ? [s.type] : [...s.type]

const formatted = (format: string): fc.Arbitrary<string> | null => {
  switch (format) {
    case 'uuid':
      return fc.uuid()
    case 'date-time':
      return fc
        .date({
          min: new Date('2020-01-01T00:00:00Z'),
          max: new Date('2030-01-01T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString())
    case 'email':
      return fc.emailAddress().filter((e) => e.length <= 254)
    case 'uri':
      return fc.constantFrom('https://example.com/hook', 'https://receiver.test/x')
    default:
      return null
  }
}

const stringArb = (s: JsonSchema): fc.Arbitrary<string> => {
  const min = s.minLength ?? 0
  const max = Math.min(s.maxLength ?? 40, Math.max(min, 40))
  if (s.format) {
    const f = formatted(s.format)
    if (f) return f
  }
  if (s.pattern) {
    return fc
      .stringMatching(new RegExp(s.pattern))
      .filter((v) => v.length >= min && v.length <= (s.maxLength ?? Infinity))
  }
  return fc.string({ minLength: min, maxLength: max, unit: 'grapheme-ascii' })
}

/**
 * A fast-check arbitrary for values valid under a (TypeBox-made) JSON schema:
 * objects with their required properties and a random subset of the optional
 * ones, bounded arrays and strings.
 */
export const arbitraryOf = (
  doc: OpenApiDocument,
  schema: JsonSchema,
  depth = 0,
): fc.Arbitrary<unknown> => {
  const s = resolve(doc, schema)
  if (s.const !== undefined) return fc.constant(s.const)
  if (s.enum) return fc.constantFrom(...s.enum)
  const alternatives = s.anyOf ?? s.oneOf
  if (alternatives) return fc.oneof(...alternatives.map((a) => arbitraryOf(doc, a, depth)))
  if (s.allOf)
    return arbitraryOf(
      doc,
      Object.assign({}, ...s.allOf.map((a) => resolve(doc, a))) as JsonSchema,
      depth,
    )
  const types = typesOf(s)
  if (types.length > 1)
    return fc.oneof(...types.map((type) => arbitraryOf(doc, { ...s, type }, depth)))
  switch (types[0] ?? 'object') {
    case 'string':
      return stringArb(s)
    case 'integer':
      return fc.integer({
        min: Math.max(s.minimum ?? -1_000_000, Number.MIN_SAFE_INTEGER),
        max: Math.min(s.maximum ?? 1_000_000, Number.MAX_SAFE_INTEGER),
      })
    case 'number':
      return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true })
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    case 'array': {
      const minLength = s.minItems ?? 0
      return fc.array(
        s.items && depth < 6 ? arbitraryOf(doc, s.items, depth + 1) : fc.constant(null),
        {
          minLength,
          maxLength: Math.min(s.maxItems ?? 3, minLength + 3),
        },
      )
    }
    case 'object':
    default: {
      const props = s.properties ?? {}
      const required = new Set(s.required ?? [])
      if (depth >= 6) return fc.constant({})
      if (!s.properties && typeof s.additionalProperties === 'object') {
        return fc.dictionary(
          fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme-ascii' }),
          arbitraryOf(doc, s.additionalProperties, depth + 1),
          { minKeys: s.minProperties ?? 0, maxKeys: Math.min(s.maxProperties ?? 3, 3) },
        )
      }
      const record = Object.fromEntries(
        Object.entries(props).map(([k, v]) => [k, arbitraryOf(doc, v, depth + 1)]),
      )
      return fc.record(record, { requiredKeys: [...required].filter((k) => k in props) })
    }
  }
}

/** One value valid under the schema (the first fast-check draws with a fixed seed). */
export const sampleOf = (doc: OpenApiDocument, schema: JsonSchema, seed = 1): unknown =>
  fc.sample(arbitraryOf(doc, schema), { seed, numRuns: 1 })[0]

/** Property names an object schema declares (after resolving references). */
export const declaredProperties = (doc: OpenApiDocument, schema: JsonSchema): string[] => {
  const s = resolve(doc, schema)
  const alternatives = s.anyOf ?? s.oneOf ?? s.allOf
  if (alternatives) return alternatives.flatMap((a) => declaredProperties(doc, a))
  return Object.keys(s.properties ?? {})
}

/** Validates response bodies against the schemas of the served OpenAPI document. */
export class ResponseValidator {
  private readonly ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true })
  private readonly cache = new Map<string, ValidateFunction | null>()

  constructor(private readonly doc: OpenApiDocument) {
    addFormats.default(this.ajv)
    this.ajv.addSchema({ ...doc, $id: 'openapi' })
  }

  /** Errors of `body` against the documented response schema; null when the status documents no JSON body. */
  errors(op: Operation, status: string, body: unknown): string[] | null {
    const key = `${operationName(op)} ${status}`
    if (!this.cache.has(key)) {
      const content = op.raw.responses[status]?.content
      const media = content && (content['application/json'] ?? Object.values(content)[0])
      const pointer = ['paths', op.path, op.method.toLowerCase(), 'responses', status, 'content']
        .map((p) => encodeURIComponent(p.replaceAll('~', '~0').replaceAll('/', '~1')))
        .join('/')
      const mediaKey = content && Object.keys(content).find((k) => content[k] === media)
      this.cache.set(
        key,
        media && mediaKey
          ? this.ajv.compile({
              $ref: `openapi#/${pointer}/${encodeURIComponent(mediaKey.replaceAll('/', '~1'))}/schema`,
            })
          : null,
      )
    }
    const validate = this.cache.get(key)
    if (!validate) return null
    return validate(body)
      ? []
      : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`)
  }
}
