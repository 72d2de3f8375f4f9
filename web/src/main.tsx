import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { StrictMode, Suspense } from 'react'
import { createRoot } from 'react-dom/client'
import { createBrowserRouter } from 'react-router'
import { RouterProvider } from 'react-router/dom'
import { ApiError } from './api/client.ts'
import { RouteErrorPage, NotFoundPage } from './app/error-pages.tsx'
import { HomeRedirect, RequireRole } from './app/guards.tsx'
import { Layout } from './app/layout.tsx'
import { appRoutes } from './app/routes.tsx'
import { InvitationPage } from './auth/invitation-page.tsx'
import { sessionStore } from './auth/session.ts'
import { SignInPage } from './auth/sign-in-page.tsx'
import { Loading } from './components/page.tsx'
import { ServerClockProvider } from './lib/clock.tsx'
import '@fontsource-variable/inter'
import './styles.css'

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      // Refusals (4xx) are answers, not glitches: retry only when the server or network failed.
      retry: (count, error) =>
        count < 2 && (!(error instanceof ApiError) || error.status === 0 || error.status >= 500),
    },
    mutations: { retry: false },
  },
})

/** While a page's chunk arrives (routes.tsx loads each page on first visit). */
const PageLoading = () => (
  <div className="page">
    <Loading />
  </div>
)

const router = createBrowserRouter([
  {
    element: <Layout />,
    errorElement: <RouteErrorPage />,
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: '/sign-in', element: <SignInPage /> },
      { path: '/invitation/:token', element: <InvitationPage /> },
      ...appRoutes.map(({ path, roles, Component }) => ({
        path,
        element: (
          <RequireRole roles={roles}>
            <Suspense fallback={<PageLoading />}>
              <Component />
            </Suspense>
          </RequireRole>
        ),
      })),
      { path: '*', element: <NotFoundPage /> },
    ],
  },
])

const root = document.getElementById('root')
if (!root) throw new Error('index.html lacks #root')
// Which session the cookie carries (a reload, a new tab, a hand-off link) before the first page decides.
void sessionStore.restore().then(() =>
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <ServerClockProvider>
          <RouterProvider router={router} />
        </ServerClockProvider>
      </QueryClientProvider>
    </StrictMode>,
  ),
)
