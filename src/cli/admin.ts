import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { desc, eq } from 'drizzle-orm'
import type { Config } from '../config.ts'
import { demoSecret, openRecourse } from '../app/recourse.ts'
import { createApiKey } from '../app/people/commands.ts'
import { issueUserToken } from '../http/auth.ts'
import { apiKeys } from '../store/schema.ts'
import { migrateDatabase, openDatabase } from '../store/database.ts'
import { demoUsers } from '../demo/demo-users.ts'
import { seedMarketplace } from '../demo/seed.ts'

export const migrate = async (config: Config): Promise<void> => {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
  await migrateDatabase(database)
  await database.close()
  console.log(`Migrations applied (${database.engine}, ${database.location}).`)
}

export const seedCommand = async (
  config: Config,
  options: { orders: number; seed: string },
): Promise<void> => {
  const recourse = await openRecourse(config)
  try {
    const result = await seedMarketplace(recourse, { ...options, progress: true })
    console.log(
      `Seeded ${result.orders} orders (${result.commands} commands) with seed '${options.seed}'.`,
    )
  } finally {
    await recourse.close()
  }
}

export const keys = async (config: Config, args: readonly string[]): Promise<void> => {
  const [sub, arg] = args
  const recourse = await openRecourse(config)
  const { db } = recourse.database
  try {
    if (sub === 'create') {
      const key = await createApiKey(db, arg ?? 'integration', await recourse.clock.now())
      console.log(
        `Created API key '${key.name}' (${key.id}). It is shown only once:\n\n  ${key.secret}\n`,
      )
    } else if (sub === 'list') {
      const rows = await db.select().from(apiKeys).orderBy(desc(apiKeys.createdAt))
      for (const r of rows)
        console.log(
          `${r.id}  ${r.prefix}…  ${r.name}  ${r.revokedAt ? `revoked ${r.revokedAt}` : 'active'}`,
        )
    } else if (sub === 'revoke' && arg) {
      const rows = await db
        .update(apiKeys)
        .set({ revokedAt: await recourse.clock.now() })
        .where(eq(apiKeys.id, arg))
        .returning({ id: apiKeys.id })
      console.log(rows.length ? `Revoked ${arg}.` : `No key ${arg}.`)
    } else {
      console.error('Usage: recourse keys create NAME | keys list | keys revoke ID')
      process.exitCode = 2
    }
  } finally {
    await recourse.close()
  }
}

export const token = async (
  config: Config,
  userId: string | undefined,
  role: string | undefined,
): Promise<void> => {
  const user = demoUsers.find((u) => u.id === userId)
  const resolvedRole = (role ?? user?.role) as 'buyer' | 'seller' | 'agent' | 'admin' | undefined
  if (!userId || !resolvedRole) {
    console.error(
      `Usage: recourse token USER_ID [--role ROLE]\nDemo users: ${demoUsers.map((u) => `${u.id} (${u.role})`).join(', ')}`,
    )
    process.exitCode = 2
    return
  }
  let secret = config.jwtSecret
  const secretFile = join(config.dataDir, 'demo-jwt-secret')
  if (!secret && !config.databaseUrl && existsSync(secretFile))
    secret = readFileSync(secretFile, 'utf8').trim()
  if (!secret) {
    const database = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
    })
    try {
      secret = await demoSecret(database, config.dataDir)
    } finally {
      await database.close()
    }
  }
  console.log(
    await issueUserToken(
      secret,
      { sub: userId, role: resolvedRole },
      config.jwtAudience,
      undefined,
      config.jwtIssuer,
    ),
  )
}
