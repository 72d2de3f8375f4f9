import { useState } from 'react'
import { asApiError, type ApiError } from '../../api/client.ts'
import { downloadFile, useFileObjectUrl } from '../../api/files.ts'
import type { EvidenceRecord } from '../../api/types.ts'
import { ProblemNotice } from '../../components/notice.tsx'
import { DateTime } from '../../components/time.tsx'

type FileEvidence = Extract<EvidenceRecord, { kind: 'file' }>

const isImage = (e: FileEvidence): boolean => e.file.mediaType.startsWith('image/')

const who = (e: EvidenceRecord, viewer: string): string =>
  e.addedBy.role === viewer
    ? 'You'
    : e.addedBy.role === 'agent'
      ? 'The agent'
      : e.addedBy.role === 'buyer'
        ? 'The buyer'
        : 'The seller'

const sizeText = (bytes: number): string =>
  bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} KB`
    : `${(bytes / 1024 / 1024).toFixed(1)} MB`

const DownloadButton = ({ e, label = 'Download' }: { e: FileEvidence; label?: string }) => {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  return (
    <>
      <button
        type="button"
        className="btn btn-sm btn-secondary"
        disabled={busy}
        aria-label={`${label} ${e.file.name}`}
        onClick={() => {
          setBusy(true)
          setError(null)
          downloadFile(e.evidenceId, e.file.name)
            .catch((err: unknown) => setError(asApiError(err)))
            .finally(() => setBusy(false))
        }}
      >
        {label}
      </button>
      {error ? <ProblemNotice error={error} title="The download failed" /> : null}
    </>
  )
}

/** A photo shown inline: fetched with the session's token into an object URL. */
const EvidencePhoto = ({ e, viewer }: { e: FileEvidence; viewer: string }) => {
  const { url, error } = useFileObjectUrl(e.evidenceId)
  const [wide, setWide] = useState(false)
  return (
    <figure className={`evidence-photo${wide ? ' evidence-photo-wide' : ''}`}>
      <div className="evidence-frame">
        {url ? (
          <button
            type="button"
            className="evidence-zoom"
            onClick={() => setWide((w) => !w)}
            aria-pressed={wide}
            aria-label={`${wide ? 'Shrink' : 'Enlarge'} ${e.file.name}`}
          >
            <img src={url} alt={e.note ? e.note : `Photo ${e.file.name}`} />
          </button>
        ) : error ? (
          <span className="evidence-missing">Couldn’t load the photo</span>
        ) : (
          <span className="evidence-loading" aria-label="Loading photo" role="img" />
        )}
      </div>
      <figcaption>
        <span className="evidence-name">{e.file.name}</span>
        {e.note ? <span className="evidence-note">{e.note}</span> : null}
        <span className="evidence-meta">
          {who(e, viewer)} · <DateTime iso={e.addedAt} />
        </span>
        <DownloadButton e={e} />
      </figcaption>
    </figure>
  )
}

const EvidenceRow = ({ e, viewer }: { e: EvidenceRecord; viewer: string }) => {
  const meta = (
    <span className="evidence-meta">
      {who(e, viewer)} · <DateTime iso={e.addedAt} />
    </span>
  )
  switch (e.kind) {
    case 'file':
      return (
        <li className="evidence-row">
          <span className="evidence-kind evidence-kind-doc" aria-hidden="true">
            {e.file.mediaType === 'application/pdf' ? 'PDF' : 'FILE'}
          </span>
          <div className="evidence-body">
            <span className="evidence-name">{e.file.name}</span>
            {e.note ? <span className="evidence-note">{e.note}</span> : null}
            <span className="evidence-meta">
              {sizeText(e.file.size)} · {who(e, viewer)} · <DateTime iso={e.addedAt} />
            </span>
          </div>
          <DownloadButton e={e} />
        </li>
      )
    case 'tracking':
      return (
        <li className="evidence-row">
          <span className="evidence-kind" aria-hidden="true">
            ⇢
          </span>
          <div className="evidence-body">
            <span className="evidence-name">Tracking</span>
            <span className="mono">
              {e.tracking.carrier} · {e.tracking.trackingNumber}
            </span>
            {e.note ? <span className="evidence-note">{e.note}</span> : null}
            {meta}
          </div>
        </li>
      )
    case 'measurements':
      return (
        <li className="evidence-row">
          <span className="evidence-kind" aria-hidden="true">
            ↔
          </span>
          <div className="evidence-body">
            <span className="evidence-name">Measurements as shipped</span>
            <dl className="measurements">
              {Object.entries(e.measurements).map(([k, v]) => (
                <div key={k}>
                  <dt>{k}</dt>
                  <dd>{v}</dd>
                </div>
              ))}
            </dl>
            {e.note ? <span className="evidence-note">{e.note}</span> : null}
            {meta}
          </div>
        </li>
      )
    case 'note':
      return (
        <li className="evidence-row">
          <span className="evidence-kind" aria-hidden="true">
            ✎
          </span>
          <div className="evidence-body">
            <span className="evidence-name">Note</span>
            <span className="quote">“{e.note}”</span>
            {meta}
          </div>
        </li>
      )
  }
}

/**
 * A case's evidence: photos inline (fetched with the bearer token, since the
 * content route answers only to the case's parties and agents), PDFs and other
 * files to download, tracking, measurements and notes as facts.
 */
export const EvidenceList = ({
  evidence,
  viewer,
  empty = 'No evidence yet.',
}: {
  evidence: readonly EvidenceRecord[]
  viewer: string
  empty?: string
}) => {
  const photos = evidence.filter((e): e is FileEvidence => e.kind === 'file' && isImage(e))
  const others = evidence.filter((e) => !(e.kind === 'file' && isImage(e)))
  if (evidence.length === 0) return <p className="muted">{empty}</p>
  return (
    <div className="evidence">
      {photos.length > 0 ? (
        <div className="evidence-photos">
          {photos.map((e) => (
            <EvidencePhoto key={e.evidenceId} e={e} viewer={viewer} />
          ))}
        </div>
      ) : null}
      {others.length > 0 ? (
        <ul className="evidence-rows">
          {others.map((e) => (
            <EvidenceRow key={e.evidenceId} e={e} viewer={viewer} />
          ))}
        </ul>
      ) : null}
    </div>
  )
}
