import { useState } from 'react'
import type { ListingSnapshot } from '../api/types.ts'
import { conditionLabel } from '../lib/labels.ts'
import { ListingThumb } from './listing-thumb.tsx'
import { Money } from './money.tsx'

/** Every photo of the listing, larger, for someone comparing it with a claim. */
const Gallery = ({ listing }: { listing: ListingSnapshot }) => {
  const [failed, setFailed] = useState<ReadonlySet<number>>(new Set())
  const photos = listing.photos.filter((_, i) => !failed.has(i))
  if (photos.length === 0) return <ListingThumb listing={listing} size={120} />
  return (
    <ul className="gallery" aria-label="Listing photos">
      {listing.photos.map((src, i) =>
        failed.has(i) ? null : (
          <li key={`${i}-${src.slice(0, 40)}`}>
            <img
              src={src}
              alt={`Listing photo ${i + 1} of ${listing.photos.length}`}
              loading="lazy"
              onError={() => setFailed((s) => new Set(s).add(i))}
            />
          </li>
        ),
      )}
    </ul>
  )
}

/**
 * A listing as it was at purchase: title, price, the specs a claim is judged
 * against (size, measurements, material, condition), the description and the
 * seller's own list of flaws.
 */
export const ListingDetails = ({
  listing,
  unitPrice,
  quantity = 1,
  currency,
  photos = 'thumb',
  headingLevel = 3,
}: {
  listing: ListingSnapshot
  unitPrice?: number
  quantity?: number
  currency: string
  photos?: 'thumb' | 'gallery'
  headingLevel?: 3 | 4
}) => {
  const specs = [
    listing.brand,
    listing.size ? `Size ${listing.size}` : undefined,
    conditionLabel(listing.condition),
    listing.material,
  ].filter(Boolean)
  const Heading = headingLevel === 3 ? 'h3' : 'h4'
  return (
    <div className={`item${photos === 'gallery' ? ' item-gallery' : ''}`}>
      {photos === 'gallery' ? (
        <Gallery listing={listing} />
      ) : (
        <ListingThumb listing={listing} size={88} />
      )}
      <div className="item-body">
        <div className="item-head">
          <Heading className="item-title">{listing.title}</Heading>
          {unitPrice !== undefined ? (
            <span className="item-price">
              {quantity > 1 ? `${quantity} × ` : ''}
              <Money minor={unitPrice} currency={currency} />
            </span>
          ) : null}
        </div>
        <p className="item-specs">{specs.join(' · ')}</p>
        {listing.description ? <p className="item-desc">{listing.description}</p> : null}
        {listing.measurements && Object.keys(listing.measurements).length > 0 ? (
          <dl className="measurements" aria-label="Measurements">
            {Object.entries(listing.measurements).map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        ) : null}
        {listing.flaws ? (
          <p className="item-flaws">
            <strong>Noted flaws:</strong> {listing.flaws}
          </p>
        ) : null}
        <p className="item-snapshot">Listing as it was at purchase · {listing.category}</p>
      </div>
    </div>
  )
}
