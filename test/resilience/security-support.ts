import type { LightMyRequestResponse } from 'fastify'
import { expect } from 'vitest'
import { presets } from '../../src/policy/presets.ts'
import { addHours, type Instant } from '../../src/policy/time.ts'
import type { ResolveAll } from '../../src/integrations/outbound.ts'
import { monday9am, openTestApp, type TestApp } from '../support/app.ts'
import { multipartFile, PNG_1x1 } from '../support/http.ts'
import { orderBody } from '../support/orders.ts'
import { operationsOf, type OpenApiDocument, type Operation } from './openapi-tools.ts'

export type Caller =
  | 'owner-buyer'
  | 'owner-seller'
  | 'other-buyer'
  | 'other-seller'
  | 'agent'
  | 'admin'
  | 'integration'
  | 'anonymous'

/** Ids of one object of every kind the API names in a path, owned by buyer-1 and seller-1. */
export interface Fixtures {
  readonly orderId: string
  readonly paymentDisputeId: string
  readonly staffId: string
  /** The one fixture that is not a UUID: a staff invitation's secret. */
  readonly invitationToken: string
  readonly caseId: string
  readonly offerId: string
  readonly cancellationId: string
  readonly refundId: string
  readonly returnId: string
  readonly returnCaseId: string
  readonly replacementCaseId: string
  readonly evidenceFileId: string
  readonly attachmentFileId: string
  readonly messageId: string
  readonly notificationId: string
  readonly webhookEndpointId: string
  readonly deliveryId: string
  readonly swapCaseId: string
  readonly swapId: string
  readonly abuseAppealId: string
  readonly apiKeyId: string
  readonly policyVersionId: string
}

/** Marks no other party's data may ever show: written by buyer-1, seller-1 and the agent. */
export const CANARY = {
  buyerEmail: 'canary-buyer-1@private.test',
  sellerEmail: 'canary-seller-1@private.test',
  moderatedOriginal: 'pay me on venmo canary-moderated-7731',
} as const

