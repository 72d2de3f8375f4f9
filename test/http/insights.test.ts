import { sql } from 'drizzle-orm'
import type { TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  FIXTURE_NOW,
  FIXTURE_SELLER,
  playFixture,
  type FixtureRun,
} from '../../src/simulation/fixtures.ts'
import { MemoryInsights } from '../../src/insights/memory.ts'
import { Effects } from '../../src/insights/projection.ts'
import { AppEngine } from '../../src/simulation/app-engine.ts'
import { generateScripts } from '../../src/simulation/behaviour.ts'
import { runScripts } from '../../src/simulation/driver.ts'
import { PureEngine } from '../../src/simulation/engine.ts'
import { EffectsBatch, insightTables, rebuildInsights } from '../../src/insights/store.ts'
import { NEAR_DUPLICATE_MAX_DISTANCE } from '../../src/insights/vocabulary.ts'
import { wilsonLowerBound } from '../../src/insights/wilson.ts'
import {
  BuyerRecord,
  DisputePronePage,
  LateShippersPage,
  ListingReview,
  Precedents,
  ReturnAbusePage,
  ReusedEvidencePage,
  Scorecard,
  SimulationReport,
} from '../../src/http/schemas/insights.ts'
import { addHours, type Instant } from '../../src/policy/time.ts'
import { presets } from '../../src/policy/presets.ts'
import { openTestApp, type TestApp } from '../support/app.ts'
import { expectProblem, multipartFile, PNG_1x1 } from '../support/http.ts'
import { crop, drawScene, resize, toJpeg, toPng } from '../support/images.ts'
import { orderBody } from '../support/orders.ts'

// The insights API over one prepared marketplace: the hand-built fixture and
// a few orders and cases made through the API, then 2,000 generated orders
// projected straight into the read models (PureEngine → the same projector).

let t: TestApp
let fixture: FixtureRun
let integration: string
const as: Record<string, string> = {}
const reusedCases: string[] = []
const nearCases: string[] = []
let unrelatedCase = ''

const get = (url: string, who: string) =>
  t.server.inject({ method: 'GET', url, headers: { authorization: as[who] ?? who } })
const post = (url: string, who: string, payload?: object) =>
  t.server.inject({
    method: 'POST',
    url,
    headers: { authorization: as[who] ?? who },
    ...(payload ? { payload } : {}),
  })

const matches = (schema: TSchema, body: unknown): void => {
  const errors = [...Compile(schema).Errors(body)].map((e) => `${e.instancePath} ${e.message}`)
  expect(errors).toEqual([])
}

const at = (time: Instant) => t.clock?.set(time)

/** An order for `sellerId` made through the API `purchasedHoursAgo` before now, due to ship `shipByInHours` from now. */
const openOrder = async (sellerId: string, purchasedHoursAgo: number, shipByInHours: number) => {
  const body = orderBody({
    sellerId,
    buyerId: 'buyer-open',
    purchasedAt: addHours(FIXTURE_NOW, -purchasedHoursAgo),
    shipBy: addHours(FIXTURE_NOW, shipByInHours),
  })
  const res = await post('/v1/orders', integration, body)
  expect(res.statusCode).toBe(201)
  return res.json<{ id: string }>().id
}

/** A delivered order whose buyer opens a case with `photo` (by default the same 1×1 PNG as other cases). */
const caseWithSharedPhoto = async (
  buyerId: string,
  sellerId: string,
  photo: { bytes: Buffer; name: string; type: string } = {
    bytes: PNG_1x1,
    name: 'same.png',
    type: 'image/png',
  },
): Promise<string> => {
  at(addHours(FIXTURE_NOW, -30 * 24))
  const order = (await post('/v1/orders', integration, orderBody({ buyerId, sellerId }))).json<{
    id: string
  }>()
  at(addHours(FIXTURE_NOW, -29 * 24))
  expect(
    (
      await post(`/v1/orders/${order.id}/shipments`, `seller:${sellerId}`, {
        carrier: 'USPS',
        trackingNumber: '9400111899223344556677',
      })
    ).statusCode,
  ).toBe(200)
  at(addHours(FIXTURE_NOW, -27 * 24))
  expect((await post(`/v1/orders/${order.id}/delivery`, integration)).statusCode).toBe(200)
  at(addHours(FIXTURE_NOW, -26 * 24))
  const { payload, headers } = multipartFile(photo.bytes, photo.name, photo.type)
  const upload = await t.server.inject({
    method: 'POST',
    url: '/v1/files',
    headers: { authorization: as[`buyer:${buyerId}`] ?? '', ...headers },
    payload,
  })
  expect(upload.statusCode).toBe(201)
  const opened = await post(`/v1/orders/${order.id}/cases`, `buyer:${buyerId}`, {
    reason: 'not_as_described',
    desiredOutcome: 'full_refund',
    description: 'Not what the listing showed.',
    evidence: [{ kind: 'file', fileId: upload.json<{ fileId: string }>().fileId }],
  })
  expect(opened.statusCode).toBe(201)
  at(FIXTURE_NOW)
  return opened.json<{ id: string }>().id
}

