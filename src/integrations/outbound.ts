import { lookup as dnsLookup } from 'node:dns/promises'
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { BlockList, isIP, type LookupFunction } from 'node:net'

/**
 * Where the server may send a request of its own (webhook deliveries, the
 * JWKS of user tokens, the translation service): the rules against SSRF
 * (issue #16), in one place for every outbound URL.
 *
 * - `https` only, unless the operator allows plain `http`
 *   (`RECOURSE_OUTBOUND_ALLOW_HTTP=1`); no credentials in the URL.
 * - Every address the host resolves to must be public unicast: loopback,
 *   private (RFC 1918), CGNAT, link-local (169.254.169.254, the cloud
 *   metadata service), multicast, unspecified, documentation and reserved
 *   ranges, IPv6 ULA/link-local/site-local, and IPv4-mapped or -embedding
 *   IPv6 forms are refused. Decimal, octal and hex IPv4 spellings
 *   (`http://2130706433/`, `http://0x7f.1/`) are normalised by the URL parser
 *   to the address they mean, and judged as such.
 * - The connection goes to the address that was checked (the DNS answer is
 *   pinned for the request), so a name that re-resolves to 127.0.0.1
 *   between the check and the connect (DNS rebinding) reaches nothing.
 * - Redirects are never followed.
 * - `RECOURSE_OUTBOUND_ALLOW` lists addresses or CIDR ranges allowed even if
 *   not public, for development and tests (`127.0.0.1/32,::1/128`).
 */

/** A DNS lookup returning every address of a name; injectable for tests. */
export type ResolveAll = (hostname: string) => Promise<readonly ResolvedAddress[]>

export interface ResolvedAddress {
  readonly address: string
  readonly family: 4 | 6
}

export interface OutboundPolicy {
  /** Plain `http` URLs allowed. `RECOURSE_OUTBOUND_ALLOW_HTTP`. @default false */
  readonly allowHttp: boolean
  /** Addresses and CIDR ranges allowed even when not public. `RECOURSE_OUTBOUND_ALLOW`. @default none */
  readonly allow: readonly string[]
  /** How names are resolved. @default every address from the system resolver */
  readonly resolve?: ResolveAll
}

export const systemResolve: ResolveAll = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }))

// One list per family: a BlockList checks IPv4 addresses against its IPv6
// rules as IPv4-mapped addresses, so `::ffff:0:0/96` would block every IPv4.
const notPublic4 = new BlockList()
const notPublic6 = new BlockList()
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8], // RFC 1918
  ['100.64.0.0', 10], // CGNAT (RFC 6598)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, incl. 169.254.169.254 (cloud metadata)
  ['172.16.0.0', 12], // RFC 1918
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // RFC 1918
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, incl. broadcast
] as const)
  notPublic4.addSubnet(net, prefix, 'ipv4')
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['::', 96], // IPv4-compatible (deprecated)
  ['::ffff:0:0', 96], // IPv4-mapped
  ['64:ff9b::', 96], // NAT64: embeds an IPv4 address
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
  ['2001::', 23], // IETF protocol assignments (Teredo, ORCHID, …)
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: embeds an IPv4 address
  ['fc00::', 7], // unique local (ULA)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const)
  notPublic6.addSubnet(net, prefix, 'ipv6')

/** Whether an IP address is public unicast (routable on the internet). */
export const isPublicAddress = (address: string): boolean => {
  const family = isIP(address)
  if (family === 0) return false
  return family === 6 ? !notPublic6.check(address, 'ipv6') : !notPublic4.check(address, 'ipv4')
}

/** Whether an address is in the operator's allow-list (addresses and CIDR ranges, per family). */
const inAllowList = (entries: readonly string[], address: string): boolean => {
  const family = isIP(address)
  return entries.some((entry) => {
    const [net, bits] = entry.trim().split('/')
    if (!net || isIP(net) !== family) return false
    const list = new BlockList()
    const type = family === 6 ? 'ipv6' : 'ipv4'
    list.addSubnet(net, bits === undefined ? (family === 6 ? 128 : 32) : Number(bits), type)
    return list.check(address, type)
  })
}

