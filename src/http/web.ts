import { existsSync, statSync } from 'node:fs'
import { extname, join, normalize, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'

/** The React app's sources (`web/`) and its production build (`web/dist/`). */
export const webAppDir = fileURLToPath(new URL('../../web', import.meta.url))
export const webDistDir = join(webAppDir, 'dist')

/** Paths that belong to the API and its docs: an unknown one is a 404 problem, never the app's HTML. */
const API_PREFIXES = ['/v1/', '/v1', '/docs', '/openapi.json', '/health', '/ready', '/metrics']

export interface WebPluginOptions {
  /** The built app to serve. @default web/dist */
  readonly root?: string
}

const isApiPath = (path: string): boolean =>
  API_PREFIXES.some((p) => path === p || path.startsWith(p.endsWith('/') ? p : `${p}/`))

/** The server's own 404 (a problem+json), as for any unknown route. */
const notFound = (reply: FastifyReply): FastifyReply => {
  reply.callNotFound()
  return reply
}

const notBuiltPage = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Recourse</title>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.5">
<h1>Recourse</h1><p>The web app has not been built yet. Run <code>npm run build:web</code>,
or start Recourse with <code>npm start</code>, which builds it when needed.</p>
<p>The API answers under <a href="/v1/sandbox/clock">/v1</a>; its reference is at <a href="/docs">/docs</a>.</p></body></html>`

/**
 * Serves the built web app: its files, and index.html for any other GET that
 * is not an API path, so client-side routes (`/orders/…`) survive a reload.
 * Hashed assets are cached for a year; index.html is revalidated every time,
 * so a new build is picked up at once. Register it after the API routes: the
 * router prefers their static paths over this plugin's wildcard.
 */
export const webPlugin: FastifyPluginAsync<WebPluginOptions> = async (app, options) => {
  const root = options.root ?? webDistDir
  await app.register(fastifyStatic, { root, serve: false })

  const serve = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const path = decodeURIComponent(request.url.split('?')[0] ?? '/')
    if (isApiPath(path)) return notFound(reply)
    if (!existsSync(join(root, 'index.html'))) {
      return reply
        .code(503)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(notBuiltPage)
    }
    const relative = normalize(path).replace(/^[/\\]+/, '')
    const file = join(root, relative)
    const inside = file === root || file.startsWith(root.endsWith(sep) ? root : root + sep)
    if (inside && relative !== '' && existsSync(file) && statSync(file).isFile()) {
      const immutable = relative.startsWith(`assets${sep}`) || relative.startsWith('assets/')
      return reply
        .header(
          'cache-control',
          immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=3600',
        )
        .sendFile(relative, { cacheControl: false })
    }
    // A missing file (it has an extension) is a 404; anything else is a page of the app.
    if (extname(relative) !== '') return notFound(reply)
    return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false })
  }

  app.get('/', { schema: { hide: true } }, serve)
  app.get('/*', { schema: { hide: true } }, serve)
}