beforeAll(async () => {
  t = await openTestApp({ clock: FIXTURE_NOW })
  await t.db.database.db.execute(sql.raw(`truncate ${insightTables.join(', ')}`))
  await t.usePolicy(presets.ebay)
  integration = await t.integration()
  for (const [key, role, id] of [
    ['seller', 'seller', FIXTURE_SELLER],
    ['other-seller', 'seller', 'seller-other'],
    ['buyer', 'buyer', 'buyer-fx'],
    ['other-buyer', 'buyer', 'buyer-other'],
    ['agent', 'agent', 'agent-1'],
    ['admin', 'admin', 'admin-1'],
    ['seller:seller-calm', 'seller', 'seller-calm'],
    ['seller:seller-fx', 'seller', FIXTURE_SELLER],
    ['buyer:buyer-copy', 'buyer', 'buyer-copy'],
    ['buyer:buyer-photo', 'buyer', 'buyer-photo'],
    ['buyer:buyer-resaved', 'buyer', 'buyer-resaved'],
    ['buyer:buyer-unrelated', 'buyer', 'buyer-unrelated'],
  ] as const) {
    as[key] = await t.bearer(role, id)
  }
  as.integration = integration

  if (!t.clock) throw new Error('fixed clock expected')
  fixture = await playFixture(new AppEngine(t.recourse, t.clock))
  at(FIXTURE_NOW)
  // Late shippers: seller-fx has 3 orders due within 48 h and one already overdue; seller-calm one.
  for (const hours of [10, 20, 30]) await openOrder(FIXTURE_SELLER, 30, hours)
  await openOrder(FIXTURE_SELLER, 90, -20)
  await openOrder('seller-calm', 20, 40)
  reusedCases.push(await caseWithSharedPhoto('buyer-copy', 'seller-calm'))
  reusedCases.push(await caseWithSharedPhoto('buyer-copy', 'seller-calm'))
  // A real photo, the same picture re-saved smaller by another buyer, and an unrelated picture.
  const scene = drawScene(320, 240, 1)
  nearCases.push(
    await caseWithSharedPhoto('buyer-photo', 'seller-calm', {
      bytes: toJpeg(scene, 90),
      name: 'box.jpg',
      type: 'image/jpeg',
    }),
    await caseWithSharedPhoto('buyer-resaved', 'seller-calm', {
      bytes: toJpeg(crop(resize(scene, 240, 180), 0.03), 60),
      name: 'IMG_2041.jpg',
      type: 'image/jpeg',
    }),
  )
  unrelatedCase = await caseWithSharedPhoto('buyer-unrelated', 'seller-calm', {
    bytes: toPng(drawScene(320, 240, 3)),
    name: 'other.png',
    type: 'image/png',
  })
  // Everything so far went through commands; rebuild in case no reactor projected it.
  await rebuildInsights(t.db.database.db)

  // 2,000 generated orders projected straight into the read models, plus two
  // listings made to show the Wilson ranking: 1 claim in 3 orders, 12 in 40.
  const memory = new MemoryInsights()
  const batch = new EffectsBatch()
  for (const script of generateScripts('http', 2000)) {
    await runScripts(
      new PureEngine(presets.ebay, (a) =>
        batch.add(memory.project(a.streamType, a.streamId, a.events)),
      ),
      [script],
    )
  }
  const made = new Effects()
  const line = (listingId: string) => ({
    lineId: 'line-1',
    listingId,
    category: 'home/decor',
    title: listingId,
    attributes: [],
  })
  made.listing(line('lst-tiny'), 'seller-made', { orders: 3, nad: 1, cases: 1 })
  made.listing(line('lst-proven'), 'seller-made', { orders: 40, nad: 12, cases: 12 })
  batch.add(made)
  await batch.write(t.db.database.db)
}, 300_000)
afterAll(async () => t.close())

