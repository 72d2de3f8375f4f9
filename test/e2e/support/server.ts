import type { Recourse } from '../../../src/app/recourse.ts'
import { openRecourse } from '../../../src/app/recourse.ts'
import { ensureWebBuild } from '../../../src/cli/web-build.ts'
import { loadConfig } from '../../../src/config.ts'
import { createApiKey } from '../../../src/app/people/commands.ts'
import { issueUserToken } from '../../../src/http/auth.ts'
import type { CancellationView } from '../../../src/http/schemas/cancellation.ts'
import type { ImportOrderBody, OrderView } from '../../../src/http/schemas/order.ts'
import type { Server } from '../../../src/http/server.ts'
import { buildServer } from '../../../src/http/server.ts'
import { openTestDatabase, type TestDatabase } from '../../support/db.ts'

const JWT_SECRET = 'e2e-secret-for-recourse-browser-tests'

export interface WebApp {
  /** Where the browser goes: `http://127.0.0.1:PORT`. */
  readonly url: string
  readonly server: Server
  readonly recourse: Recourse
  /** Calls the API as the marketplace's integration (API key). */
  integration<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T>
  /** Calls the API as a user. */
  as<T>(
    role: 'buyer' | 'seller' | 'agent' | 'admin',
    userId: string,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<T>
  importOrder(body: ImportOrderBody): Promise<OrderView>
  close(): Promise<void>
}

/**
 * The real server, as `recourse start --demo` runs it, on a copy of the
 * migrated test database: demo sign-in on, sandbox clock on, the built web
 * app (served by buildServer's web plugin), listening on a free port of 127.0.0.1.
 */
export const startWebApp = async (): Promise<WebApp> => {
  await ensureWebBuild()
  const db: TestDatabase = await openTestDatabase()
  const config = loadConfig(
    {
      RECOURSE_DEMO: '1',
      RECOURSE_JWT_SECRET: JWT_SECRET,
      // The admin journey's webhook receiver runs on this machine: allowed explicitly.
      RECOURSE_OUTBOUND_ALLOW_HTTP: '1',
      RECOURSE_OUTBOUND_ALLOW: '127.0.0.1/32',
    },
    {},
  )
  const recourse = await openRecourse(config, { database: db.database })
  const server = await buildServer(recourse)
  const address = await server.listen({ host: '127.0.0.1', port: 0 })
  const key = await createApiKey(db.database.db, 'e2e', await recourse.clock.now())

  const call = async <T>(
    authorization: string,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<T> => {
    const res = await server.inject({
      method,
      url: path,
      headers: { authorization, 'idempotency-key': crypto.randomUUID() },
      ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
    })
    if (res.statusCode >= 400) throw new Error(`${method} ${path} → ${res.statusCode} ${res.body}`)
    return res.json<T>()
  }

  return {
    url: address,
    server,
    recourse,
    integration: (method, path, body) => call(`Bearer ${key.secret}`, method, path, body),
    as: async (role, userId, method, path, body) =>
      call(
        `Bearer ${await issueUserToken(JWT_SECRET, { sub: userId, role }, config.jwtAudience)}`,
        method,
        path,
        body,
      ),
    importOrder: (body) => call(`Bearer ${key.secret}`, 'POST', '/v1/orders', body),
    close: async () => {
      await server.close()
      await recourse.close()
      await db.destroy()
    },
  }
}

export type { CancellationView, OrderView }
