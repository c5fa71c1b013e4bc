import type { ReactNode } from 'react';
import { useSession } from '../../session/SessionContext';
import { Forbidden } from '../Forbidden';
import { usePageTitle } from '../usePageTitle';
import { SectionNav } from '../common/SectionNav';
import { OPERATIONS } from '../common/sections';

/** The frame of every Operations screen: its title, the section navigation, and the permission it needs. */
export function OperationsPage({ title, permission, children }: { title: string; permission: string; children: ReactNode }) {
  usePageTitle(title);
  const session = useSession();
  if (!session.can(permission)) return <Forbidden />;
  return (
    <>
      <SectionNav label="Operations" sections={OPERATIONS} />
      <h1>{title}</h1>
      {children}
    </>
  );
}