describe('GET /v1/sellers/{id}/scorecard', () => {
  it('shows the seller its own scorecard with the numbers, links and exclusions', async () => {
    const res = await get(`/v1/sellers/${FIXTURE_SELLER}/scorecard`, 'seller')
    expect(res.statusCode).toBe(200)
    const card = res.json<{
      status: string
      window: { days: number }
      metrics: {
        id: string
        numerator: number
        denominator: number
        links: { caseId: string | null; href: string }[]
        excluded: { byReason: { reason: string; count: number }[] }
      }[]
    }>()
    matches(Scorecard, card)
    expect(card.window.days).toBe(90)
    const cases = card.metrics.find((m) => m.id === 'case_rate')
    // Four API orders were added to the fixture's 47.
    expect([cases?.numerator, cases?.denominator]).toEqual([2, 51])
    expect(cases?.links.map((l) => l.caseId).sort()).toEqual(
      [fixture.ids.get('b2:case'), fixture.ids.get('b3:case')].sort(),
    )
    expect(cases?.excluded.byReason).toEqual([{ reason: 'buyer_remorse', count: 1 }])
  })

  it('is open to agents and admins, leaves out excluded reasons on request, and limits links', async () => {
    for (const who of ['agent', 'admin']) {
      const res = await get(`/v1/sellers/${FIXTURE_SELLER}/scorecard?exclude=settled&links=0`, who)
      expect(res.statusCode).toBe(200)
      const card = res.json<{
        metrics: { id: string; numerator: number; links: unknown[] }[]
        alsoExcluded: string[]
      }>()
      expect(card.alsoExcluded).toEqual(['settled'])
      expect(card.metrics.find((m) => m.id === 'case_rate')?.numerator).toBe(1)
      expect(card.metrics.every((m) => m.links.length === 0)).toBe(true)
    }
  })

  it('answers another seller or a buyer 404, an integration 403, an unknown seller 404', async () => {
    expectProblem(
      await get(`/v1/sellers/${FIXTURE_SELLER}/scorecard`, 'other-seller'),
      404,
      'NOT_FOUND',
    )
    expectProblem(await get(`/v1/sellers/${FIXTURE_SELLER}/scorecard`, 'buyer'), 404, 'NOT_FOUND')
    expectProblem(
      await get(`/v1/sellers/${FIXTURE_SELLER}/scorecard`, 'integration'),
      403,
      'FORBIDDEN',
    )
    expectProblem(await get('/v1/sellers/seller-nobody/scorecard', 'agent'), 404, 'NOT_FOUND')
    expectProblem(
      await t.server.inject({ method: 'GET', url: `/v1/sellers/${FIXTURE_SELLER}/scorecard` }),
      401,
      'UNAUTHENTICATED',
    )
    expectProblem(
      await get(`/v1/sellers/${FIXTURE_SELLER}/scorecard?exclude=Not-A-Reason`, 'seller'),
      400,
      'VALIDATION_FAILED',
    )
  })
})

