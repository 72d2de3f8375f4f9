import type { ButtonHTMLAttributes, ReactNode } from 'react'

type Variant = 'primary' | 'secondary' | 'danger' | 'ghost'

export const Button = ({
  variant = 'secondary',
  busy = false,
  size = 'md',
  children,
  disabled,
  type = 'button',
  className = '',
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: Variant
  busy?: boolean
  size?: 'sm' | 'md'
  children: ReactNode
}) => (
  <button
    {...rest}
    type={type}
    className={`btn btn-${variant} btn-${size} ${className}`}
    disabled={disabled === true || busy}
    aria-busy={busy || undefined}
  >
    {busy ? <span className="spinner spinner-inline" aria-hidden="true" /> : null}
    {children}
  </button>
)
