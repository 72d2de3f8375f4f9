import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TranslationQuality } from '../domain/conversation/events.ts'
import { outboundFetch, outboundPolicyFromEnv, type OutboundPolicy } from './outbound.ts'

/**
 * The translation port. A translator turns a message into a reader's
 * language, or says it cannot (`null`: no engine for that pair). It may be
 * slow or fail: callers run it from the outbox with a timeout, never on the
 * path that stores a message, so a message is never lost or held up by it.
 */
export interface Translator {
  /** `none`, `apertium`, `libretranslate`: shown to readers as the engine. */
  readonly name: string
  translate(
    text: string,
    from: string,
    to: string,
    signal: AbortSignal,
  ): Promise<Translation | null>
}

export interface Translation {
  readonly text: string
  readonly engine: string
  readonly quality: TranslationQuality
}

/** The languages Recourse speaks: notification templates, and what readers may ask translations into. */
export const SUPPORTED_LANGUAGES = ['en', 'es', 'pt', 'fr'] as const
export type SupportedLanguage = (typeof SUPPORTED_LANGUAGES)[number]

/** `pt-BR` → `pt`, `EN` → `en`; the primary subtag is what translation and templates go by. */
export const primaryLanguage = (locale: string): string =>
  (locale.split(/[-_]/)[0] ?? locale).toLowerCase()

/** A supported language for a locale, English when Recourse does not speak it. */
export const supportedLanguage = (locale: string): SupportedLanguage => {
  const p = primaryLanguage(locale)
  return (SUPPORTED_LANGUAGES as readonly string[]).includes(p) ? (p as SupportedLanguage) : 'en'
}

// ── Language detection ─────────────────────────────────────────────────────

interface Detector {
  detect(text: string): { language: string; isReliable(): boolean }
}

let detector: Promise<Detector> | null = null

/**
 * eld's small n-gram set: ~65 MB and under a second to load, as accurate as
 * the large one on marketplace-length messages here. Loaded on first use, so
 * a process that never sees a message never pays for it.
 */
const loadDetector = (): Promise<Detector> => {
  detector ??= import('eld/small').then((m) => m.eld)
  return detector
}

/**
 * The language of a message: detected when the text says enough, otherwise
 * the author's own language (`assumed`): "ok" or "gracias" are too short to
 * tell reliably.
 */
export const detectLanguage = async (
  text: string,
  authorLanguage: string,
): Promise<{ language: string; source: 'detected' | 'assumed' }> => {
  const fallback = { language: primaryLanguage(authorLanguage), source: 'assumed' as const }
  if (text.trim().length === 0) return fallback
  const result = (await loadDetector()).detect(text)
  return result.language && result.isReliable()
    ? { language: result.language, source: 'detected' }
    : fallback
}

// ── none ───────────────────────────────────────────────────────────────────

/** The default: readers get the original and its detected language. */
export const noTranslator: Translator = {
  name: 'none',
  translate: async () => null,
}

// ── Apertium ───────────────────────────────────────────────────────────────

/**
 * Apertium's modes for each language pair, chained through Spanish where
 * Debian has no direct pair (`apertium-eng-spa`, `apertium-es-pt`,
 * `apertium-fr-es`). The Spanish modes are named `spa` in one package and
 * `es` in the others.
 */
export const APERTIUM_ROUTES: Readonly<Record<string, readonly string[]>> = {
  'en-es': ['eng-spa'],
  'es-en': ['spa-eng'],
  'es-pt': ['es-pt'],
  'pt-es': ['pt-es'],
  'fr-es': ['fr-es'],
  'es-fr': ['es-fr'],
  'en-pt': ['eng-spa', 'es-pt'],
  'pt-en': ['pt-es', 'spa-eng'],
  'en-fr': ['eng-spa', 'es-fr'],
  'fr-en': ['fr-es', 'spa-eng'],
  'pt-fr': ['pt-es', 'es-fr'],
  'fr-pt': ['fr-es', 'es-pt'],
}

interface RunResult {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

const run = (
  command: string,
  args: readonly string[],
  input: string,
  signal?: AbortSignal,
): Promise<RunResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(signal ? { signal } : {}),
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c))
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.on('error', () => undefined)
    child.stdin.end(input)
  })

/** The Apertium modes installed on this machine (`apertium -l`), or none when Apertium is missing. */
export const installedApertiumModes = async (binary = 'apertium'): Promise<ReadonlySet<string>> => {
  try {
    const { code, stdout } = await run(binary, ['-l'], '')
    if (code !== 0) return new Set()
    return new Set(
      stdout
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
    )
  } catch {
    return new Set()
  }
}

/**
 * Offline, rule-based machine translation with the Debian packages. Rough
 * (readable, not fluent), so readers see it labelled as such. Unknown words
 * pass through unmarked (`-u`).
 */
export class ApertiumTranslator implements Translator {
  readonly name = 'apertium'
  private modes: Promise<ReadonlySet<string>> | null = null

  constructor(private readonly binary = 'apertium') {}

  /** The modes this pair needs, if all are installed. */
  async route(from: string, to: string): Promise<readonly string[] | null> {
    this.modes ??= installedApertiumModes(this.binary)
    const modes = await this.modes
    const route = APERTIUM_ROUTES[`${primaryLanguage(from)}-${primaryLanguage(to)}`]
    return route && route.every((m) => modes.has(m)) ? route : null
  }