describe('GET /v1/buyers/{id}/record', () => {
  it('shows the buyer its cancellations, cases by outcome and returns', async () => {
    const res = await get('/v1/buyers/buyer-fx/record', 'buyer')
    expect(res.statusCode).toBe(200)
    const record = res.json<{
      orders: number
      cancellations: { approved: number }
      cases: { opened: number; remorse: number; outcomes: Record<string, number> }
      signals: unknown[]
      recent: { metric: string }[]
    }>()
    matches(BuyerRecord, record)
    expect(record.orders).toBe(47)
    expect(record.cancellations.approved).toBe(1)
    expect(record.cases).toMatchObject({
      opened: 3,
      remorse: 1,
      outcomes: { granted: 1, denied: 1, settled: 1, withdrawn: 0, abandoned: 0 },
    })
    expect(record.signals).toEqual([])
    expect(record.recent.map((f) => f.metric)).toContain('buyer_case')
  })

  it('flags a buyer whose photo is on two cases, with the reason code', async () => {
    const res = await get('/v1/buyers/buyer-copy/record', 'agent')
    const record = res.json<{
      signals: { code: string }[]
      reusedEvidence: { files: number; otherCases: string[] }
    }>()
    expect(record.signals.map((s) => s.code)).toContain('evidence_reused')
    expect(record.reusedEvidence.files).toBe(1)
    expect(record.reusedEvidence.otherCases.sort()).toEqual([...reusedCases].sort())
  })

  it('counts a near-duplicate image (the same picture re-saved) in evidence_reused, not an unrelated one', async () => {
    const recordOf = async (buyerId: string) => {
      const res = await get(`/v1/buyers/${buyerId}/record`, 'agent')
      matches(BuyerRecord, res.json())
      return res.json<{
        signals: { code: string; value: number; text: string }[]
        reusedEvidence: { files: number; nearDuplicates: number; otherCases: string[] }
      }>()
    }
    const resaved = await recordOf('buyer-resaved')
    expect(resaved.reusedEvidence).toEqual({
      files: 1,
      nearDuplicates: 1,
      otherCases: [nearCases[0]],
    })
    expect(resaved.signals.find((s) => s.code === 'evidence_reused')).toMatchObject({
      value: 1,
      text: '1 evidence file also appears on another case (1 as a near-duplicate image).',
    })
    expect((await recordOf('buyer-photo')).reusedEvidence.otherCases).toEqual([nearCases[1]])
    const unrelated = await recordOf('buyer-unrelated')
    expect(unrelated.reusedEvidence).toEqual({ files: 0, nearDuplicates: 0, otherCases: [] })
    expect(unrelated.signals).toEqual([])
    // Exact reuse is still counted as before, and not as a near-duplicate.
    expect((await recordOf('buyer-copy')).reusedEvidence).toMatchObject({
      files: 1,
      nearDuplicates: 0,
    })
    const abuse = (await get('/v1/insights/return-abuse?days=365&limit=200', 'agent')).json<{
      items: { buyerId: string; signals: { code: string }[] }[]
    }>()
    const listed = abuse.items.filter((i) => i.signals.some((s) => s.code === 'evidence_reused'))
    expect(listed.map((i) => i.buyerId)).toEqual(
      expect.arrayContaining(['buyer-copy', 'buyer-photo', 'buyer-resaved']),
    )
    expect(abuse.items.map((i) => i.buyerId)).not.toContain('buyer-unrelated')
  })

  it('answers another buyer or a seller 404', async () => {
    expectProblem(await get('/v1/buyers/buyer-fx/record', 'other-buyer'), 404, 'NOT_FOUND')
    expectProblem(await get('/v1/buyers/buyer-fx/record', 'seller'), 404, 'NOT_FOUND')
    expectProblem(await get('/v1/buyers/buyer-nobody/record', 'admin'), 404, 'NOT_FOUND')
  })
})

