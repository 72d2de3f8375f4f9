import autocannon from 'autocannon'
import type { LoadJob, LoadResult } from './load.ts'

/**
 * The load generator, in a process of its own so it never shares the
 * server's event loop (the server under test stays in the bench process).
 * Receives one job over IPC and answers with the summary.
 */
const run = async (job: LoadJob): Promise<LoadResult> => {
  let next = 0
  const failures: Record<string, number> = {}
  const samples: string[] = []
  const result = await autocannon({
    url: job.url,
    connections: job.connections,
    // A slow answer under saturation is still an answer: count it in the latency, not as an error.
    timeout: 120,
    ...(job.amount !== undefined
      ? { amount: job.amount }
      : { duration: job.durationSeconds ?? 10 }),
    ...(job.overallRate !== undefined ? { overallRate: job.overallRate } : {}),
    requests: [
      {
        setupRequest: (request) => {
          const r = job.requests[next++ % job.requests.length]
          return r ? { ...request, ...r } : request
        },
        onResponse: (status, body) => {
          if (status < 300) return
          failures[status] = (failures[status] ?? 0) + 1
          if (samples.length < 5) samples.push(`${status} ${body.slice(0, 300)}`)
        },
      },
    ],
  })
  return {
    requests: result.requests.total,
    seconds: result.duration,
    perSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    failures,
    samples,
  }
}

process.once('message', (job: LoadJob) => {
  run(job).then(
    (result) => process.send?.(result, () => process.exit(0)),
    (error: unknown) => {
      console.error(error)
      process.exit(1)
    },
  )
})
