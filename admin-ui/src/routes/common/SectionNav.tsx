import { Link } from '@tanstack/react-router';
import { useSession } from '../../session/SessionContext';
import { allowedSections, type Section } from './sections';

/** The group's own navigation (Operations, Mail): only the sections the role may open. */
export function SectionNav({ label, sections }: { label: string; sections: readonly Section[] }) {
  const session = useSession();
  return (
    <nav aria-label={label} className="section-nav">
      <ul>
        {allowedSections(sections, session.can).map((s) => (
          <li key={s.to}>
            <Link to={s.to} activeProps={{ 'aria-current': 'page', className: 'active' }}>
              {s.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A group's start page: a tile per section the role may open. */
export function SectionTiles({ sections }: { sections: readonly Section[] }) {
  const session = useSession();
  return (
    <ul className="tiles">
      {allowedSections(sections, session.can).map((s) => (
        <li key={s.to}>
          <Link to={s.to}>{s.label}</Link>
          <p className="muted">{s.blurb}</p>
        </li>
      ))}
    </ul>
  );
}
