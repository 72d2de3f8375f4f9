import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { InlineConfig } from 'vite'
import { webAppDir, webDistDir } from '../http/web.ts'

/** Newest modification time of any file under `path` (0 when it does not exist). */
const newestMtime = (path: string): number => {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)))
  return newest
}

/** The build is missing, or a source (web/src, web/public, web/index.html) changed after it. */
export const webBuildIsStale = (appDir = webAppDir, distDir = webDistDir): boolean => {
  const index = join(distDir, 'index.html')
  if (!existsSync(index)) return true
  const built = statSync(index).mtimeMs
  const sources = Math.max(
    newestMtime(join(appDir, 'src')),
    newestMtime(join(appDir, 'public')),
    newestMtime(join(appDir, 'index.html')),
  )
  return sources > built
}

/** The one Vite configuration, shared by the build and the dev server (there is no vite.config file). */
export const webViteConfig = async (overrides: InlineConfig = {}): Promise<InlineConfig> => {
  const { default: react } = await import('@vitejs/plugin-react')
  return {
    configFile: false,
    root: webAppDir,
    base: '/',
    plugins: [react()],
    logLevel: 'warn',
    clearScreen: false,
    build: { outDir: webDistDir, emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 800 },
    ...overrides,
  }
}

export interface EnsureWebBuildOptions {
  /** Build even when the output looks fresh. */
  readonly force?: boolean
  readonly log?: (message: string) => void
}

/**
 * Builds web/ into web/dist when it is missing or older than its sources.
 * The build goes to a temporary folder that replaces web/dist when complete,
 * so a server already serving web/dist never sends half a build.
 */
export const ensureWebBuild = async (
  options: EnsureWebBuildOptions = {},
): Promise<{ built: boolean; ms: number }> => {
  if (!options.force && !webBuildIsStale()) return { built: false, ms: 0 }
  const started = Date.now()
  const { build } = await import('vite')
  const staging = `${webDistDir}.building-${process.pid}`
  rmSync(staging, { recursive: true, force: true })
  // Vite bundles React's development build when NODE_ENV says so (vitest sets
  // it to 'test'); what is served must be the production build.
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    const config = await webViteConfig({ mode: 'production' })
    await build({ ...config, build: { ...config.build, outDir: staging } })
    rmSync(webDistDir, { recursive: true, force: true })
    renameSync(staging, webDistDir)
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV
    else process.env.NODE_ENV = nodeEnv
    rmSync(staging, { recursive: true, force: true })
  }
  const ms = Date.now() - started
  options.log?.(`Built the web app in ${(ms / 1000).toFixed(1)} s`)
  return { built: true, ms }
}

/**
 * `recourse start --watch`: the Vite dev server with hot reload on its own
 * port, proxying the API paths to the Recourse server on `apiPort`.
 * Resolves to a function that stops it.
 */
export const startWebDevServer = async (
  apiPort: number,
  options: { port?: number; host?: string } = {},
): Promise<() => Promise<void>> => {
  const { createServer } = await import('vite')
  const target = `http://127.0.0.1:${apiPort}`
  const proxied = ['/v1', '/docs', '/openapi.json', '/health', '/ready', '/metrics']
  const server = await createServer(
    await webViteConfig({
      logLevel: 'info',
      server: {
        port: options.port ?? 5173,
        host: options.host ?? 'localhost',
        strictPort: false,
        proxy: Object.fromEntries(proxied.map((p) => [p, { target, changeOrigin: false }])),
      },
    }),
  )
  await server.listen()
  const url = server.resolvedUrls?.local[0] ?? `http://localhost:${options.port ?? 5173}/`
  console.log(`  Web app with hot reload: ${url} (API proxied to ${target})`)
  return () => server.close()
}

// `npm run build:web`: node --import tsx src/cli/web-build.ts
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await ensureWebBuild({ force: true, log: console.log })
}