describe('risk views', () => {
  it('are for agents and admins only', async () => {
    for (const path of [
      'late-shippers',
      'dispute-prone-listings',
      'dispute-prone-categories',
      'return-abuse',
      'reused-evidence',
    ]) {
      expectProblem(await get(`/v1/insights/${path}`, 'seller'), 403, 'FORBIDDEN')
      expectProblem(await get(`/v1/insights/${path}`, 'buyer'), 403, 'FORBIDDEN')
      expect((await get(`/v1/insights/${path}`, 'agent')).statusCode).toBe(200)
    }
  })

  it('names sellers likely to miss ship-by before the date passes, with reasons', async () => {
    const res = await get('/v1/insights/late-shippers?withinHours=48', 'agent')
    const page = res.json<{
      items: {
        sellerId: string
        expectedLate: number
        overdue: number
        dueSoon: number
        orders: { hoursLeft: number }[]
        reasons: { code: string }[]
      }[]
    }>()
    matches(LateShippersPage, page)
    const fx = page.items.find((i) => i.sellerId === FIXTURE_SELLER)
    expect(fx).toMatchObject({ overdue: 1, dueSoon: 3 })
    expect(fx?.reasons.map((r) => r.code)).toEqual([
      'overdue_unshipped',
      'due_soon',
      'late_history',
    ])
    expect(fx?.orders.map((o) => o.hoursLeft)).toEqual([-20, 10, 20, 30])
    const calm = page.items.find((i) => i.sellerId === 'seller-calm')
    expect(calm).toMatchObject({ overdue: 0, dueSoon: 1 })
    const scores = page.items.map((i) => i.expectedLate)
    expect(scores).toEqual([...scores].sort((a, b) => b - a))
    // A narrower horizon leaves seller-calm's order (due in 40 h) out.
    const narrow = (await get('/v1/insights/late-shippers?withinHours=24', 'agent')).json<
      typeof page
    >()
    expect(narrow.items.map((i) => i.sellerId)).not.toContain('seller-calm')
  })

  it('ranks listings by the Wilson lower bound, so 1 claim in 3 orders does not top 12 in 40', async () => {
    expect(1 / 3).toBeGreaterThan(12 / 40)
    expect(wilsonLowerBound(1, 3)).toBeLessThan(wilsonLowerBound(12, 40))
    const res = await get('/v1/insights/dispute-prone-listings?minOrders=1&limit=200', 'agent')
    const page = res.json<{
      items: { id: string; orders: number; lowerBound: number; rate: number }[]
    }>()
    matches(DisputePronePage, page)
    const ids = page.items.map((i) => i.id)
    expect(ids.indexOf('lst-proven')).toBeLessThan(ids.indexOf('lst-tiny'))
    const bounds = page.items.map((i) => i.lowerBound)
    expect(bounds).toEqual([...bounds].sort((a, b) => b - a))
    const tiny = page.items.find((i) => i.id === 'lst-tiny')
    expect(tiny?.lowerBound).toBeCloseTo(wilsonLowerBound(1, 3), 6)
    // The default minimum of 5 orders leaves the 3-order listing out altogether.
    const byDefault = (await get('/v1/insights/dispute-prone-listings', 'agent')).json<
      typeof page
    >()
    expect(byDefault.items.every((i) => i.orders >= 5)).toBe(true)
  })

  it('ranks categories the same way', async () => {
    const page = (await get('/v1/insights/dispute-prone-categories?minOrders=20', 'agent')).json<{
      items: { id: string; lowerBound: number; orders: number }[]
    }>()
    matches(DisputePronePage, page)
    expect(page.items.length).toBeGreaterThan(2)
    const bounds = page.items.map((i) => i.lowerBound)
    expect(bounds).toEqual([...bounds].sort((a, b) => b - a))
  })

  it('lists serial returners and claimers with reason codes; lower thresholds list more', async () => {
    const res = await get('/v1/insights/return-abuse?days=365', 'agent')
    const page = res.json<{
      items: { buyerId: string; signals: { code: string }[] }[]
      thresholds: { maxClaimRate: number }
    }>()
    matches(ReturnAbusePage, page)
    expect(page.thresholds.maxClaimRate).toBe(0.3)
    expect(page.items.map((i) => i.buyerId)).toContain('buyer-copy')
    expect(page.items.every((i) => i.signals.length > 0)).toBe(true)
    const strict = (
      await get(
        '/v1/insights/return-abuse?days=365&maxClaimRate=0.05&maxReturnRate=0.05&minOrders=2&limit=200',
        'agent',
      )
    ).json<typeof page>()
    expect(strict.items.length).toBeGreaterThan(page.items.length)
    expectProblem(
      await get('/v1/insights/return-abuse?maxClaimRate=2', 'agent'),
      400,
      'VALIDATION_FAILED',
    )
  })

  it('flags the same file on different cases', async () => {
    const page = (await get('/v1/insights/reused-evidence', 'agent')).json<{
      items: { sha256: string; cases: { caseId: string }[]; reasons: { code: string }[] }[]
    }>()
    matches(ReusedEvidencePage, page)
    const ours = page.items.find((i) => i.cases.some((c) => c.caseId === reusedCases[0]))
    expect(ours?.cases.map((c) => c.caseId).sort()).toEqual([...reusedCases].sort())
    expect(ours?.reasons.map((r) => r.code)).toEqual(['same_file_same_party'])
  })

  it('flags a near-duplicate image (the same picture resized, cropped and re-saved) on another case, and not an unrelated one', async () => {
    const page = (await get('/v1/insights/reused-evidence', 'agent')).json<{
      items: {
        kind: string
        distance: number
        cases: { caseId: string; addedById: string; sha256: string }[]
        reasons: { code: string; text: string }[]
      }[]
    }>()
    matches(ReusedEvidencePage, page)
    const near = page.items.filter((i) => i.kind === 'near_duplicate')
    expect(near).toHaveLength(1)
    const [item] = near
    expect(item?.cases.map((c) => c.caseId).sort()).toEqual([...nearCases].sort())
    expect(item?.cases.map((c) => c.addedById).sort()).toEqual(['buyer-photo', 'buyer-resaved'])
    expect(item?.cases[0]?.sha256).not.toBe(item?.cases[1]?.sha256)
    expect(item?.distance).toBeLessThanOrEqual(NEAR_DUPLICATE_MAX_DISTANCE)
    expect(item?.reasons[0]?.code).toBe('near_duplicate_image_different_parties')
    expect(item?.reasons[0]?.text).toContain(`Near-duplicate image, distance ${item?.distance}/64`)
    expect(page.items.flatMap((i) => i.cases.map((c) => c.caseId))).not.toContain(unrelatedCase)
    // A stricter threshold than the pair's distance drops it.
    const strict = (
      await get(`/v1/insights/reused-evidence?maxDistance=${(item?.distance ?? 1) - 1}`, 'agent')
    ).json<{ items: { kind: string }[] }>()
    if ((item?.distance ?? 0) > 0)
      expect(strict.items.filter((i) => i.kind === 'near_duplicate')).toEqual([])
  })
})

