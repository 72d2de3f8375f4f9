import type { LightMyRequestResponse } from 'fastify'
import type { TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedAbuseAppeal } from '../../src/demo/seed-appeals.ts'
import { AbuseAppealPage, AbuseAppealView } from '../../src/http/schemas/abuse-appeal.ts'
import { BuyerRecord, ReturnAbusePage } from '../../src/http/schemas/insights.ts'
import { addHours } from '../../src/policy/time.ts'
import { monday9am, openTestApp, type TestApp } from '../support/app.ts'
import { expectProblem, multipartFile, PNG_1x1 } from '../support/http.ts'
import { orderBody } from '../support/orders.ts'

// Appeals against abuse signals through the API: a buyer whose claims and
// reused photo flag it appeals from its record, an agent clears the appeal
// and the buyer leaves the return-abuse view until its claim rate rises
// above the one cleared; a second appeal is upheld and the flag stays.

let t: TestApp
const as: Record<string, string> = {}
const appeals: string[] = []

const SERIAL = 'buyer-serial'

const send = (
  method: 'GET' | 'POST',
  url: string,
  who: string,
  payload?: object,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> =>
  t.server.inject({
    method,
    url,
    headers: { authorization: as[who] ?? who, ...headers },
    ...(payload ? { payload } : {}),
  })
const get = (url: string, who: string) => send('GET', url, who)
const post = (url: string, who: string, payload?: object, headers?: Record<string, string>) =>
  send('POST', url, who, payload, headers)

const matches = (schema: TSchema, body: unknown): void => {
  const compiled = Compile({ AbuseAppeal: AbuseAppealView }, schema)
  expect([...compiled.Errors(body)].map((e) => `${e.instancePath} ${e.message}`)).toEqual([])
}

interface SignalJson {
  code: string
  value: number
  reflagged?: { appealId: string; clearedValue: number }
}
interface RecordJson {
  signals: SignalJson[]
  cleared: (SignalJson & {
    clearedOnAppeal: { appealId: string; value: number; by: { userId: string }; rationale: string }
  })[]
  appeal: { appealId: string; status: string; rationale: string | null } | null
  availableActions: { action: string }[]
  contest: string
}
interface AppealJson {
  id: string
  status: string
  buyerId: string
  signals: { code: string; value: number }[]
  decision: { outcome: string; rationale: string; by: { role: string; userId: string } } | null
  availableActions: { action: string }[]
}
interface AbuseJson {
  items: { buyerId: string; signals: SignalJson[]; appeal: { status: string } | null }[]
}

const record = async (who = SERIAL): Promise<RecordJson> => {
  const res = await get(`/v1/buyers/${SERIAL}/record`, who)
  expect(res.statusCode).toBe(200)
  matches(BuyerRecord, res.json())
  return res.json<RecordJson>()
}

const abuseItem = async (buyerId = SERIAL) => {
  const res = await get('/v1/insights/return-abuse', 'agent')
  expect(res.statusCode).toBe(200)
  matches(ReturnAbusePage, res.json())
  return res.json<AbuseJson>().items.find((i) => i.buyerId === buyerId)
}

let hour = 0
/** Moves the fixed clock on an hour per step, from ten days before Monday. */
const tick = () => t.clock?.set(addHours(monday9am, -240 + hour++))

/** An order of `buyerId` imported, shipped and delivered. */
const deliveredOrder = async (buyerId: string): Promise<string> => {
  tick()
  const placed = await post('/v1/orders', 'integration', orderBody({ buyerId }))
  expect(placed.statusCode).toBe(201)
  const id = placed.json<{ id: string }>().id
  tick()
  const shipped = await post(`/v1/orders/${id}/shipments`, 'seller', {
    carrier: 'USPS',
    trackingNumber: '9400111899223344556677',
  })
  expect(shipped.statusCode).toBe(200)
  tick()
  expect((await post(`/v1/orders/${id}/delivery`, 'integration')).statusCode).toBe(200)
  return id
}

/** A not-as-described case on the order, with the same 1×1 PNG as the buyer's other cases when `photo`. */
const openCase = async (buyerId: string, orderId: string, photo: boolean): Promise<string> => {
  tick()
  const evidence = []
  if (photo) {
    const { payload, headers } = multipartFile(PNG_1x1, 'photo.png', 'image/png')
    const upload = await t.server.inject({
      method: 'POST',
      url: '/v1/files',
      headers: { authorization: as[buyerId] ?? '', ...headers },
      payload,
    })
    expect(upload.statusCode).toBe(201)
    evidence.push({ kind: 'file', fileId: upload.json<{ fileId: string }>().fileId })
  }
  const opened = await post(`/v1/orders/${orderId}/cases`, buyerId, {
    reason: 'not_as_described',
    desiredOutcome: 'full_refund',
    description: 'Not what the listing showed.',
    evidence,
  })
  expect(opened.statusCode).toBe(201)
  return opened.json<{ id: string }>().id
}

beforeAll(async () => {
  t = await openTestApp({ clock: monday9am })
  as.integration = await t.integration()
  for (const [key, role, id] of [
    [SERIAL, 'buyer', SERIAL],
    ['buyer-clean', 'buyer', 'buyer-clean'],
    ['buyer-other', 'buyer', 'buyer-other'],
    ['seller', 'seller', 'seller-1'],
    ['agent', 'agent', 'agent-1'],
    ['admin', 'admin', 'admin-1'],
  ] as const)
    as[key] = await t.bearer(role, id)
  // Three orders, two cases with the same photo: a claim rate of 2/3 and one reused file.
  const orders = [
    await deliveredOrder(SERIAL),
    await deliveredOrder(SERIAL),
    await deliveredOrder(SERIAL),
  ]
  await openCase(SERIAL, orders[0] ?? '', true)
  await openCase(SERIAL, orders[1] ?? '', true)
  await deliveredOrder('buyer-clean')
  tick()
}, 120_000)
afterAll(async () => t.close())

describe('before any appeal', () => {
  it('the record flags the buyer with reason codes and offers it an appeal; agents see the buyer listed', async () => {
    const r = await record()
    expect(r.signals.map((s) => [s.code, s.value])).toEqual([
      ['high_claim_rate', 2 / 3],
      ['evidence_reused', 1],
    ])
    expect(r).toMatchObject({ cleared: [], appeal: null })
    expect(r.availableActions).toEqual([{ action: 'file_abuse_appeal' }])
    expect(r.contest).toMatch(/appeal/)
    // Staff read the record, but the appeal is the buyer's to file.
    expect((await record('agent')).availableActions).toEqual([])
    expect(await abuseItem()).toMatchObject({ appeal: null })
  })
})

describe('POST /v1/buyers/{id}/abuse-appeals', () => {
  it('refuses what is not the buyer’s to appeal, or nothing to appeal', async () => {
    expectProblem(
      await post('/v1/buyers/buyer-clean/abuse-appeals', 'buyer-clean', {
        statement: 'I did nothing wrong.',
      }),
      409,
      'NO_ABUSE_SIGNALS',
    )
    expectProblem(
      await post(`/v1/buyers/${SERIAL}/abuse-appeals`, 'buyer-other', { statement: 'Me?' }),
      404,
      'NOT_FOUND',
    )
    for (const who of ['seller', 'agent', 'integration'])
      expectProblem(
        await post(`/v1/buyers/${SERIAL}/abuse-appeals`, who, { statement: 'On their behalf.' }),
        403,
        'FORBIDDEN',
      )
  })

  it('needs a statement, and a bounded one', async () => {
    expectProblem(
      await post(`/v1/buyers/${SERIAL}/abuse-appeals`, SERIAL, { statement: '   ' }),
      422,
      'STATEMENT_REQUIRED',
    )
    expectProblem(
      await post(`/v1/buyers/${SERIAL}/abuse-appeals`, SERIAL, { statement: 'x'.repeat(2001) }),
      400,
      'VALIDATION_FAILED',
    )
    expectProblem(
      await post(`/v1/buyers/${SERIAL}/abuse-appeals`, SERIAL, {}),
      400,
      'VALIDATION_FAILED',
    )
  })

  it('files an appeal with a snapshot of the signals; a retry replays; a second one waits for the first', async () => {
    const body = { statement: 'Both items were not as listed; the photo is my own, sent twice.' }
    const key = { 'idempotency-key': 'appeal-1' }
    const res = await post(`/v1/buyers/${SERIAL}/abuse-appeals`, SERIAL, body, key)
    expect(res.statusCode).toBe(201)
    expect(res.headers.etag).toBe('"1"')
    matches(AbuseAppealView, res.json())
    const appeal = res.json<AppealJson>()
    expect(appeal).toMatchObject({
      status: 'open',
      buyerId: SERIAL,
      decision: null,
      availableActions: [],
    })
    expect(appeal.signals.map((s) => [s.code, s.value])).toEqual([
      ['high_claim_rate', 2 / 3],
      ['evidence_reused', 1],
    ])
    appeals.push(appeal.id)

    const replay = await post(`/v1/buyers/${SERIAL}/abuse-appeals`, SERIAL, body, key)
    expect(replay.headers['idempotent-replayed']).toBe('true')
    expect(replay.json<AppealJson>().id).toBe(appeal.id)
    expectProblem(
      await post(`/v1/buyers/${SERIAL}/abuse-appeals`, SERIAL, body, {
        'idempotency-key': 'appeal-2',
      }),
      409,
      'APPEAL_ALREADY_OPEN',
    )

    const r = await record()
    expect(r.appeal).toMatchObject({ appealId: appeal.id, status: 'open' })
    expect(r.availableActions).toEqual([])
    // Still flagged while the appeal waits, and the agents see it is under appeal.
    expect(await abuseItem()).toMatchObject({ appeal: { status: 'open' } })
  })
})

describe('reading appeals', () => {
  it('puts open appeals in the agents’ queue', async () => {
    const res = await get('/v1/abuse-appeals?status=open', 'agent')
    expect(res.statusCode).toBe(200)
    matches(AbuseAppealPage, res.json())
    expect(res.json<{ items: AppealJson[] }>().items.map((a) => a.id)).toEqual(appeals)
    expectProblem(await get('/v1/abuse-appeals', SERIAL), 403, 'FORBIDDEN')
    expectProblem(await get('/v1/abuse-appeals', 'seller'), 403, 'FORBIDDEN')
    expectProblem(await get('/v1/abuse-appeals?status=bogus', 'agent'), 400, 'VALIDATION_FAILED')
  })

  it('shows a buyer its own appeals and never another buyer’s', async () => {
    const own = await get(`/v1/buyers/${SERIAL}/abuse-appeals`, SERIAL)
    matches(AbuseAppealPage, own.json())
    expect(own.json<{ items: AppealJson[] }>().items.map((a) => a.id)).toEqual(appeals)
    for (const who of ['buyer-other', 'seller']) {
      expectProblem(await get(`/v1/buyers/${SERIAL}/abuse-appeals`, who), 404, 'NOT_FOUND')
      expectProblem(await get(`/v1/abuse-appeals/${appeals[0]}`, who), 404, 'NOT_FOUND')
    }
    const staff = await get(`/v1/abuse-appeals/${appeals[0]}`, 'agent')
    expect(staff.statusCode).toBe(200)
    expect(staff.headers.etag).toBe('"1"')
    expect(staff.json<AppealJson>().availableActions).toEqual([
      { action: 'clear' },
      { action: 'uphold' },
    ])
    expectProblem(
      await get('/v1/abuse-appeals/0190e6b8-0000-7000-8000-000000000000', 'agent'),
      404,
      'NOT_FOUND',
    )
  })
})

describe('POST /v1/abuse-appeals/{id}/decision', () => {
  it('is for staff, needs a rationale and the version read', async () => {
    const url = `/v1/abuse-appeals/${appeals[0]}/decision`
    const cleared = {
      outcome: 'cleared',
      rationale: 'Checked both cases: the items were misdescribed.',
    }
    expectProblem(await post(url, SERIAL, cleared), 403, 'FORBIDDEN')
    expectProblem(await post(url, 'seller', cleared), 403, 'FORBIDDEN')
    expectProblem(
      await post(url, 'agent', { ...cleared, rationale: '  ' }),
      422,
      'RATIONALE_REQUIRED',
    )
    expectProblem(
      await post(url, 'agent', { ...cleared, outcome: 'forgiven' }),
      400,
      'VALIDATION_FAILED',
    )
    expectProblem(await post(url, 'agent', cleared, { 'if-match': '"7"' }), 412, 'VERSION_MISMATCH')
  })

  it('clears the appeal, tells the buyer, and refuses a second decision', async () => {
    const url = `/v1/abuse-appeals/${appeals[0]}/decision`
    const rationale = 'Checked both cases: the items were misdescribed.'
    const res = await post(url, 'agent', { outcome: 'cleared', rationale }, { 'if-match': '"1"' })
    expect(res.statusCode).toBe(200)
    expect(res.headers.etag).toBe('"2"')
    matches(AbuseAppealView, res.json())
    expect(res.json<AppealJson>()).toMatchObject({
      status: 'cleared',
      decision: { outcome: 'cleared', rationale, by: { role: 'agent', userId: 'agent-1' } },
      availableActions: [],
    })
    expectProblem(
      await post(url, 'admin', { outcome: 'upheld', rationale: 'On second thought.' }),
      409,
      'APPEAL_ALREADY_DECIDED',
    )
    const notes = (await get('/v1/notifications', SERIAL)).json<{
      items: { type: string; title: string; body: string; link: string | null }[]
    }>()
    expect(notes.items[0]).toMatchObject({
      type: 'abuse_appeal_decided',
      title: 'Your appeal was accepted',
    })
    expect(notes.items[0]?.body).toContain(rationale)
    expect(notes.items[0]?.link).toMatch(/\/record$/)
  })

  it('takes the buyer off the return-abuse view and shows the signals as cleared on appeal', async () => {
    expect(await abuseItem()).toBeUndefined()
    const r = await record()
    expect(r.signals).toEqual([])
    expect(r.cleared.map((s) => [s.code, s.clearedOnAppeal.value])).toEqual([
      ['high_claim_rate', 2 / 3],
      ['evidence_reused', 1],
    ])
    expect(r.cleared[0]?.clearedOnAppeal).toMatchObject({
      appealId: appeals[0],
      by: { userId: 'agent-1' },
      rationale: 'Checked both cases: the items were misdescribed.',
    })
    expect(r.appeal).toMatchObject({ appealId: appeals[0], status: 'cleared' })
    expect(r.availableActions).toEqual([])
    expectProblem(
      await post(`/v1/buyers/${SERIAL}/abuse-appeals`, SERIAL, { statement: 'Again.' }),
      409,
      'NO_ABUSE_SIGNALS',
    )
  })

  it('flags the buyer again once a cleared value is passed, and only that signal', async () => {
    // A fourth order lowers the claim rate to 2/4: still under the cleared 2/3.
    const order = await deliveredOrder(SERIAL)
    expect(await abuseItem()).toBeUndefined()
    // A third case raises it to 3/4, above what the agent cleared.
    await openCase(SERIAL, order, false)
    const r = await record()
    expect(r.signals).toMatchObject([
      {
        code: 'high_claim_rate',
        value: 3 / 4,
        reflagged: { appealId: appeals[0], clearedValue: 2 / 3 },
      },
    ])
    expect(r.cleared.map((s) => s.code)).toEqual(['evidence_reused'])
    expect(r.availableActions).toEqual([{ action: 'file_abuse_appeal' }])
    const item = await abuseItem()
    expect(item?.signals.map((s) => s.code)).toEqual(['high_claim_rate'])
    expect(item?.appeal).toMatchObject({ status: 'cleared' })
  })

  it('upholds a second appeal: the flag stays, with the rationale, and the old clearing of it ends', async () => {
    const filed = await post(`/v1/buyers/${SERIAL}/abuse-appeals`, SERIAL, {
      statement: 'The third one was not my fault either.',
    })
    expect(filed.statusCode).toBe(201)
    const second = filed.json<AppealJson>()
    expect(second.signals.map((s) => [s.code, s.value])).toEqual([['high_claim_rate', 3 / 4]])
    appeals.push(second.id)
    const rationale = 'Three claims on four orders, all for fit: the listings gave measurements.'
    const res = await post(`/v1/abuse-appeals/${second.id}/decision`, 'admin', {
      outcome: 'upheld',
      rationale,
    })
    expect(res.json<AppealJson>()).toMatchObject({
      status: 'upheld',
      decision: { by: { role: 'admin', userId: 'admin-1' } },
    })
    const r = await record()
    expect(r.signals).toEqual([expect.objectContaining({ code: 'high_claim_rate', value: 3 / 4 })])
    expect(r.signals[0]?.reflagged).toBeUndefined()
    expect(r.cleared.map((s) => s.code)).toEqual(['evidence_reused'])
    expect(r.appeal).toMatchObject({ appealId: second.id, status: 'upheld', rationale })
    expect(await abuseItem()).toMatchObject({ appeal: { status: 'upheld' } })
    const notes = (await get('/v1/notifications', SERIAL)).json<{ items: { title: string }[] }>()
    expect(notes.items[0]?.title).toBe('Your appeal was not accepted')
  })

  it('lets only one of two simultaneous filings through', async () => {
    const body = { statement: 'Please look again.' }
    const results = await Promise.all([
      post(`/v1/buyers/${SERIAL}/abuse-appeals`, SERIAL, body),
      post(`/v1/buyers/${SERIAL}/abuse-appeals`, SERIAL, body),
    ])
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409])
    const loser = results.find((r) => r.statusCode === 409)
    if (loser) expectProblem(loser, 409, 'APPEAL_ALREADY_OPEN')
    const winner = results.find((r) => r.statusCode === 201)
    appeals.push(winner?.json<AppealJson>().id ?? '')
  })
})

