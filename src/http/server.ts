import Fastify, { type FastifyInstance } from 'fastify'
import helmet from '@fastify/helmet'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import multipart from '@fastify/multipart'
import rateLimit from '@fastify/rate-limit'
import AjvCompiler from '@fastify/ajv-compiler'
import { MAX_FILE_BYTES } from '../integrations/files.ts'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Recourse } from '../app/recourse.ts'
import { Authenticator } from './auth.ts'
import { HttpProblem, ProblemSchema, problemBody } from './problems.ts'
import { metricsPlugin } from './metrics.ts'
import { installInputRules } from './input-rules.ts'
import { frameworkProblem, onClientError, onFrameworkError, sendProblem } from './errors.ts'
import { enforceRouteRoles, registerRoutes } from './route.ts'
import { systemRoutes } from './routes/system.ts'
import { orderRoutes } from './routes/orders.ts'
import { cancellationRoutes } from './routes/cancellations.ts'
import { caseRoutes } from './routes/cases.ts'
import { fileRoutes } from './routes/files.ts'
import { insightRoutes } from './routes/insights.ts'
import { conversationRoutes } from './routes/conversations.ts'
import { notificationRoutes } from './routes/notifications.ts'
import { webhookRoutes } from './routes/webhooks.ts'
import { eventRoutes } from './routes/events.ts'
import { moneyRoutes } from './routes/money.ts'
import { paymentDisputeRoutes } from './routes/payment-disputes.ts'
import { PaymentDisputeView } from './schemas/payment-dispute.ts'
import { returnRoutes } from './routes/returns.ts'
import { swapRoutes } from './routes/swaps.ts'
import { abuseAppealRoutes } from './routes/abuse-appeals.ts'
import { policyRoutes } from './routes/policy.ts'
import { adminRoutes } from './routes/admin.ts'
import { staffRoutes } from './routes/staff.ts'
import { staffSignInRoutes } from './routes/staff-sign-in.ts'
import { authRoutes } from './routes/auth.ts'
import { publicOrigin } from './session-cookie.ts'
import { CreditsView, LedgerView, RefundView } from './schemas/money.ts'
import { ReplacementView, ReturnView } from './schemas/return.ts'
import { SwapView } from './schemas/swap.ts'
import { AbuseAppealView } from './schemas/abuse-appeal.ts'
import { OrderView } from './schemas/order.ts'
import { CaseView } from './schemas/case.ts'
import { CancellationView } from './schemas/cancellation.ts'
import './explainers.ts'
import { webPlugin } from './web.ts'

export type Server = FastifyInstance

export interface ServerOptions {
  readonly logger?: boolean | { level: string }
}

/** Request bodies above this size are refused with 413 before they are parsed. */
export const BODY_LIMIT_BYTES = 256 * 1024

const AJV_OPTIONS = {
  removeAdditional: false,
  coerceTypes: 'array',
  useDefaults: true,
  allErrors: false,
} as const

const coercing = AjvCompiler()
const strict = AjvCompiler()

type ValidatorFactory = ReturnType<typeof AjvCompiler>
type ValidatorOptions = { customOptions?: object } & Record<string, unknown>
type ValidatorRoute = { httpPart?: string } & Record<string, unknown>
type Validate = (route: ValidatorRoute) => unknown

/** Fastify's Ajv compiler, without type coercion for bodies. */
const buildValidatorByPart = (externalSchemas: unknown, options: ValidatorOptions = {}) => {
  const build = (factory: ValidatorFactory, customOptions: object): Validate =>
    (factory as unknown as (s: unknown, o: object) => Validate)(externalSchemas, {
      ...options,
      customOptions,
    })
  const forText = build(coercing, { ...options.customOptions })
  const forBody = build(strict, { ...options.customOptions, coerceTypes: false })
  return (route: ValidatorRoute) => (route.httpPart === 'body' ? forBody(route) : forText(route))
}

