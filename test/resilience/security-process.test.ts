import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync, rmSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { fileURLToPath } from 'node:url'
import { deflateRawSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueUserToken } from '../../src/http/auth.ts'
import { MAX_FILE_BYTES } from '../../src/integrations/files.ts'
import { PNG_1x1 } from '../support/http.ts'
import { createOwnDatabase, freePort, JWT_SECRET, type OwnDatabase } from './support/cluster.ts'
import { report } from './support/report.ts'

/**
 * S-5 (memory under sustained abuse) and S-7 (the upload corpus) against a
 * real `recourse start` process over TCP, so the figures are the server's
 * own resident memory and streaming behaviour, not an in-process inject.
 */

const bin = fileURLToPath(new URL('../../bin/recourse.mjs', import.meta.url))
const root = fileURLToPath(new URL('../../', import.meta.url))
let BASE = ''
const FULL = process.env.RESILIENCE_FULL === '1'
const ABUSE_MS = FULL ? 10 * 60_000 : 60_000

let server: ChildProcess
let own: OwnDatabase | null = null
let dataDir: string | null = null
let buyer = ''
let other = ''

const rssMb = (pid: number): number => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
  return Math.round(kb / 1024)
}

/** Samples the server's resident memory every 200 ms until stopped. */
const sampleRss = () => {
  const pid = server.pid ?? 0
  const samples: number[] = [rssMb(pid)]
  const timer = setInterval(() => samples.push(rssMb(pid)), 200)
  return {
    stop: () => {
      clearInterval(timer)
      samples.push(rssMb(pid))
      return { before: samples[0] ?? 0, peak: Math.max(...samples), after: samples.at(-1) ?? 0 }
    },
  }
}

beforeAll(async () => {
  const port = await freePort()
  BASE = `http://127.0.0.1:${port}`
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    RECOURSE_JWT_SECRET: JWT_SECRET,
    LOG_LEVEL: 'error',
  }
  if (process.env.DATABASE_URL) {
    own = await createOwnDatabase()
    env.DATABASE_URL = own.url
  } else {
    dataDir = `/tmp/helper-res-s/pglite-${process.pid}`
    rmSync(dataDir, { recursive: true, force: true })
    env.DATABASE_URL = ''
    env.RECOURSE_DATA_DIR = dataDir
  }
  server = spawn(process.execPath, [bin, 'start', '--no-web-build', '--no-scheduler'], {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  server.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)))
  const deadline = Date.now() + 120_000
  for (;;) {
    if (server.exitCode !== null) throw new Error(`recourse exited: ${stderr}`)
    const ready = await fetch(`${BASE}/ready`).then(
      (r) => r.ok,
      () => false,
    )
    if (ready) break
    if (Date.now() > deadline) throw new Error(`recourse did not start: ${stderr}`)
    await new Promise((r) => setTimeout(r, 200))
  }
  buyer = `Bearer ${await issueUserToken(JWT_SECRET, { sub: 'buyer-7', role: 'buyer' }, 'recourse')}`
  other = `Bearer ${await issueUserToken(JWT_SECRET, { sub: 'buyer-8', role: 'buyer' }, 'recourse')}`
})

