import { useSession } from '../../session/SessionContext';
import { Forbidden } from '../Forbidden';
import { usePageTitle } from '../usePageTitle';
import { SectionTiles } from '../common/SectionNav';
import { OPERATIONS, allowedSections } from '../common/sections';

export function OperationsHome() {
  usePageTitle('Operations');
  const session = useSession();
  if (allowedSections(OPERATIONS, session.can).length === 0) return <Forbidden />;
  return (
    <>
      <h1>Operations</h1>
      <p>Keep the platform running: jobs, webhooks, tokens, plugins, the audit log and the search index.</p>
      <SectionTiles sections={OPERATIONS} />
    </>
  );
}
