import { EmptyState, PageHeader, useDocumentTitle } from '../../components/page.tsx'

export const AgentHomePage = () => {
  useDocumentTitle('Queue')
  return (
    <div className="page">
      <PageHeader title="Queue" subtitle="Escalated cases, soonest deadline first." />
      <EmptyState title="No escalated cases" icon="✓">
        <p>
          Cases that buyers and sellers could not settle between themselves arrive here for your
          decision.
        </p>
      </EmptyState>
    </div>
  )
}
