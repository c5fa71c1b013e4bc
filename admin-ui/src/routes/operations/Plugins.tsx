import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { OperationsPage } from './OperationsPage';

interface Plugin {
  id: string;
  version: string;
  description: string;
  state: string;
  failure: string | null;
  jar: string;
  contributes: Record<string, string[]>;
  errors: number;
  lastError: string | null;
}

/** Every plugin found: whether it runs, why not, what it brings, and errors since start. */
export function Plugins() {
  const plugins = useQuery({
    queryKey: ['plugins'],
    queryFn: async () => unwrap(await api.GET('/admin/v1/plugins')) as unknown as Plugin[],
  });
  return (
    <OperationsPage title="Plugins" permission="plugins">
      {plugins.error && <p role="alert" className="alert">{plugins.error.message}</p>}
      <table className="list">
        <caption className="sr-only">Plugins</caption>
        <thead>
          <tr>
            <th scope="col">Plugin</th>
            <th scope="col">State</th>
            <th scope="col">Brings</th>
            <th scope="col">Errors</th>
          </tr>
        </thead>
        <tbody>
          {(plugins.data ?? []).map((p) => (
            <tr key={p.id} data-testid={`plugin-${p.id}`}>
              <td>
                <strong>{p.id}</strong> <span className="muted">{p.version}</span>
                <br />
                {p.description}
                <br />
                <code className="muted">{p.jar}</code>
              </td>
              <td>
                <span className={`badge plugin-${p.state}`}>{p.state}</span>
                {p.failure && <p className="alert">{p.failure}</p>}
              </td>
              <td>
                <dl className="facts">
                  {Object.entries(p.contributes ?? {})
                    .filter(([, items]) => items.length > 0)
                    .map(([what, items]) => (
                      <div key={what} className="fact">
                        <dt>{what}</dt>
                        <dd>{items.join(', ')}</dd>
                      </div>
                    ))}
                </dl>
              </td>
              <td>
                {p.errors}
                {p.lastError && <p className="error-cell">{p.lastError}</p>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </OperationsPage>
  );
}