describe('lists and the API description', () => {
  it('pages a buyer’s appeals newest first and filters them by status', async () => {
    const first = await get(`/v1/buyers/${SERIAL}/abuse-appeals?limit=2`, 'agent')
    const page1 = first.json<{ items: AppealJson[]; nextCursor: string | null }>()
    expect(page1.items.map((a) => a.id)).toEqual([appeals[2], appeals[1]])
    expect(page1.nextCursor).not.toBeNull()
    const page2 = (
      await get(
        `/v1/buyers/${SERIAL}/abuse-appeals?limit=2&cursor=${page1.nextCursor ?? ''}`,
        'agent',
      )
    ).json<{ items: AppealJson[]; nextCursor: string | null }>()
    expect(page2).toMatchObject({ nextCursor: null })
    expect(page2.items.map((a) => a.id)).toEqual([appeals[0]])
    const cleared = (await get(`/v1/buyers/${SERIAL}/abuse-appeals?status=cleared`, SERIAL)).json<{
      items: AppealJson[]
    }>()
    expect(cleared.items.map((a) => a.id)).toEqual([appeals[0]])
  })

  it('documents every appeal route in OpenAPI, with its roles', async () => {
    const doc = (await t.server.inject({ method: 'GET', url: '/openapi.json' })).json<{
      paths: Record<
        string,
        Record<string, { summary?: string; description?: string; 'x-roles'?: string[] }>
      >
    }>()
    const ops = [
      ['/v1/buyers/{id}/abuse-appeals', 'post', ['buyer']],
      ['/v1/buyers/{id}/abuse-appeals', 'get', ['buyer', 'seller', 'agent', 'admin']],
      ['/v1/abuse-appeals', 'get', ['agent', 'admin']],
      ['/v1/abuse-appeals/{id}', 'get', ['buyer', 'seller', 'agent', 'admin']],
      ['/v1/abuse-appeals/{id}/decision', 'post', ['agent', 'admin']],
    ] as const
    for (const [path, method, roles] of ops) {
      const op = doc.paths[path]?.[method]
      expect(op?.summary, `${method} ${path}`).toBeTruthy()
      expect(op?.description, `${method} ${path}`).toBeTruthy()
      expect(op?.['x-roles']).toEqual(roles)
    }
  })
})

describe('the demo seed', () => {
  it('files one open appeal for the first buyer the return-abuse view lists', async () => {
    // The appeal left open above is decided first: one open appeal per buyer.
    const open = appeals.at(-1) ?? ''
    expect(
      (
        await post(`/v1/abuse-appeals/${open}/decision`, 'agent', {
          outcome: 'upheld',
          rationale: 'Nothing new since the last decision.',
        })
      ).statusCode,
    ).toBe(200)
    const id = await seedAbuseAppeal(t.recourse)
    const queue = (await get('/v1/abuse-appeals?status=open', 'agent')).json<{
      items: AppealJson[]
    }>()
    expect(queue.items.map((a) => [a.id, a.buyerId])).toEqual([[id, SERIAL]])
  })
})
