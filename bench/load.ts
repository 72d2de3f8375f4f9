import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** One HTTP request of a load run; each is sent once (unless the run is duration-based and wraps around). */
export interface LoadRequest {
  readonly method: 'GET' | 'POST'
  readonly path: string
  readonly headers: Record<string, string>
  readonly body?: string
}

export interface LoadJob {
  readonly url: string
  readonly connections: number
  readonly requests: readonly LoadRequest[]
  /** Send exactly this many requests… */
  readonly amount?: number
  /** …or load for this long. */
  readonly durationSeconds?: number
  /** Requests per second across all connections; unset: as fast as the server answers. */
  readonly overallRate?: number
}

export interface LoadResult {
  readonly requests: number
  readonly seconds: number
  readonly perSecond: number
  readonly p50Ms: number
  readonly p99Ms: number
  readonly maxMs: number
  readonly non2xx: number
  readonly errors: number
  readonly timeouts: number
  /** Non-2xx responses by status, and a few bodies to say why. */
  readonly failures: Readonly<Record<string, number>>
  readonly samples: readonly string[]
}

/** Runs autocannon in a child process (on the other core) and returns its summary. */
export const runLoad = (job: LoadJob): Promise<LoadResult> =>
  new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./load-worker.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx'],
      serialization: 'advanced',
    })
    let result: LoadResult | undefined
    child.once('message', (message) => {
      result = message as LoadResult
    })
    child.once('error', reject)
    child.once('exit', (code) =>
      result ? resolve(result) : reject(new Error(`load generator exited with ${code}`)),
    )
    child.send(job)
  })