afterAll(async () => {
  if (server.exitCode === null) {
    const exited = once(server, 'exit')
    server.kill('SIGTERM')
    await exited
  }
  await own?.drop()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

const multipart = (parts: { name: string; type: string; bytes: Buffer }[]) => {
  const boundary = `----recourse-s7-${process.pid}`
  const chunks: Buffer[] = []
  for (const p of parts) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${p.name}"\r\nContent-Type: ${p.type}\r\n\r\n`,
        'latin1',
      ),
      p.bytes,
      Buffer.from('\r\n'),
    )
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { body: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` }
}

const upload = async (name: string, bytes: Buffer, type = 'application/octet-stream') => {
  const { body, type: contentType } = multipart([{ name, type, bytes }])
  const res = await fetch(`${BASE}/v1/files`, {
    method: 'POST',
    headers: { authorization: buyer, 'content-type': contentType },
    body,
  })
  return { status: res.status, json: (await res.json()) as Record<string, unknown> }
}

/** A JPEG's first bytes; the sniffer needs only the magic number. */
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00])

/** A zip whose one entry inflates from ~10 KB to 10 MB of zeros. */
const zipBomb = (): Buffer => {
  const data = deflateRawSync(Buffer.alloc(10 * 1024 * 1024))
  const name = Buffer.from('zeros.bin')
  const header = Buffer.alloc(30)
  header.writeUInt32LE(0x04034b50, 0)
  header.writeUInt16LE(20, 4)
  header.writeUInt16LE(8, 8)
  header.writeUInt32LE(data.length, 18)
  header.writeUInt32LE(10 * 1024 * 1024, 22)
  header.writeUInt16LE(name.length, 26)
  return Buffer.concat([header, name, data])
}

describe('S-7 uploads', () => {
  it('stores only allowed types, judged by content, under server-made names; downloads are attachments with nosniff', async () => {
    const corpus: { label: string; name: string; bytes: Buffer; type?: string; stored: boolean }[] =
      [
        {
          label: '.jpg.php with PHP inside',
          name: 'shell.jpg.php',
          bytes: Buffer.from('<?php system($_GET["c"]); ?>'),
          stored: false,
        },
        { label: '.jpg.php with a JPEG inside', name: 'photo.jpg.php', bytes: JPEG, stored: true },
        { label: 'NUL in the name', name: 'photo\u0000.php.png', bytes: PNG_1x1, stored: true },
        {
          label: 'JPEG/HTML polyglot',
          name: 'poly.html',
          bytes: Buffer.concat([
            JPEG,
            Buffer.from('<html><script>alert(document.cookie)</script></html>'),
          ]),
          type: 'text/html',
          stored: true,
        },
        {
          label: 'SVG with script',
          name: 'image.svg',
          bytes: Buffer.from(
            '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
          ),
          type: 'image/svg+xml',
          stored: false,
        },
        {
          label: 'zip bomb',
          name: 'evidence.zip',
          bytes: zipBomb(),
          type: 'application/zip',
          stored: false,
        },
        {
          label: 'HTML with a spoofed image/png Content-Type',
          name: 'x.png',
          bytes: Buffer.from('<html><script>alert(1)</script></html>'),
          type: 'image/png',
          stored: false,
        },
        {
          label: 'PNG sent as text/html',
          name: 'x.html',
          bytes: PNG_1x1,
          type: 'text/html',
          stored: true,
        },
        {
          label: '5,000-character name',
          name: `${'a'.repeat(5000)}.png`,
          bytes: PNG_1x1,
          stored: true,
        },
        { label: 'path in the name', name: '../../etc/passwd.png', bytes: PNG_1x1, stored: true },
      ]
    const outcomes: Record<string, string> = {}
    for (const item of corpus) {
      const res = await upload(item.name, item.bytes, item.type)
      outcomes[item.label] = `${res.status} ${String(res.json.code ?? res.json.mediaType)}`
      if (!item.stored) {
        expect({ label: item.label, status: res.status, code: res.json.code }).toEqual({
          label: item.label,
          status: 422,
          code: 'FILE_TYPE_NOT_ALLOWED',
        })
        continue
      }
      expect(res.status, item.label).toBe(201)
      const file = res.json as { fileId: string; mediaType: string; name: string }
      expect(['image/jpeg', 'image/png']).toContain(file.mediaType)
      expect(file.name.length).toBeLessThanOrEqual(120)
      expect([...file.name].filter((c) => c.charCodeAt(0) < 0x20)).toEqual([])
      expect(file.name).not.toMatch(/[/\\"<>]/)
      const download = await fetch(`${BASE}/v1/files/${file.fileId}/content`, {
        headers: { authorization: buyer },
      })
      expect(download.status).toBe(200)
      expect(download.headers.get('content-type')).toBe(file.mediaType)
      expect(download.headers.get('x-content-type-options')).toBe('nosniff')
      expect(download.headers.get('content-disposition')).toBe(
        `attachment; filename="evidence-${file.fileId}.${file.mediaType === 'image/png' ? 'png' : 'jpg'}"`,
      )
      expect(download.headers.get('content-security-policy')).toContain('sandbox')
      expect(Buffer.from(await download.arrayBuffer()).equals(item.bytes)).toBe(true)
      const foreign = await fetch(`${BASE}/v1/files/${file.fileId}/content`, {
        headers: { authorization: other },
      })
      expect(foreign.status).toBe(404)
    }
    report('S-7-corpus', { outcomes })
  })

  it('cuts off a 1 GB upload while streaming, without buffering it', async () => {
    const total = 1024 * 1024 * 1024
    const boundary = '----recourse-s7-stream'
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.png"\r\nContent-Type: image/png\r\n\r\n`,
    )
    const chunk = Buffer.alloc(256 * 1024, 0x41)
    const memory = sampleRss()
    const started = performance.now()
    let sent = 0
    const result = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        `${BASE}/v1/files`,
        {
          method: 'POST',
          headers: {
            authorization: buyer,
            'content-type': `multipart/form-data; boundary=${boundary}`,
          },
        },
        (res) => {
          let body = ''
          res.on('data', (c: Buffer) => (body += c.toString()))
          res.on('end', () => {
            req.destroy()
            resolve({ status: res.statusCode ?? 0, body })
          })
        },
      )
      req.on('error', (error: NodeJS.ErrnoException) => {
        // The server may close the socket as soon as it has answered.
        if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') reject(error)
      })
      // Generated on the fly, never held or written: write while the socket takes it.
      const pump = (): void => {
        while (sent < total && !req.destroyed) {
          const piece = sent === 0 ? Buffer.concat([head, PNG_1x1, chunk]) : chunk
          sent += piece.length
          if (!req.write(piece)) {
            req.once('drain', pump)
            return
          }
        }
        if (!req.destroyed) req.end()
      }
      pump()
    })
    const ms = Math.round(performance.now() - started)
    const rss = memory.stop()
    report('S-7-stream', {
      status: result.status,
      sentMb: Math.round(sent / 1024 / 1024),
      ms,
      rssBeforeMb: rss.before,
      rssPeakMb: rss.peak,
    })
    expect(result.status).toBe(413)
    expect(JSON.parse(result.body)).toMatchObject({
      code: 'FILE_TOO_LARGE',
      maxBytes: MAX_FILE_BYTES,
    })
    // The answer came long before the gigabyte was through, and the server held at most a few times the limit.
    expect(sent).toBeLessThan(total / 4)
    expect(rss.peak - rss.before).toBeLessThan(150)
  })
})

