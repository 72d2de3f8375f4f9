import { isRouteErrorResponse, Link, useRouteError } from 'react-router'
import { EmptyState, useDocumentTitle } from '../components/page.tsx'

export const NotFoundPage = () => {
  useDocumentTitle('Page not found')
  return (
    <div className="page page-narrow">
      <EmptyState title="There’s no page here" icon="?">
        <p>
          The link may be old or mistyped. <Link to="/">Go to your start page</Link>.
        </p>
      </EmptyState>
    </div>
  )
}

export const RouteErrorPage = () => {
  const error = useRouteError()
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : 'Unknown error'
  return (
    <div className="page page-narrow">
      <EmptyState title="Something went wrong on this page" icon="!">
        <p>Nothing was changed. Reload the page to try again.</p>
        <p className="refusal-code">{message}</p>
      </EmptyState>
    </div>
  )
}
