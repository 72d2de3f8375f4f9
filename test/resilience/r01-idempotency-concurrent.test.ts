import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../src/store/database.ts'
import { orderBody } from '../support/orders.ts'
import { report } from './support/report.ts'
import { openServers, type Servers } from './support/two-servers.ts'

// R-1: 200 keys, each sent 50 times at once with one body, alternating over
// two servers with pools of their own (PostgreSQL), so the in-process guard
// cannot help; on PGlite one server and one session.
const KEYS = 200
const COPIES = 50
/** Keys in flight together: 250 requests at once. */
const WAVE = 5

describe('R-1 one Idempotency-Key sent 50 times at once, over 200 keys', () => {
  let s: Servers
  beforeAll(async () => {
    s = await openServers()
  })
  afterAll(async () => s.close())

  it('has exactly one effect per key; every reply is the stored one or 409; no 5xx', async () => {
    const integration = await s.t.integration()
    const bodies = Array.from({ length: KEYS }, (_, i) =>
      orderBody({ externalRef: `r1-${process.pid}-${i}` }),
    )
    const problems: string[] = []
    let replayed = 0
    let inProgress = 0
    const started = Date.now()
    for (let wave = 0; wave < KEYS; wave += WAVE) {
      await Promise.all(
        bodies.slice(wave, wave + WAVE).map(async (body, k) => {
          const key = `r1-key-${wave + k}`
          const replies = await Promise.all(
            Array.from({ length: COPIES }, (_, i) =>
              (i % 2 ? s.servers[1] : s.servers[0]).inject({
                method: 'POST',
                url: '/v1/orders',
                headers: { authorization: integration, 'idempotency-key': key },
                payload: body,
              }),
            ),
          )
          const ok = replies.filter((r) => r.statusCode === 201)
          const ids = new Set(ok.map((r) => r.json<{ id: string }>().id))
          if (ok.length === 0 || ids.size !== 1) problems.push(`${key}: ${ids.size} ids`)
          const fresh = ok.filter((r) => r.headers['idempotent-replayed'] !== 'true')
          if (fresh.length !== 1) problems.push(`${key}: ${fresh.length} fresh answers`)
          if (new Set(ok.map((r) => r.body)).size !== 1) problems.push(`${key}: replays differ`)
          replayed += ok.length - fresh.length
          for (const r of replies) {
            if (r.statusCode === 201) continue
            const code = r.json<{ code?: string }>().code
            if (r.statusCode === 409 && code === 'IDEMPOTENCY_KEY_IN_PROGRESS') inProgress++
            else problems.push(`${key}: ${r.statusCode} ${code}`)
          }
        }),
      )
    }
    const effects = await queryRows<{ ref: string; n: number }>(
      s.t.db.database.db,
      sql`select data->>'externalRef' as ref, count(*)::int as n from events
          where type = 'OrderImported' and data->>'externalRef' like ${`r1-${process.pid}-%`}
          group by 1`,
    )
    report('R-1', {
      keys: KEYS,
      requests: KEYS * COPIES,
      replayed,
      inProgress409: inProgress,
      seconds: (Date.now() - started) / 1000,
    })
    expect(
      problems,
      `${problems.length} keys with a reply other than the stored one or 409`,
    ).toEqual([])
    expect(effects.length, `keys with an effect (of ${KEYS})`).toBe(KEYS)
    expect(
      effects.filter((e) => e.n !== 1),
      'keys with more than one effect',
    ).toEqual([])
  })
})