export const buildServer = async (
  recourse: Recourse,
  options: ServerOptions = {},
): Promise<Server> => {
  const app = Fastify({
    logger: options.logger ?? false,
    // Behind a declared reverse proxy, its X-Forwarded-Proto decides `Secure` cookies and
    // X-Forwarded-For the client address in the audit trail (RECOURSE_TRUST_PROXY).
    ...(recourse.config.trustProxy !== undefined ? { trustProxy: recourse.config.trustProxy } : {}),
    bodyLimit: BODY_LIMIT_BYTES,
    ajv: { customOptions: AJV_OPTIONS },
    // Bodies are JSON: a number is a JSON number, never a string coerced into
    // one ("1e400" became Infinity and reached the money code). Query strings
    // and path parameters are text, so they are coerced (`limit=25`).
    schemaController: {
      compilersFactory: { buildValidator: buildValidatorByPart as unknown as ValidatorFactory },
    },
    routerOptions: { maxParamLength: 200 },
    frameworkErrors: onFrameworkError,
    clientErrorHandler: onClientError,
  }).withTypeProvider<TypeBoxTypeProvider>()

  app.addSchema(ProblemSchema)
  app.addSchema(OrderView)
  app.addSchema(CancellationView)
  app.addSchema(CaseView)
  app.addSchema(RefundView)
  app.addSchema(LedgerView)
  app.addSchema(CreditsView)
  app.addSchema(ReturnView)
  app.addSchema(ReplacementView)
  app.addSchema(SwapView)
  app.addSchema(AbuseAppealView)
  app.addSchema(PaymentDisputeView)
  await app.register(helmet, { contentSecurityPolicy: false })
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Recourse API',
        version: '1',
        description:
          'Post-sale resolution center: orders, cancellations, cases, returns, refunds. Errors are application/problem+json with a stable `code`. Every POST accepts an `Idempotency-Key`.',
      },
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'A user token (JWT) or an integration API key (rk_…).',
          },
        },
      },
      security: [{ bearer: [] }],
    },
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  await app.register(multipart, {
    limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 0, parts: 2 },
  })
  await app.register(rateLimit, {
    global: false,
    keyGenerator: (request) => request.actor?.id ?? request.ip,
    // The plugin sets Retry-After; the refusal is a problem like every other.
    errorResponseBuilder: (_request, context) =>
      new HttpProblem(
        context.statusCode,
        'RATE_LIMITED',
        `Too many requests; retry in ${context.after}.`,
        { retryAfterSeconds: Math.ceil(context.ttl / 1000) },
      ),
  })

  const publicUrlOrigin = publicOrigin(recourse)
  const auth = new Authenticator(recourse.database.db, {
    secret: recourse.jwtSecret,
    jwksUrl: recourse.config.jwksUrl,
    audience: recourse.config.jwtAudience,
    issuer: recourse.config.jwtIssuer,
    outbound: recourse.config.outbound,
    maxLifetimeSeconds: recourse.config.jwtMaxLifetimeSeconds,
    clock: recourse.identity.clock,
    demo: recourse.config.demo,
    sessions: {
      settings: recourse.identity.sessions,
      trustedOrigins: publicUrlOrigin ? [publicUrlOrigin] : [],
    },
  })
  installInputRules(app)
  app.decorateRequest('actor', null)
  app.decorateRequest('session', null)
  app.addHook('onRequest', async (request) => {
    request.actor = await auth.authenticate(request)
  })
  app.addHook('onRequest', enforceRouteRoles)

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof HttpProblem) {
      return reply
        .code(error.status)
        .type('application/problem+json')
        .send(problemBody(error.status, error.code, error.detail, error.data))
    }
    const e = error as { validation?: unknown }
    if (e.validation) {
      return reply
        .code(400)
        .type('application/problem+json')
        .send(
          problemBody(400, 'VALIDATION_FAILED', (error as Error).message, { errors: e.validation }),
        )
    }
    const problem = frameworkProblem(error)
    if (problem) return sendProblem(reply, problem)
    request.log.error({ err: error }, 'unhandled error')
    return reply
      .code(500)
      .type('application/problem+json')
      .send(
        problemBody(
          500,
          'INTERNAL_ERROR',
          'Something went wrong on our side; nothing was changed. Retry with the same Idempotency-Key.',
        ),
      )
  })
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .type('application/problem+json')
      .send(problemBody(404, 'ROUTE_NOT_FOUND', `No route ${request.method} ${request.url}.`)),
  )

  await app.register(metricsPlugin)
  registerRoutes(app, [
    ...systemRoutes(recourse),
    ...orderRoutes(recourse),
    ...cancellationRoutes(recourse),
    ...caseRoutes(recourse),
    ...fileRoutes(recourse),
    ...insightRoutes(recourse),
    ...conversationRoutes(recourse, recourse.messaging),
    ...notificationRoutes(recourse, recourse.messaging),
    ...webhookRoutes(recourse, recourse.messaging),
    ...eventRoutes(recourse, recourse.messaging),
    ...moneyRoutes(recourse),
    ...paymentDisputeRoutes(recourse),
    ...returnRoutes(recourse),
    ...swapRoutes(recourse),
    ...abuseAppealRoutes(recourse),
    ...policyRoutes(recourse),
    ...adminRoutes(recourse),
    ...staffRoutes(recourse),
    ...staffSignInRoutes(recourse),
    ...authRoutes(recourse),
  ])
  // The web app answers every other GET; unknown API paths keep their 404 problem.
  await app.register(webPlugin)
  return app
}
