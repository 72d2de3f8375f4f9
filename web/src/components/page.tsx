import { useEffect, type ReactNode } from 'react'
import { Link } from 'react-router'

/** The page's heading, and the document title that screen readers and tabs show. */
export const PageHeader = ({
  title,
  badge,
  subtitle,
  back,
  meta,
  actions,
}: {
  title: ReactNode
  /** A status shown beside the title. */
  badge?: ReactNode
  subtitle?: ReactNode
  back?: { to: string; label: string }
  meta?: ReactNode
  actions?: ReactNode
}) => (
  <header className="page-header">
    {back ? (
      <Link className="back-link" to={back.to}>
        <span aria-hidden="true">←</span> {back.label}
      </Link>
    ) : null}
    <div className="page-header-row">
      <div className="page-header-text">
        <div className="page-title-line">
          <h1>{title}</h1>
          {badge}
        </div>
        {subtitle ? <p className="page-subtitle">{subtitle}</p> : null}
      </div>
      {actions ? <div className="page-header-actions">{actions}</div> : null}
    </div>
    {meta ? <div className="page-meta">{meta}</div> : null}
  </header>
)

export const useDocumentTitle = (title: string): void => {
  useEffect(() => {
    document.title = title ? `${title} · Recourse` : 'Recourse'
  }, [title])
}

export const Card = ({
  title,
  children,
  className = '',
  actions,
  id,
}: {
  title?: ReactNode
  children: ReactNode
  className?: string
  actions?: ReactNode
  id?: string
}) => (
  <section
    className={`card ${className}`}
    aria-labelledby={title && id ? `${id}-title` : undefined}
  >
    {title ? (
      <div className="card-header">
        <h2 className="card-title" id={id ? `${id}-title` : undefined}>
          {title}
        </h2>
        {actions}
      </div>
    ) : null}
    {children}
  </section>
)

export const EmptyState = ({
  title,
  children,
  icon = '○',
}: {
  title: string
  children?: ReactNode
  icon?: string
}) => (
  <div className="empty">
    <div className="empty-icon" aria-hidden="true">
      {icon}
    </div>
    <p className="empty-title">{title}</p>
    {children ? <div className="empty-text">{children}</div> : null}
  </div>
)

export const Loading = ({ label = 'Loading…' }: { label?: string }) => (
  <div className="loading" role="status" aria-live="polite">
    <span className="spinner" aria-hidden="true" />
    <span>{label}</span>
  </div>
)

export const SkeletonRows = ({ rows = 4 }: { rows?: number }) => (
  <div className="skeleton-list" aria-hidden="true">
    {Array.from({ length: rows }, (_, i) => (
      <div className="skeleton-row" key={i} />
    ))}
  </div>
)
