import { usePeople } from '../../api/demo.ts'
import type { Case } from '../../api/types.ts'
import { Countdown, DateTime } from '../../components/time.tsx'
import { useNow } from '../../lib/clock.tsx'
import { caseDeadlineLabel } from '../../lib/labels.ts'
import { actorName, entryTitle, entryTone } from './case-facts.ts'
import { timelineSentence } from './timeline-sentences.ts'

/**
 * Everything that happened on the case, oldest first, worded here from each
 * entry's data with every time in the viewer's zone; then the live deadline,
 * still ahead.
 */
export const CaseTimeline = ({
  c,
  viewer,
  dense = false,
}: {
  c: Case
  viewer: string
  dense?: boolean
}) => {
  const now = useNow(60_000)
  const person = usePeople()
  return (
    <ol className={`timeline case-timeline${dense ? ' timeline-dense' : ''}`}>
      {c.timeline.map((e) => (
        <li key={e.version} className={`tl tl-done tl-tone-${entryTone(e)}`}>
          <span className="tl-dot" aria-hidden="true" />
          <div className="tl-body">
            <span className="tl-label">
              {entryTitle(e)}
              <span className="tl-actor"> · {actorName(e.actor, person)}</span>
            </span>
            <span className="tl-when">
              <DateTime iso={e.at} />
            </span>
            <span className="tl-text">{timelineSentence(e, { now, nameOf: person })}</span>
          </div>
        </li>
      ))}
      {c.deadline ? (
        <li className="tl tl-due">
          <span className="tl-dot" aria-hidden="true" />
          <div className="tl-body">
            <span className="tl-label">
              {caseDeadlineLabel(c.deadline.kind, viewer, c.infoRequest?.from)}
            </span>
            <span className="tl-when">
              <DateTime iso={c.deadline.dueAt} /> ·{' '}
              <Countdown to={c.deadline.dueAt} pastLabel="passed" futureSuffix="from now" />
            </span>
          </div>
        </li>
      ) : null}
    </ol>
  )
}

/** The case's one live deadline, as a strip under the header: what is due, by whom, when. */
export const CaseDeadlineStrip = ({ c, viewer }: { c: Case; viewer: string }) => {
  if (!c.deadline) return null
  return (
    <div className="deadline-strip">
      <span className="deadline-label">
        {caseDeadlineLabel(c.deadline.kind, viewer, c.infoRequest?.from)}
      </span>
      <span className="deadline-when">
        <DateTime iso={c.deadline.dueAt} /> · <Countdown to={c.deadline.dueAt} />
      </span>
    </div>
  )
}
