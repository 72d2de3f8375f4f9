import { useQuery } from '@tanstack/react-query'
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react'
import { api } from '../api/api.ts'
import type { SandboxClock } from '../api/types.ts'

interface ServerClock {
  /** Server time minus browser time: non-zero when the sandbox clock was moved forward. */
  readonly offsetMs: number
  readonly sandbox: boolean
  readonly ready: boolean
}

const ServerClockContext = createContext<ServerClock>({ offsetMs: 0, sandbox: false, ready: false })

export const CLOCK_QUERY_KEY = ['sandbox-clock'] as const

/**
 * Deadlines are judged by the server's clock, which the sandbox can move
 * ahead of real time, so countdowns run on the server's time: the browser
 * clock plus the offset measured on the last read.
 */
export const ServerClockProvider = ({ children }: { children: ReactNode }) => {
  const query = useQuery({
    queryKey: CLOCK_QUERY_KEY,
    queryFn: async () => {
      const sent = Date.now()
      const clock = await api.get<SandboxClock>('/v1/sandbox/clock')
      const received = Date.now()
      return { ...clock, offsetMs: Date.parse(clock.now) - (sent + received) / 2 }
    },
    refetchInterval: 60_000,
    staleTime: 15_000,
    retry: 1,
  })
  const value: ServerClock = {
    offsetMs: query.data?.offsetMs ?? 0,
    sandbox: query.data?.sandbox ?? false,
    ready: query.isSuccess,
  }
  return <ServerClockContext.Provider value={value}>{children}</ServerClockContext.Provider>
}

export const useServerClock = (): ServerClock => useContext(ServerClockContext)

/** The server's "now" in ms, re-rendering every `tickMs`. */
export const useNow = (tickMs = 30_000): number => {
  const { offsetMs } = useServerClock()
  const [browserNow, setBrowserNow] = useState(() => Date.now())
  useEffect(() => {
    const id = window.setInterval(() => setBrowserNow(Date.now()), tickMs)
    return () => window.clearInterval(id)
  }, [tickMs])
  return browserNow + offsetMs
}