/** Reads the outbound settings from the environment (README's configuration table). */
export const outboundPolicyFromEnv = (env: NodeJS.ProcessEnv): OutboundPolicy => ({
  allowHttp: ['1', 'true', 'yes'].includes(env.RECOURSE_OUTBOUND_ALLOW_HTTP ?? ''),
  allow: (env.RECOURSE_OUTBOUND_ALLOW ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
})

export type OutboundCheck =
  | { readonly ok: true; readonly url: URL; readonly address: ResolvedAddress }
  | { readonly ok: false; readonly reason: string }

/**
 * Checks a URL against the policy and resolves it: the address to connect
 * to, or why the URL may not be fetched. Every address of the name must be
 * allowed (a name with one private address among public ones is refused).
 */
export const checkOutboundUrl = async (
  raw: string,
  policy: OutboundPolicy,
): Promise<OutboundCheck> => {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return { ok: false, reason: 'not a URL' }
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp))
    return {
      ok: false,
      reason: policy.allowHttp ? 'only http and https URLs' : 'only https URLs',
    }
  if (url.username !== '' || url.password !== '')
    return { ok: false, reason: 'credentials in the URL' }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  let addresses: readonly ResolvedAddress[]
  if (isIP(host) !== 0) addresses = [{ address: host, family: isIP(host) === 6 ? 6 : 4 }]
  else {
    try {
      addresses = await (policy.resolve ?? systemResolve)(host)
    } catch {
      return { ok: false, reason: `${host} does not resolve` }
    }
  }
  if (addresses.length === 0) return { ok: false, reason: `${host} does not resolve` }
  for (const a of addresses) {
    const family = isIP(a.address)
    if (family === 0) return { ok: false, reason: `${host} resolves to no IP address` }
    const permitted = isPublicAddress(a.address) || inAllowList(policy.allow, a.address)
    if (!permitted) return { ok: false, reason: `${host} resolves to a non-public address` }
  }
  return { ok: true, url, address: addresses[0]! }
}

export interface OutboundRequest {
  readonly method: string
  readonly headers: Readonly<Record<string, string>>
  readonly body?: string | undefined
  readonly timeoutMs: number
  /** Response bytes kept at most; the rest is not read. */
  readonly maxBytes: number
  readonly signal?: AbortSignal | undefined
}

export interface OutboundResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: Buffer
}

/** Thrown when the policy refuses a URL; `reason` is safe to log and show. */
export class OutboundRefused extends Error {
  readonly code = 'OUTBOUND_REFUSED'
  constructor(readonly reason: string) {
    super(`refused: ${reason}`)
  }
}

/**
 * One request to a URL the policy allows, connected to the checked address
 * (the name is still sent as `Host` and TLS server name). Redirects are
 * answers like any other; at most `maxBytes` of the body are read.
 */
export const outboundRequest = async (
  raw: string,
  policy: OutboundPolicy,
  o: OutboundRequest,
): Promise<OutboundResponse> => {
  const checked = await checkOutboundUrl(raw, policy)
  if (!checked.ok) throw new OutboundRefused(checked.reason)
  const { url, address } = checked
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all)
      (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [
        { address: address.address, family: address.family },
      ])
    else callback(null, address.address, address.family)
  }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise<OutboundResponse>((resolve, reject) => {
    const req = send(
      url,
      {
        method: o.method,
        headers: {
          ...o.headers,
          ...(o.body !== undefined ? { 'content-length': String(Buffer.byteLength(o.body)) } : {}),
        },
        lookup: pinned,
        ...(o.signal ? { signal: o.signal } : {}),
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = []
        let size = 0
        const finish = () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: Object.fromEntries(
              Object.entries(res.headers).map(([k, v]) => [
                k,
                Array.isArray(v) ? v.join(', ') : (v ?? ''),
              ]),
            ),
            body: Buffer.concat(chunks).subarray(0, o.maxBytes),
          })
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk)
          size += chunk.length
          if (size >= o.maxBytes) {
            res.destroy()
            finish()
          }
        })
        res.on('end', finish)
        res.on('error', reject)
      },
    )
    // The whole exchange, not only an idle socket: a receiver dripping bytes
    // cannot hold a delivery longer than this.
    const timer = setTimeout(() => {
      const error = new Error(`timed out after ${o.timeoutMs} ms`)
      error.name = 'TimeoutError'
      req.destroy(error)
    }, o.timeoutMs)
    req.on('close', () => clearTimeout(timer))
    req.on('error', reject)
    req.end(o.body)
  })
}

/**
 * A `fetch` for libraries that take one (jose's JWKS): GETs and POSTs
 * through {@link outboundRequest}, so they follow the same rules.
 */
export const outboundFetch =
  (policy: OutboundPolicy, maxBytes = 1024 * 1024, timeoutMs = 10_000) =>
  async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = input instanceof Request ? input.url : String(input)
    const headers = Object.fromEntries(new Headers(init.headers ?? {}).entries())
    const response = await outboundRequest(url, policy, {
      method: init.method ?? 'GET',
      headers,
      body: typeof init.body === 'string' ? init.body : undefined,
      timeoutMs,
      maxBytes,
      signal: init.signal ?? undefined,
    })
    return new Response(
      [101, 204, 205, 304].includes(response.status) ? null : new Uint8Array(response.body),
      { status: response.status, headers: response.headers },
    )
  }