  async translate(
    text: string,
    from: string,
    to: string,
    signal: AbortSignal,
  ): Promise<Translation | null> {
    const route = await this.route(from, to)
    if (!route) return null
    // The text goes in as a file: `apertium` reads stdin through /dev/stdin,
    // which cannot be opened when Node's stdin is a socket pair (it prints
    // its usage and translates nothing).
    const dir = await mkdtemp(join(tmpdir(), 'recourse-apertium-'))
    try {
      let current = text
      for (const [i, mode] of route.entries()) {
        const input = join(dir, `in-${i}.txt`)
        await writeFile(input, current)
        const { code, stdout, stderr } = await run(this.binary, ['-u', mode, input], '', signal)
        if (code !== 0 || (stdout === '' && current.trim() !== '')) {
          throw new Error(`apertium ${mode} exited ${code}: ${stderr.trim().slice(0, 200)}`)
        }
        current = stdout
      }
      // Apertium ends its output with a newline the text did not have.
      return {
        text: text.endsWith('\n') ? current : current.replace(/\n$/, ''),
        engine: 'apertium',
        quality: 'rough',
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }
}

// ── LibreTranslate ─────────────────────────────────────────────────────────

/**
 * A LibreTranslate-compatible server (`POST /translate` with `q`, `source`,
 * `target`, `format`, optional `api_key`). A 400 means the pair is not
 * offered; any other failure is thrown so the job is retried later.
 */
export class LibreTranslateTranslator implements Translator {
  readonly name = 'libretranslate'

  private readonly fetch: ReturnType<typeof outboundFetch>

  /** Requests follow the outbound rules (`outbound.ts`): a server on this machine needs `RECOURSE_OUTBOUND_ALLOW`. */
  constructor(
    private readonly url: string,
    private readonly apiKey?: string,
    outbound: OutboundPolicy = { allowHttp: false, allow: [] },
  ) {
    this.fetch = outboundFetch(outbound)
  }

  async translate(
    text: string,
    from: string,
    to: string,
    signal: AbortSignal,
  ): Promise<Translation | null> {
    const response = await this.fetch(
      new URL('translate', this.url.endsWith('/') ? this.url : `${this.url}/`),
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          q: text,
          source: primaryLanguage(from),
          target: primaryLanguage(to),
          format: 'text',
          ...(this.apiKey ? { api_key: this.apiKey } : {}),
        }),
        signal,
      },
    )
    if (response.status === 400) return null
    if (!response.ok) throw new Error(`LibreTranslate answered ${response.status}`)
    const body = (await response.json()) as { translatedText?: unknown }
    if (typeof body.translatedText !== 'string')
      throw new Error('LibreTranslate sent no translatedText')
    return { text: body.translatedText, engine: 'libretranslate', quality: 'standard' }
  }
}

/**
 * `RECOURSE_TRANSLATOR=none|apertium|libretranslate` (default `none`);
 * `RECOURSE_LIBRETRANSLATE_URL` and `RECOURSE_LIBRETRANSLATE_API_KEY` for the last.
 */
export const translatorFromEnv = (env: NodeJS.ProcessEnv): Translator => {
  const kind = env.RECOURSE_TRANSLATOR ?? 'none'
  switch (kind) {
    case 'none':
    case '':
      return noTranslator
    case 'apertium':
      return new ApertiumTranslator(env.RECOURSE_APERTIUM_BIN || 'apertium')
    case 'libretranslate': {
      const url = env.RECOURSE_LIBRETRANSLATE_URL
      if (!url)
        throw new Error('RECOURSE_TRANSLATOR=libretranslate needs RECOURSE_LIBRETRANSLATE_URL')
      return new LibreTranslateTranslator(
        url,
        env.RECOURSE_LIBRETRANSLATE_API_KEY || undefined,
        outboundPolicyFromEnv(env),
      )
    }
    default:
      throw new Error(`RECOURSE_TRANSLATOR must be none, apertium or libretranslate, not '${kind}'`)
  }
}

/** The Debian packages the Apertium adapter needs (what `.ci/run` installs). */
export const APERTIUM_PACKAGES = 'apertium apertium-eng-spa apertium-es-pt apertium-fr-es'

/**
 * The translator `recourse start` runs with. `RECOURSE_TRANSLATOR` decides
 * when set; otherwise Apertium when it is installed with English↔Spanish, and
 * `none` when it is not. Either way one log line says which, and why.
 */
export const chooseTranslator = async (
  env: NodeJS.ProcessEnv,
  log: (message: string, data?: Record<string, unknown>) => void,
): Promise<Translator> => {
  if (env.RECOURSE_TRANSLATOR) {
    const chosen = translatorFromEnv(env)
    log(`translation: ${chosen.name} (RECOURSE_TRANSLATOR)`)
    return chosen
  }
  const binary = env.RECOURSE_APERTIUM_BIN || 'apertium'
  const modes = await installedApertiumModes(binary)
  if (modes.has('spa-eng') && modes.has('eng-spa')) {
    log('translation: apertium (offline, rough), found installed', {
      pairs: Object.keys(APERTIUM_ROUTES).filter((pair) =>
        APERTIUM_ROUTES[pair]?.every((m) => modes.has(m)),
      ),
    })
    return new ApertiumTranslator(binary)
  }
  log(
    `translation: none — Apertium is not installed, so messages show in their original language. ` +
      `Install it with: apt-get install ${APERTIUM_PACKAGES}; or set RECOURSE_TRANSLATOR=libretranslate.`,
  )
  return noTranslator
}