export interface SecurityHarness {
  readonly t: TestApp
  readonly doc: OpenApiDocument
  readonly operations: readonly Operation[]
  readonly fixtures: Fixtures
  readonly tokens: Readonly<Record<Exclude<Caller, 'anonymous'>, string>>
  at(time: Instant): void
  request(
    method: string,
    url: string,
    caller: Caller,
    payload?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>
  close(): Promise<void>
}

const friday = addHours(monday9am, -72)

const firstId = (res: LightMyRequestResponse, what: string): string => {
  expect(res.statusCode, `${what}: ${res.body.slice(0, 300)}`).toBe(200)
  return res.json<{ items: { id: string }[] }>().items[0]?.id ?? ''
}

const ok = (res: LightMyRequestResponse, status: number, what: string): LightMyRequestResponse => {
  expect(res.statusCode, `${what}: ${res.body.slice(0, 300)}`).toBe(status)
  return res
}

/**
 * A test app with one object of every kind (an order with a case, an offer,
 * evidence, a conversation and a refund; a pending cancellation; a return; a
 * replacement; a webhook endpoint with a delivery), owned by buyer-1 and
 * seller-1, and the served OpenAPI document.
 */
/**
 * The harness's name resolution: `receiver.test` (its webhook endpoint) is a
 * public address, nothing else resolves, so generated URLs never leave the machine.
 */
export const harnessResolve: ResolveAll = async (host) => {
  if (host === 'receiver.test') return [{ address: '93.184.215.14', family: 4 }]
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' })
}

export const openSecurityHarness = async (): Promise<SecurityHarness> => {
  const t = await openTestApp({ resolve: harnessResolve })
  const tokens = {
    'owner-buyer': await t.bearer('buyer', 'buyer-1'),
    'owner-seller': await t.bearer('seller', 'seller-1'),
    'other-buyer': await t.bearer('buyer', 'buyer-2'),
    'other-seller': await t.bearer('seller', 'seller-2'),
    agent: await t.bearer('agent', 'agent-1'),
    admin: await t.bearer('admin', 'admin-1'),
    integration: await t.integration(),
  }
  const at = (time: Instant): void => t.clock?.set(time)
  const request = (
    method: string,
    url: string,
    caller: Caller,
    payload?: unknown,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> =>
    t.server.inject({
      method: method as 'GET',
      url,
      headers: { ...(caller === 'anonymous' ? {} : { authorization: tokens[caller] }), ...headers },
      ...(payload === undefined ? {} : { payload: payload as object }),
    })
  const post = (url: string, caller: Caller, payload?: unknown) =>
    request('POST', url, caller, payload)
  const upload = async (caller: Caller, as: Record<string, string> = {}): Promise<string> => {
    const { payload, headers } = multipartFile(PNG_1x1, 'photo.png', 'image/png')
    const res = ok(
      await request('POST', '/v1/files', caller, payload, { ...headers, ...as }),
      201,
      'upload',
    )
    return res.json<{ fileId: string }>().fileId
  }

  await t.usePolicy(presets.ebay)
  const person = (role: 'buyer' | 'seller', email: string) => ({ role, name: `${role} one`, email })
  ok(
    await request('PUT', '/v1/users/buyer-1', 'admin', person('buyer', CANARY.buyerEmail)),
    200,
    'buyer',
  )
  ok(
    await request('PUT', '/v1/users/seller-1', 'admin', person('seller', CANARY.sellerEmail)),
    200,
    'seller',
  )
  const endpoint = ok(
    await post('/v1/webhook-endpoints', 'admin', { url: 'https://receiver.test/hook' }),
    201,
    'endpoint',
  ).json<{ id: string }>()

  const delivered = async (buyerId = 'buyer-1'): Promise<string> => {
    at(friday)
    const order = ok(
      await post('/v1/orders', 'integration', orderBody({ buyerId })),
      201,
      'order',
    ).json<{ id: string }>()
    ok(
      await post(`/v1/orders/${order.id}/shipments`, 'integration', {
        carrier: 'USPS',
        trackingNumber: '94001118',
      }),
      200,
      'ship',
    )
    ok(await post(`/v1/orders/${order.id}/delivery`, 'integration'), 200, 'deliver')
    at(addHours(friday, 2))
    return order.id
  }
  const openCase = async (orderId: string, desiredOutcome: string, evidence: unknown[] = []) =>
    ok(
      await post(`/v1/orders/${orderId}/cases`, 'owner-buyer', {
        reason: 'not_as_described',
        desiredOutcome,
        description: 'Not what the listing said.',
        ...(evidence.length ? { evidence } : {}),
      }),
      201,
      'case',
    ).json<{ id: string }>().id

  const orderId = await delivered()
  const evidenceFileId = await upload('owner-buyer')
  const caseId = await openCase(orderId, 'full_refund', [
    { kind: 'file', fileId: evidenceFileId, note: 'The stain' },
  ])
  const offered = ok(
    await post(`/v1/cases/${caseId}/offers`, 'owner-seller', {
      terms: { kind: 'partial_refund', amount: 500 },
    }),
    200,
    'offer',
  ).json<{ offers: { offerId: string }[] }>()
  const offerId = offered.offers[0]?.offerId ?? ''
  const attachmentFileId = await upload('owner-buyer')
  ok(
    await post(`/v1/orders/${orderId}/conversation/messages`, 'owner-buyer', {
      text: 'Here is a photo.',
      attachments: [attachmentFileId],
    }),
    201,
    'message',
  )
  ok(
    await post(`/v1/orders/${orderId}/conversation/messages`, 'owner-buyer', {
      text: `My email is ${CANARY.buyerEmail}, ${CANARY.moderatedOriginal}`,
    }),
    201,
    'flagged message',
  )
  const thread = ok(
    await request('GET', `/v1/orders/${orderId}/conversation`, 'owner-buyer'),
    200,
    'thread',
  )
  const messageId = thread.json<{ messages: { id: string }[] }>().messages[0]?.id ?? ''
  const refund = ok(
    await post(`/v1/orders/${orderId}/refunds`, 'agent', {
      amount: 100,
      funding: 'marketplace',
      reference: 'ticket-1',
    }),
    201,
    'refund',
  ).json<{ refundId: string }>()

  at(friday)
  const fresh = ok(await post('/v1/orders', 'integration', orderBody()), 201, 'order').json<{
    id: string
  }>()
  const cancellation = ok(
    await post(`/v1/orders/${fresh.id}/cancellations`, 'owner-buyer', {
      reason: 'no_longer_needed',
    }),
    201,
    'cancellation',
  ).json<{ id: string }>()

  const returnOrder = await delivered()
  const returnCaseId = await openCase(returnOrder, 'return_and_refund')
  ok(
    await post(`/v1/cases/${returnCaseId}/accept-claim`, 'owner-seller', { resolution: 'return' }),
    200,
    'accept',
  )
  const returns = ok(
    await request('GET', `/v1/cases/${returnCaseId}/returns`, 'owner-seller'),
    200,
    'returns',
  )
  const returnId = returns.json<{ items: { id: string }[] }>().items[0]?.id ?? ''

  const replacementOrder = await delivered()
  const replacementCaseId = await openCase(replacementOrder, 'replacement')
  const rOffer = ok(
    await post(`/v1/cases/${replacementCaseId}/offers`, 'owner-seller', {
      terms: { kind: 'replacement' },
    }),
    200,
    'replacement offer',
  ).json<{ offers: { offerId: string }[] }>()
  ok(
    await post(
      `/v1/cases/${replacementCaseId}/offers/${rOffer.offers[0]?.offerId ?? ''}/accept`,
      'owner-buyer',
    ),
    200,
    'accept replacement',
  )

  // A swap: two wrong-item cases (buyer-1's and buyer-3's) linked by an agent.
  await t.usePolicy(presets.poshmark)
  const wrongItem = async (buyerId: string): Promise<string> => {
    const order = await delivered(buyerId)
    const buyer = await t.bearer('buyer', buyerId)
    const opened = ok(
      await request(
        'POST',
        `/v1/orders/${order}/cases`,
        'owner-buyer',
        {
          reason: 'wrong_item',
          desiredOutcome: 'return_and_refund',
          description: 'I received someone else’s item.',
          evidence: [
            {
              kind: 'file',
              fileId: await upload('owner-buyer', { authorization: buyer }),
              note: 'what came',
            },
          ],
        },
        { authorization: buyer },
      ),
      201,
      'wrong-item case',
    ).json<{ id: string }>().id
    ok(
      await post(`/v1/cases/${opened}/dispute`, 'owner-seller', { statement: 'I shipped it.' }),
      200,
      'dispute',
    )
    ok(
      await request(
        'POST',
        `/v1/cases/${opened}/escalate`,
        'owner-buyer',
        { statement: 'Not mine.' },
        { authorization: buyer },
      ),
      200,
      'escalate',
    )
    return opened
  }
  const swapCaseId = await wrongItem('buyer-1')
  const otherCaseId = await wrongItem('buyer-3')
  const swap = ok(
    await post(`/v1/cases/${swapCaseId}/swap`, 'agent', {
      otherCaseId,
      rationale: 'Each buyer describes the other’s item.',
    }),
    201,
    'swap',
  ).json<{ id: string }>()

  // buyer-1's cases on its orders raise a claim-rate signal, which it appeals.
  const abuseAppeal = ok(
    await post('/v1/buyers/buyer-1/abuse-appeals', 'owner-buyer', {
      statement: 'Every one of those cases was justified.',
    }),
    201,
    'abuse appeal',
  ).json<{ id: string }>()

  // A chargeback on an order of its own, so the others' refunds are not held.
  const disputedOrder = ok(
    await post('/v1/orders', 'integration', orderBody()),
    201,
    'order',
  ).json<{
    id: string
  }>()
  const paymentDispute = ok(
    await post(`/v1/orders/${disputedOrder.id}/payment-disputes`, 'integration', {
      provider: 'stripe',
      providerReference: 'du_security_fixture',
      amount: 1000,
      currency: 'USD',
      networkReason: 'fraudulent',
    }),
    201,
    'payment dispute',
  ).json<{ id: string }>()
  const invitation = ok(
    await post('/v1/staff/invitations', 'admin', {
      email: 'agent-fixture@shop.example',
      role: 'agent',
    }),
    201,
    'staff invitation',
  ).json<{ link: string; staff: { id: string } }>()

  const notes = ok(await request('GET', '/v1/notifications', 'owner-seller'), 200, 'notifications')
  const notificationId = notes.json<{ items: { id: string }[] }>().items[0]?.id ?? ''
  const deliveries = ok(
    await request('GET', `/v1/webhook-endpoints/${endpoint.id}/deliveries`, 'admin'),
    200,
    'deliveries',
  )
  const deliveryId = deliveries.json<{ items: { id: string }[] }>().items[0]?.id ?? ''

  const doc = ok(
    await request('GET', '/openapi.json', 'anonymous'),
    200,
    'openapi',
  ).json<OpenApiDocument>()
  const fixtures: Fixtures = {
    orderId,
    paymentDisputeId: paymentDispute.id,
    staffId: invitation.staff.id,
    invitationToken: invitation.link.split('/').at(-1) ?? '',
    caseId,
    offerId,
    cancellationId: cancellation.id,
    refundId: refund.refundId,
    returnId,
    returnCaseId,
    replacementCaseId,
    evidenceFileId,
    attachmentFileId,
    messageId,
    notificationId,
    webhookEndpointId: endpoint.id,
    deliveryId,
    swapCaseId,
    swapId: swap.id,
    abuseAppealId: abuseAppeal.id,
    apiKeyId: firstId(await request('GET', '/v1/api-keys', 'admin'), 'api keys'),
    policyVersionId: firstId(
      await request('GET', '/v1/policy/versions', 'admin'),
      'policy versions',
    ),
  }
  for (const [name, id] of Object.entries(fixtures))
    if (name !== 'invitationToken') expect(id, name).toMatch(/^[0-9a-f-]{36}$/)
  expect(fixtures.invitationToken).not.toBe('')
  return {
    t,
    doc,
    operations: operationsOf(doc),
    fixtures,
    tokens,
    at,
    request,
    close: () => t.close(),
  }
}

/**
 * How to get an id for every path parameter, keyed by the path segment before
 * it and the parameter's name (`cases/{id}`), with a few whole-path
 * overrides. A route whose parameter is in neither table fails the tests that
 * enumerate the document, so a new route cannot go unchecked.
 */
const ID_BY_SEGMENT: Readonly<Record<string, (f: Fixtures) => string>> = {
  'orders/{id}': (f) => f.orderId,
  'cases/{id}': (f) => f.caseId,
  'offers/{offerId}': (f) => f.offerId,
  'cancellations/{id}': (f) => f.cancellationId,
  'refunds/{id}': (f) => f.refundId,
  'returns/{id}': (f) => f.returnId,
  'files/{id}': (f) => f.evidenceFileId,
  'attachments/{fileId}': (f) => f.attachmentFileId,
  'messages/{messageId}': (f) => f.messageId,
  'notifications/{id}': (f) => f.notificationId,
  'webhook-endpoints/{id}': (f) => f.webhookEndpointId,
  'deliveries/{deliveryId}': (f) => f.deliveryId,
  'swaps/{id}': (f) => f.swapId,
  'abuse-appeals/{id}': (f) => f.abuseAppealId,
  'payment-disputes/{id}': (f) => f.paymentDisputeId,
  'staff/{id}': (f) => f.staffId,
  'invitations/{token}': (f) => f.invitationToken,
  'legs/{leg}': () => 'a',
  'versions/{id}': (f) => f.policyVersionId,
  'api-keys/{id}': (f) => f.apiKeyId,
  'sellers/{id}': () => 'seller-1',
  'buyers/{id}': () => 'buyer-1',
  'accounts/{userId}': () => 'buyer-1',
  'users/{userId}': () => 'buyer-1',
}

const ID_BY_PATH: Readonly<Record<string, (f: Fixtures) => Record<string, string>>> = {
  '/v1/cases/{id}/returns': (f) => ({ id: f.returnCaseId }),
  '/v1/cases/{id}/replacement': (f) => ({ id: f.replacementCaseId }),
  '/v1/cases/{id}/replacement/shipment': (f) => ({ id: f.replacementCaseId }),
  '/v1/cases/{id}/replacement/delivery': (f) => ({ id: f.replacementCaseId }),
  '/v1/cases/{id}/swap': (f) => ({ id: f.swapCaseId }),
}

/**
 * A route whose path carries its own credential (a staff invitation's secret):
 * whoever holds the link is the one it was sent to, so "another party" and the
 * owner's body checks do not apply; `test/http/staff.test.ts` covers its
 * expiry, single use and refusals.
 */
export const isBearerLink = (op: Operation): boolean => op.path.includes('{token}')

/** The owner's ids for a route's path parameters, or the parameters that have no fixture. */
export const ownerParams = (
  op: Operation,
  f: Fixtures,
): { ok: true; params: Record<string, string> } | { ok: false; missing: string[] } => {
  const params: Record<string, string> = {}
  const missing: string[] = []
  const override = ID_BY_PATH[op.path]?.(f) ?? {}
  for (const name of op.pathParams) {
    const segment = new RegExp(`([\\w-]+)/\\{${name}\\}`).exec(op.path)?.[1]
    const id = override[name] ?? ID_BY_SEGMENT[`${segment}/{${name}}`]?.(f)
    if (id === undefined) missing.push(`${segment}/{${name}}`)
    else params[name] = id
  }
  return missing.length ? { ok: false, missing } : { ok: true, params }
}

/** Ids of the same shape that name nothing: a random UUID, or an unknown user. */
export const absentParams = (params: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(params).map(([k, v]) => [
      k,
      k === 'leg'
        ? v
        : /^[0-9a-f-]{36}$/.test(v)
          ? '01900000-0000-7000-8000-000000000000'
          : `${v.split('-')[0]}-nobody`,
    ]),
  )
