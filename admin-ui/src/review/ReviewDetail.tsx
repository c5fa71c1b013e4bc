import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiProblem, unwrap } from '../api/client';
import type { AdminDocument, TypeDescriptor } from '../api/missing-paths';
import { documentTitle, humanize } from '../api/queries';
import { reviewApi, type WorkflowStepView } from '../api/review-paths';
import { useSession } from '../session/SessionContext';
import { Forbidden } from '../routes/Forbidden';
import { usePageTitle } from '../routes/usePageTitle';
import { useDescriptor, useQueue, useWorkflows } from './hooks';
import { KeyHelp } from './KeyHelp';
import { takesPart } from './queueSearch';
import { Scoring, SCORE_ROUTE, type ScoringHandle } from './Scoring';
import { ITEM_KEYS, itemCommand, transitionKeys } from './triage';
import './review.css';

const route = getRouteApi('/review/$type/$id');

/** Shown once, in the scoring panel or beside the decision, not in the field list. */
const SCORE_FIELDS = new Set(['innovation_score', 'feasibility_score', 'impact_score', 'team_score', 'total_score']);

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'object') return JSON.stringify(value, null, 2);
  return String(value);
}

/**
 * One item of a queue: its fields, the steps the role may take from its state (each with its key, a note, and the
 * fields a step sets, such as the funding of an approval), its history and, for accelerator applications, scoring.
 */