describe('S-5 sustained abuse', () => {
  it(`keeps memory bounded and answers 4xx, never 5xx, under ${ABUSE_MS / 1000} s of hostile requests`, async () => {
    const hostile: (() => Promise<Response>)[] = [
      () =>
        fetch(`${BASE}/v1/orders`, {
          method: 'POST',
          headers: { authorization: buyer, 'content-type': 'application/json' },
          body: JSON.stringify({ externalRef: 'x'.repeat(1024 * 1024) }),
        }),
      () =>
        fetch(`${BASE}/v1/orders/01900000-0000-7000-8000-000000000000/cases`, {
          method: 'POST',
          headers: { authorization: other, 'content-type': 'application/json' },
          body: `{"reason":"damaged","lines":${'['.repeat(50_000)}${']'.repeat(50_000)}}`,
        }),
      () =>
        fetch(`${BASE}/v1/orders/01900000-0000-7000-8000-000000000000/cases`, {
          method: 'POST',
          headers: { authorization: other, 'content-type': 'application/json' },
          body: JSON.stringify({
            reason: 'damaged',
            lines: Array.from({ length: 40_000 }, () => 1),
          }),
        }),
      () => fetch(`${BASE}/v1/orders?limit=1000000`, { headers: { authorization: buyer } }),
      () => fetch(`${BASE}/v1/cases?limit=1e400`, { headers: { authorization: buyer } }),
      () =>
        fetch(`${BASE}/v1/orders`, {
          headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.e30.' },
        }),
      () =>
        fetch(`${BASE}/v1/files`, {
          method: 'POST',
          headers: { authorization: buyer, 'content-type': 'multipart/form-data; boundary=x' },
          body: Buffer.concat([
            Buffer.from(
              '--x\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n',
            ),
            PNG_1x1,
            Buffer.alloc(MAX_FILE_BYTES + 1024, 0x42),
            Buffer.from('\r\n--x--\r\n'),
          ]),
        }).catch(() => new Response(null, { status: 499 })),
    ]
    const statuses = new Map<number, number>()
    const memory = sampleRss()
    const until = Date.now() + ABUSE_MS
    let requests = 0
    const worker = async (n: number) => {
      for (let i = n; Date.now() < until; i += 4) {
        const res = await hostile[i % hostile.length]!()
        await res.arrayBuffer().catch(() => undefined)
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
        requests++
      }
    }
    await Promise.all([0, 1, 2, 3].map(worker))
    const rss = memory.stop()
    const byStatus = Object.fromEntries([...statuses].sort(([a], [b]) => a - b))
    report('S-5-abuse', {
      seconds: ABUSE_MS / 1000,
      requests,
      byStatus,
      rssBeforeMb: rss.before,
      rssPeakMb: rss.peak,
      rssAfterMb: rss.after,
    })
    expect(Object.keys(byStatus).filter((s) => Number(s) >= 500)).toEqual([])
    expect(requests).toBeGreaterThan(100)
    expect(rss.peak - rss.before).toBeLessThan(250)
  })
})
