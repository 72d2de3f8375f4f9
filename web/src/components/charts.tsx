import { useId, type ReactNode } from 'react'

/**
 * Small hand-written SVG charts: calm colours, a title and description for
 * screen readers, and the same numbers as a table one click away. No chart
 * library: three shapes cover the admin pages, and each stays a few kB.
 */

export interface Series {
  readonly name: string
  /** A CSS colour with at least 3:1 contrast on white. */
  readonly color: string
}

/** A table that may scroll sideways at phone width: focusable, so keyboards can scroll it. */
export const TableScroll = ({ label, children }: { label: string; children: ReactNode }) => (
  <div className="table-scroll" tabIndex={0} role="region" aria-label={label}>
    {children}
  </div>
)

export const seriesColors = ['#0f4c5c', '#b45309', '#6b7280', '#1d4ed8'] as const

const Legend = ({ series }: { series: readonly Series[] }) =>
  series.length > 1 ? (
    <ul className="chart-legend">
      {series.map((s) => (
        <li key={s.name}>
          <span className="chart-swatch" style={{ background: s.color }} aria-hidden="true" />
          {s.name}
        </li>
      ))}
    </ul>
  ) : null

const DataTable = ({
  caption,
  head,
  rows,
}: {
  caption: string
  head: readonly string[]
  rows: readonly (readonly ReactNode[])[]
}) => (
  <details className="chart-table">
    <summary>Show the numbers</summary>
    <TableScroll label={caption}>
      <table className="data-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {head.map((h, i) => (
              <th key={h} scope="col" className={i > 0 ? 'num' : undefined}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {r.map((cell, j) =>
                j === 0 ? (
                  <th key={j} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={j} className="num">
                    {cell}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  </details>
)

export interface BarRow {
  readonly label: string
  readonly values: readonly (number | null)[]
}

/**
 * Horizontal bars, one group per row and one bar per series: reasons, buckets,
 * policy A against policy B. Labels sit above their bars, so long ones fit at
 * phone width.
 */
export const BarChart = ({
  title,
  description,
  series,
  rows,
  format = (v) => v.toLocaleString(),
}: {
  title: string
  description: string
  series: readonly Series[]
  rows: readonly BarRow[]
  format?: (value: number) => string
}) => {
  const id = useId()
  const max = Math.max(1, ...rows.flatMap((r) => r.values.map((v) => Math.abs(v ?? 0))))
  const barH = 12
  const gap = 4
  const labelH = 16
  const groupH = labelH + series.length * (barH + gap) + 8
  const height = rows.length * groupH
  return (
    <figure className="chart">
      <figcaption className="chart-title">{title}</figcaption>
      <Legend series={series} />
      {/* No viewBox: bar lengths and label positions are percentages of the
          real width, so text keeps its size at every width. */}
      <svg
        className="chart-svg"
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
        width="100%"
        height={height}
      >
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{description}</desc>
        {rows.map((r, i) => {
          const y = i * groupH
          return (
            <g key={r.label}>
              <text x="0" y={y + 12} className="chart-label">
                {r.label}
              </text>
              {r.values.map((v, j) => {
                const share = v === null || v === 0 ? 0 : Math.max(0.4, (Math.abs(v) / max) * 80)
                const by = y + labelH + j * (barH + gap)
                return (
                  <g key={j}>
                    <rect
                      x="0"
                      y={by}
                      width={`${share}%`}
                      height={barH}
                      rx="2"
                      fill={series[j]?.color ?? seriesColors[0]}
                    />
                    <text x={`${share}%`} dx="6" y={by + barH - 2} className="chart-value">
                      {v === null ? '—' : format(v)}
                    </text>
                  </g>
                )
              })}
            </g>
          )
        })}
      </svg>
      <DataTable
        caption={title}
        head={['', ...series.map((s) => s.name)]}
        rows={rows.map((r) => [r.label, ...r.values.map((v) => (v === null ? '—' : format(v)))])}
      />
    </figure>
  )
}

export interface LinePoint {
  readonly label: string
  readonly values: readonly (number | null)[]
}

/** A line per series over time (case rate per week); gaps where a value is null. */
export const LineChart = ({
  title,
  description,
  series,
  points,
  format = (v) => v.toLocaleString(),
  extraColumns = [],
}: {
  title: string
  description: string
  series: readonly Series[]
  points: readonly LinePoint[]
  format?: (value: number) => string
  /** More numbers per point for the table only (orders, cases). */
  extraColumns?: readonly { name: string; values: readonly string[] }[]
}) => {
  const id = useId()
  const w = 600
  const h = 200
  const pad = { l: 44, r: 8, t: 8, b: 24 }
  const all = points.flatMap((p) => p.values.filter((v): v is number => v !== null))
  const max = Math.max(...all, 0) * 1.15 || 1
  const x = (i: number) =>
    pad.l + (points.length <= 1 ? 0 : (i / (points.length - 1)) * (w - pad.l - pad.r))
  const y = (v: number) => pad.t + (1 - v / max) * (h - pad.t - pad.b)
  const ticks = [0, max / 2, max]
  const every = Math.max(1, Math.ceil(points.length / 6))
  return (
    <figure className="chart">
      <figcaption className="chart-title">{title}</figcaption>
      <Legend series={series} />
      <svg
        className="chart-svg"
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
        viewBox={`0 0 ${w} ${h}`}
      >
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{description}</desc>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={pad.l} x2={w - pad.r} y1={y(t)} y2={y(t)} className="chart-grid" />
            <text x={pad.l - 6} y={y(t) + 4} className="chart-axis" textAnchor="end">
              {format(t)}
            </text>
          </g>
        ))}
        {points.map((p, i) =>
          i % every === 0 || i === points.length - 1 ? (
            <text key={p.label} x={x(i)} y={h - 6} className="chart-axis" textAnchor="middle">
              {p.label}
            </text>
          ) : null,
        )}
        {series.map((s, j) => {
          const segments: string[][] = [[]]
          points.forEach((p, i) => {
            const v = p.values[j]
            if (v === null || v === undefined) segments.push([])
            else segments[segments.length - 1]?.push(`${x(i)},${y(v)}`)
          })
          return (
            <g key={s.name}>
              {segments
                .filter((seg) => seg.length > 0)
                .map((seg, k) => (
                  <polyline
                    key={k}
                    points={seg.join(' ')}
                    fill="none"
                    stroke={s.color}
                    strokeWidth="2"
                  />
                ))}
              {points.map((p, i) => {
                const v = p.values[j]
                return v === null || v === undefined ? null : (
                  <circle key={p.label} cx={x(i)} cy={y(v)} r="2.5" fill={s.color} />
                )
              })}
            </g>
          )
        })}
      </svg>
      <DataTable
        caption={title}
        head={['', ...series.map((s) => s.name), ...extraColumns.map((c) => c.name)]}
        rows={points.map((p, i) => [
          p.label,
          ...p.values.map((v) => (v === null ? '—' : format(v))),
          ...extraColumns.map((c) => c.values[i] ?? ''),
        ])}
      />
    </figure>
  )
}