export function ReviewDetail() {
  const { type, id } = route.useParams();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const session = useSession();
  const queryClient = useQueryClient();
  const workflows = useWorkflows(session.can('workflows'));
  const workflow = workflows.data?.find((w) => w.type === type);
  const descriptor = useDescriptor(type, !!workflow);
  const queue = useQueue(type, search, workflow, descriptor.data);
  const doc = useQuery({
    queryKey: ['content', type, 'one', id],
    queryFn: async () =>
      unwrap(await reviewApi.GET('/admin/v1/content/{type}/{id}', { params: { path: { type, id } } })) as AdminDocument,
  });
  const state = useQuery({
    queryKey: ['workflow-state', type, id],
    queryFn: async () => unwrap(await reviewApi.GET('/admin/v1/workflows/{type}/{id}', { params: { path: { type, id } } })),
  });
  const [note, setNote] = useState('');
  const [extra, setExtra] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [help, setHelp] = useState(false);
  const noteBox = useRef<HTMLTextAreaElement>(null);
  const stepButtons = useRef<Record<string, HTMLButtonElement | null>>({});
  const scoring = useRef<ScoringHandle>(null);
  const title = descriptor.data && doc.data ? documentTitle(descriptor.data, doc.data) : `#${id}`;
  usePageTitle(title);

  const next = useMemo(() => state.data?.next ?? [], [state.data]);
  const keys = useMemo(() => transitionKeys(next.map((s) => s.to)), [next]);
  const mayScore = type === 'accelerator_application' && session.mayCall(SCORE_ROUTE);
  const ids = queue.data?.items.map((d) => String(d.id)) ?? [];
  const at = ids.indexOf(id);

  const move = useMutation({
    mutationFn: async (step: WorkflowStepView) => {
      const data: Record<string, unknown> = {};
      for (const field of step.fields) {
        const raw = extra[field]?.trim();
        if (raw) data[field] = /^\d+$/.test(raw) ? Number(raw) : raw;
      }
      return unwrap(
        await reviewApi.POST('/admin/v1/workflows/{type}/{id}/transitions', {
          params: { path: { type, id } },
          body: { to: step.to, ...(note.trim() ? { note: note.trim() } : {}), ...(step.fields.length ? { data } : {}) },
        }),
      );
    },
    onSuccess: (result) => {
      setMessage(`Moved to ${humanize(result.state).toLowerCase()}.`);
      setNote('');
      setExtra({});
      queryClient.setQueryData(['workflow-state', type, id], result);
      void queryClient.invalidateQueries({ queryKey: ['content', type, 'one', id] });
      void queryClient.invalidateQueries({ queryKey: ['queue', type] });
      void queryClient.invalidateQueries({ queryKey: ['ranking'] });
    },
  });

  useEffect(() => {
    const open = (to: string | undefined) => {
      if (to) void navigate({ to: '/review/$type/$id', params: { type, id: to }, search });
    };
    const onKey = (event: KeyboardEvent) => {
      if (help) return;
      const command = itemCommand(event, keys, mayScore);
      if (!command) return;
      event.preventDefault();
      switch (command.kind) {
        case 'help':
          return setHelp(true);
        case 'back':
          return void navigate({ to: '/review/$type', params: { type }, search });
        case 'next':
          return open(ids[at + 1]);
        case 'previous':
          return open(at > 0 ? ids[at - 1] : undefined);
        case 'note':
          return noteBox.current?.focus();
        case 'transition':
          return stepButtons.current[command.to]?.focus();
        case 'digit':
          return scoring.current?.digit(command.digit);
        case 'criterion':
          return scoring.current?.move(command.by);
        case 'submit-score':
          return scoring.current?.submit();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [help, keys, mayScore, ids, at, navigate, type, search]);

  // a new item starts clean
  useEffect(() => {
    setMessage(null);
    setNote('');
    setExtra({});
    move.reset();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);

  if (!session.can('workflows')) return <Forbidden />;
  const role = session.state.status === 'signed-in' ? session.state.info.role : '';
  if (workflow && !takesPart(workflow, role)) return <Forbidden />;
  const problem = move.error instanceof ApiProblem ? move.error : null;

  return (
    <>
      <div className="page-head">
        <h1>{title}</h1>
        <button type="button" className="secondary" onClick={() => setHelp(true)} aria-keyshortcuts="?">
          Keyboard shortcuts <kbd aria-hidden="true">?</kbd>
        </button>
      </div>
      <p className="muted">
        {at >= 0 ? `Item ${at + 1} of ${ids.length} in this queue page. ` : ''}
        <kbd>j</kbd>/<kbd>k</kbd> next/previous, <kbd>u</kbd> back to the queue.
      </p>
      {(doc.error || state.error) && <p role="alert">{(doc.error ?? state.error)!.message}</p>}
      <div className="review-grid">
        <div>
          <section className="box" aria-labelledby="fields">
            <h2 id="fields">{descriptor.data?.label ?? humanize(type)}</h2>
            {doc.data && descriptor.data && <Fields type={descriptor.data} doc={doc.data} skip={workflow?.field} />}
          </section>
          {mayScore && doc.data && state.data && (
            <Scoring ref={scoring} applicationId={id} open={['submitted', 'reviewing'].includes(state.data.state)} />
          )}
        </div>
        <div>
          <section className="box" aria-labelledby="decide">
            <h2 id="decide">
              State: <span className={`badge state-${state.data?.state}`}>{humanize(state.data?.state ?? '…')}</span>
            </h2>
            {doc.data?.data.total_score != null && <p>Total score: {String(doc.data.data.total_score)} / 100</p>}
            {next.length === 0 && state.data && <p className="muted">No step is open to your role from here.</p>}
            {next.length > 0 && (
              <>
                <div className="field">
                  <label htmlFor="note">
                    Note for the next step (optional) <kbd aria-hidden="true">n</kbd>
                  </label>
                  <textarea id="note" ref={noteBox} rows={3} value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
                </div>
                {[...new Set(next.flatMap((s) => s.fields))].map((field) => (
                  <div className="field" key={field}>
                    <label htmlFor={`step-${field}`}>
                      {humanize(field)}
                      {next.some((s) => s.required.includes(field)) &&
                        ` (needed to ${next.filter((s) => s.required.includes(field)).map((s) => humanize(s.to).toLowerCase()).join(', ')})`}
                    </label>
                    <input
                      id={`step-${field}`}
                      inputMode="numeric"
                      value={extra[field] ?? ''}
                      aria-invalid={problem?.details[`data.${field}`] ? true : undefined}
                      aria-describedby={problem?.details[`data.${field}`] ? `step-${field}-error` : undefined}
                      onChange={(e) => setExtra({ ...extra, [field]: e.target.value })}
                    />
                    {problem?.details[`data.${field}`] && (
                      <span id={`step-${field}-error`} className="field-error">
                        {problem.details[`data.${field}`]}
                      </span>
                    )}
                  </div>
                ))}
                <div className="steps" role="group" aria-label="Steps">
                  {next.map((step) => (
                    <button
                      key={step.to}
                      type="button"
                      className={step.to.startsWith('reject') ? 'danger' : 'primary'}
                      ref={(el) => {
                        stepButtons.current[step.to] = el;
                      }}
                      aria-keyshortcuts={keys[step.to]}
                      disabled={move.isPending}
                      onClick={() => move.mutate(step)}
                    >
                      Move to {humanize(step.to).toLowerCase()} {keys[step.to] && <kbd aria-hidden="true">{keys[step.to]}</kbd>}
                    </button>
                  ))}
                </div>
              </>
            )}
            {move.error && (
              <p role="alert" className="alert">
                {move.error.message}
                {problem &&
                  Object.keys(problem.details).length > 0 &&
                  `: ${Object.entries(problem.details)
                    .map(([k, v]) => `${humanize(k.replace(/^data\./, ''))} ${v}`)
                    .join('; ')}`}
              </p>
            )}
            {message && (
              <p role="status" className="notice">
                {message}
              </p>
            )}
          </section>
          <section className="box" aria-labelledby="history">
            <h2 id="history">History</h2>
            {state.data?.history.length === 0 && <p className="muted">No steps taken yet.</p>}
            <ol className="history">
              {state.data?.history.map((h, i) => (
                <li key={i}>
                  {humanize(h.from)} → <strong>{humanize(h.to)}</strong>{' '}
                  <span className="muted">
                    by {h.actor}, {new Date(h.at).toLocaleString()}
                  </span>
                  {h.note && <blockquote>{h.note}</blockquote>}
                </li>
              ))}
            </ol>
          </section>
        </div>
      </div>
      <KeyHelp keys={ITEM_KEYS} isOpen={help} onOpenChange={setHelp} />
    </>
  );
}

function Fields({ type, doc, skip }: { type: TypeDescriptor; doc: AdminDocument; skip: string | undefined }) {
  return (
    <dl className="fields">
      {type.fields
        .filter((f) => f.name !== skip && !SCORE_FIELDS.has(f.name))
        .map((f) => (
          <div key={f.name} className="pair">
            <dt>{f.label}</dt>
            <dd>{show(doc.data[f.name])}</dd>
          </div>
        ))}
      <dt>Received</dt>
      <dd>{new Date(doc.created_at).toLocaleString()}</dd>
    </dl>
  );
}
