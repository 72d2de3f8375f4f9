import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { DataDirLockedError, openDatabase } from '../../src/store/database.ts'

const bin = fileURLToPath(new URL('../../bin/recourse.mjs', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'recourse-lock-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// PGlite is one process's database: a second process on the same folder would
// silently lose data, so it must refuse to start.
describe.skipIf(Boolean(process.env.DATABASE_URL))('the PGlite data folder lock', () => {
  it('makes a second process on the same folder exit with a clear message', async () => {
    const first = await openDatabase({ dataDir: dir })
    try {
      await expect(openDatabase({ dataDir: dir })).rejects.toBeInstanceOf(DataDirLockedError)
      const second = spawnSync(process.execPath, [bin, 'migrate', '--data-dir', dir], {
        encoding: 'utf8',
        timeout: 60_000,
      })
      expect(second.status).toBe(3)
      expect(second.stderr).toContain(
        `Another Recourse process (pid ${process.pid}) is using the data folder`,
      )
    } finally {
      await first.close()
    }
    const again = await openDatabase({ dataDir: dir })
    await again.close()
  })
})