describe('POST /v1/listings/review', () => {
  const draft = {
    title: 'Linen midi dress',
    description: 'Worn twice.',
    photos: ['https://img.example/1.jpg'],
    category: 'apparel/dresses',
    condition: 'good',
    size: 'M',
  }

  it('tells a seller what is missing and what that did in this marketplace', async () => {
    const res = await post('/v1/listings/review', 'seller', draft)
    expect(res.statusCode).toBe(200)
    const review = res.json<{
      score: number
      missing: {
        item: string
        effect: { text: string; enoughData: boolean; without: { orders: number } } | null
      }[]
      requirement: { categoryPrefix: string }
    }>()
    matches(ListingReview, review)
    expect(review.requirement.categoryPrefix).toBe('apparel/')
    expect(review.missing.map((m) => m.item)).toEqual([
      'photos',
      'measurements',
      'material',
      'condition_notes',
      'flaws',
    ])
    // Required: photos, size, measurements, material, condition notes, flaws; only the size is there.
    expect(review.score).toBe(17)
    const measurements = review.missing.find((m) => m.item === 'measurements')?.effect
    expect(measurements?.without.orders).toBeGreaterThan(0)
    expect(measurements?.text).toMatch(/apparel\/ listings without measurements|Too little history/)
  })

  it('scores a complete draft 100', async () => {
    const res = await post('/v1/listings/review', 'seller', {
      ...draft,
      description: 'Worn twice, no stains or pulls; the linen has softened a little with washing.',
      photos: ['1', '2', '3', '4'].map((n) => `https://img.example/${n}.jpg`),
      measurements: { bust: '46 cm', length: '110 cm' },
      material: 'linen',
      flaws: 'none',
    })
    expect(res.json<{ score: number; missing: unknown[] }>()).toMatchObject({
      score: 100,
      missing: [],
    })
  })

  it('is not for buyers', async () => {
    expectProblem(await post('/v1/listings/review', 'buyer', draft), 403, 'FORBIDDEN')
    expectProblem(
      await post('/v1/listings/review', 'seller', { ...draft, category: 'Apparel Dresses' }),
      400,
      'VALIDATION_FAILED',
    )
  })
})

