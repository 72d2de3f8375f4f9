/** The file types evidence may be, decided by the bytes, never by the name or the Content-Type header. */
export const ALLOWED_MEDIA_TYPES = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'application/pdf',
] as const
export type EvidenceMediaType = (typeof ALLOWED_MEDIA_TYPES)[number]

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0): boolean =>
  signature.every((b, i) => bytes[offset + i] === b)

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0))

/**
 * What a file really is, from its first bytes (magic numbers), or null when it
 * is none of the allowed types. SVG (it can carry script), HTML, archives and
 * executables are all null.
 */
export const sniffMediaType = (bytes: Uint8Array): EvidenceMediaType | null => {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg'
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png'
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif'
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp'
  if (startsWith(bytes, ascii('%PDF-'))) return 'application/pdf'
  return null
}
