import { useState } from 'react'
import type { ListingSnapshot } from '../api/types.ts'
import { initials } from '../lib/labels.ts'

const palette = ['#0f4c5c', '#5f0f40', '#3d5a80', '#6a4c93', '#2d6a4f', '#9c4221']

const hueOf = (text: string): string => {
  let h = 0
  for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) >>> 0
  return palette[h % palette.length] ?? '#0f4c5c'
}

/** The listing's first photo, or a calm monogram tile when there is none or it fails to load. */
export const ListingThumb = ({
  listing,
  size = 48,
}: {
  listing: ListingSnapshot
  size?: number
}) => {
  const [failed, setFailed] = useState(false)
  const photo = listing.photos[0]
  const style = { width: size, height: size }
  if (photo && !failed) {
    return (
      <img
        className="thumb"
        src={photo}
        alt=""
        style={style}
        loading="lazy"
        onError={() => setFailed(true)}
      />
    )
  }
  return (
    <span
      className="thumb thumb-fallback"
      style={{ ...style, background: hueOf(listing.title), fontSize: size / 2.6 }}
      aria-hidden="true"
    >
      {initials(listing.title) || '·'}
    </span>
  )
}