describe('GET /v1/cases/{id}/precedents', () => {
  it('gives agents the most similar decided cases with their outcomes', async () => {
    const caseId = fixture.ids.get('b3:case')
    const res = await get(`/v1/cases/${caseId}/precedents?limit=5`, 'agent')
    expect(res.statusCode).toBe(200)
    const p = res.json<{
      profile: { reason: string; category: string }
      items: {
        caseId: string
        similarity: number
        reason: string
        outcome: string
        matched: string[]
      }[]
      summary: string
    }>()
    matches(Precedents, p)
    expect(p.profile).toMatchObject({ reason: 'damaged', category: 'apparel/jackets' })
    expect(p.items.length).toBe(5)
    expect(p.items.map((i) => i.caseId)).not.toContain(caseId)
    const sims = p.items.map((i) => i.similarity)
    expect(sims).toEqual([...sims].sort((a, b) => b - a))
    expect(p.items[0]?.reason).toBe('damaged')
    expect(p.summary).toMatch(/of 5 most similar decided cases ended/)
  })

  it('shows evidence this case shares with another', async () => {
    const res = await get(`/v1/cases/${reusedCases[0]}/precedents`, 'agent')
    const p = res.json<{ reusedEvidence: { cases: { caseId: string }[] }[] }>()
    expect(p.reusedEvidence[0]?.cases.map((c) => c.caseId).sort()).toEqual([...reusedCases].sort())
  })

  it('shows the agent a near-duplicate image on another case', async () => {
    const res = await get(`/v1/cases/${nearCases[1]}/precedents`, 'agent')
    matches(Precedents, res.json())
    const p = res.json<{
      reusedEvidence: { kind: string; cases: { caseId: string }[]; reasons: { text: string }[] }[]
    }>()
    expect(p.reusedEvidence.map((r) => [r.kind, r.cases.map((c) => c.caseId).sort()])).toEqual([
      ['near_duplicate', [...nearCases].sort()],
    ])
    const unrelated = (await get(`/v1/cases/${unrelatedCase}/precedents`, 'agent')).json<{
      reusedEvidence: unknown[]
    }>()
    expect(unrelated.reusedEvidence).toEqual([])
  })

  it('is for agents: parties get 403, an unknown case 404', async () => {
    const caseId = fixture.ids.get('b3:case') ?? ''
    expectProblem(await get(`/v1/cases/${caseId}/precedents`, 'seller'), 403, 'FORBIDDEN')
    expectProblem(await get(`/v1/cases/${caseId}/precedents`, 'buyer'), 403, 'FORBIDDEN')
    expectProblem(
      await get('/v1/cases/0190e6b8-0000-7000-8000-000000000000/precedents', 'agent'),
      404,
      'NOT_FOUND',
    )
  })
})

describe('POST /v1/policy/simulations', () => {
  it('compares two policies on the same generated marketplace (admin)', async () => {
    const body = {
      base: 'poshmark',
      candidate: {
        preset: 'poshmark',
        overrides: { cases: { openWindowAfterDelivery: { amount: 5, unit: 'calendar_days' } } },
      },
      orders: 300,
      seed: 'http',
    }
    const res = await post('/v1/policy/simulations', 'admin', body)
    expect(res.statusCode).toBe(200)
    const report = res.json<{
      rows: { metric: string }[]
      table: string
      candidate: { label: string }
    }>()
    matches(SimulationReport, report)
    expect(report.candidate.label).toBe('poshmark + cases.openWindowAfterDelivery=5 days')
    expect(report.table).toContain('CASE_WINDOW_ELAPSED')
    expect((await post('/v1/policy/simulations', 'admin', body)).json()).toEqual(report)
  })

  it('takes the current policy, and refuses unknown presets and knobs', async () => {
    const current = await post('/v1/policy/simulations', 'admin', {
      base: 'current',
      candidate: 'walmart',
      orders: 50,
    })
    expect(current.json<{ base: { label: string } }>().base.label).toBe('current (ebay)')
    expectProblem(
      await post('/v1/policy/simulations', 'admin', {
        base: 'amazon',
        candidate: 'ebay',
        orders: 10,
      }),
      422,
      'UNKNOWN_PRESET',
    )
    expectProblem(
      await post('/v1/policy/simulations', 'admin', {
        base: 'ebay',
        candidate: { preset: 'ebay', overrides: { cases: { window: 5 } } },
        orders: 10,
      }),
      422,
      'UNKNOWN_POLICY_KNOB',
    )
    expectProblem(
      await post('/v1/policy/simulations', 'agent', { base: 'ebay', candidate: 'ebay' }),
      403,
      'FORBIDDEN',
    )
    expectProblem(
      await post('/v1/policy/simulations', 'admin', {
        base: 'ebay',
        candidate: 'ebay',
        orders: 10_000_000,
      }),
      400,
      'VALIDATION_FAILED',
    )
  })
})

describe('POST /v1/insights/rebuild', () => {
  it('rebuilds the read models from the event store (admin); the figures come back the same', async () => {
    const before = (await get(`/v1/sellers/${FIXTURE_SELLER}/scorecard?links=0`, 'agent')).json<{
      metrics: unknown[]
    }>()
    expectProblem(await post('/v1/insights/rebuild', 'agent'), 403, 'FORBIDDEN')
    const res = await post('/v1/insights/rebuild', 'admin')
    expect(res.statusCode).toBe(200)
    expect(res.json<{ events: number }>().events).toBeGreaterThan(200)
    const after = (await get(`/v1/sellers/${FIXTURE_SELLER}/scorecard?links=0`, 'agent')).json<{
      metrics: unknown[]
    }>()
    expect(after.metrics).toEqual(before.metrics)
  })
})
