import type { ReactNode } from 'react';
import { useSession } from '../../session/SessionContext';
import { Forbidden } from '../Forbidden';
import { usePageTitle } from '../usePageTitle';
import { SectionNav, SectionTiles } from '../common/SectionNav';
import { MAIL, allowedSections } from '../common/sections';

/** The frame of every Mail screen: its title, the section navigation, and the permission it needs. */
export function MailPage({ title, permission, children }: { title: string; permission: string; children: ReactNode }) {
  usePageTitle(title);
  const session = useSession();
  if (!session.can(permission)) return <Forbidden />;
  return (
    <>
      <SectionNav label="Mail" sections={MAIL} />
      <h1>{title}</h1>
      {children}
    </>
  );
}

export function MailHome() {
  usePageTitle('Mail');
  const session = useSession();
  if (allowedSections(MAIL, session.can).length === 0) return <Forbidden />;
  return (
    <>
      <h1>Mail</h1>
      <p>What the platform sent, and the newsletter.</p>
      <SectionTiles sections={MAIL} />
    </>
  );
}
