import type { ReactNode } from 'react'
import { asApiError } from '../api/client.ts'
import { ProblemNotice } from './notice.tsx'
import { Loading, PageHeader } from './page.tsx'

/** What this needs of a TanStack query (or of several, combined). */
export interface QueryLike<T> {
  readonly data: T | undefined
  readonly error: unknown
  readonly isPending: boolean
}

type Back = { readonly to: string; readonly label: string }

/**
 * A query's three states in one place: a spinner (or `pending`) until the
 * first answer, the refusal said humanely if the query failed, then
 * `children` with the data. A refetch that fails keeps the data it had below
 * the refusal.
 *
 * `frame` puts the spinner and the refusal where the data would go (inside
 * its card). With `page`, they fill the page instead, the refusal under the
 * page's header and its way back.
 */
export const WhenLoaded = <T,>({
  query,
  label,
  pending,
  frame = (content) => content,
  page,
  children,
}: {
  query: QueryLike<T>
  /** The spinner's words ("Loading the case…"). */
  label?: string
  /** Shown instead of the spinner while the first answer is on its way (a skeleton list). */
  pending?: ReactNode
  frame?: (content: ReactNode) => ReactNode
  /** The query is the page's subject: its title and way back frame a refusal. */
  page?: { readonly title: string; readonly back?: Back }
  children: (data: T) => ReactNode
}) => {
  if (query.error) {
    const notice = <ProblemNotice error={asApiError(query.error)} />
    if (page)
      return (
        <div className="page page-narrow">
          <PageHeader title={page.title} {...(page.back ? { back: page.back } : {})} />
          {notice}
        </div>
      )
    return query.data === undefined ? (
      frame(notice)
    ) : (
      <>
        {notice}
        {children(query.data)}
      </>
    )
  }
  if (query.isPending || query.data === undefined) {
    const waiting = pending === undefined ? <Loading {...(label ? { label } : {})} /> : pending
    return page ? <div className="page">{waiting}</div> : frame(waiting)
  }
  return children(query.data)
}
