import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useImperativeHandle, useRef, useState, type Ref } from 'react';
import { ApiProblem, unwrap } from '../api/client';
import type { AdminDocument } from '../api/missing-paths';
import { reviewApi } from '../api/review-paths';
import { useSession } from '../session/SessionContext';
import { applyDigit, moveCriterion, type ScoreEntry } from './triage';

export const SCORE_ROUTE = 'POST /admin/v1/accelerator/applications/{id}/scores';

/** What the item screen's keys do here. */
export interface ScoringHandle {
  digit(d: number): void;
  move(by: 1 | -1): void;
  submit(): void;
}

interface Criterion {
  key: string;
  name: string;
  description: string;
  weight: number;
  max: number;
}

/**
 * Scoring against the published criteria: each reviewer scores an application once (the plugin refuses a second
 * score, and a score on an application of the reviewer's own team). Digits score the current criterion.
 */
export function Scoring({ ref, applicationId, open }: { ref: Ref<ScoringHandle>; applicationId: string; open: boolean }) {
  const session = useSession();
  const queryClient = useQueryClient();
  const me = session.state.status === 'signed-in' ? session.state.info.user.id : -1;
  const criteria = useQuery({
    queryKey: ['criteria'],
    staleTime: 5 * 60_000,
    queryFn: async () => {
      const docs = unwrap(
        await reviewApi.GET('/admin/v1/content/{type}', {
          params: { path: { type: 'accelerator_criterion' }, query: { status: 'published', sort: 'order', pageSize: 20 } },
        }),
      ) as AdminDocument[];
      return docs.map<Criterion>((d) => ({
        key: String(d.data.key),
        name: String(d.data.name ?? d.data.key),
        description: String(d.data.description ?? ''),
        weight: Number(d.data.weight ?? 0),
        max: Number(d.data.max_score ?? 10),
      }));
    },
  });
  const scores = useQuery({
    queryKey: ['scores', applicationId],
    queryFn: async () =>
      unwrap(
        await reviewApi.GET('/admin/v1/accelerator/applications/{id}/scores', { params: { path: { id: applicationId } } }),
      ),
  });
  const list = criteria.data ?? [];
  const [entry, setEntry] = useState<ScoreEntry>({ current: 0, typed: null, scores: [] });
  const [note, setNote] = useState('');
  const form = useRef<HTMLFormElement>(null);
  const values = list.map((_, i) => entry.scores[i] ?? null);
  const mine = scores.data?.find((s) => s.reviewer_id === me);

  const send = useMutation({
    mutationFn: async () => {
      const body: Record<string, number | string> = {};
      list.forEach((c, i) => {
        if (values[i] !== null) body[c.key] = values[i]!;
      });
      if (note.trim()) body.note = note.trim();
      return unwrap(
        await reviewApi.POST('/admin/v1/accelerator/applications/{id}/scores', {
          params: { path: { id: applicationId } },
          body,
        }),
      );
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['scores', applicationId] });
      void queryClient.invalidateQueries({ queryKey: ['content', 'accelerator_application'] });
      void queryClient.invalidateQueries({ queryKey: ['queue', 'accelerator_application'] });
      void queryClient.invalidateQueries({ queryKey: ['ranking'] });
    },
  });
  const active = open && !mine && list.length > 0;

  useImperativeHandle(
    ref,
    () => ({
      digit: (d) => active && setEntry((e) => applyDigit({ ...e, scores: list.map((_, i) => e.scores[i] ?? null) }, d, list.map((c) => c.max))),
      move: (by) => active && setEntry((e) => moveCriterion(e, by, list.length)),
      submit: () => active && form.current?.requestSubmit(),
    }),
    [active, list],
  );

  const problem = send.error instanceof ApiProblem ? send.error : null;
  return (
    <section className="box" aria-labelledby="scoring">
      <h2 id="scoring">Your score</h2>
      {criteria.error && <p role="alert">{criteria.error.message}</p>}
      {scores.data && (
        <p className="muted">
          {scores.data.length} review{scores.data.length === 1 ? '' : 's'} so far.
        </p>
      )}
      {mine && (
        <p role="status">
          You scored this application: {list.map((c) => `${c.name} ${String((mine as unknown as Record<string, unknown>)[c.key])}`).join(', ')}.
        </p>
      )}
      {!open && !mine && <p className="muted">Scores are closed: the application is decided.</p>}
      {active && (
        <form
          ref={form}
          onSubmit={(e) => {
            e.preventDefault();
            send.mutate();
          }}
        >
          <p className="muted">
            Type digits to score the highlighted criterion (<kbd>1</kbd> <kbd>0</kbd> is 10), <kbd>←</kbd>/<kbd>→</kbd> to
            change criterion, <kbd>s</kbd> to submit.
          </p>
          <div className="criteria">
            {list.map((c, i) => (
              <div key={c.key} className={`criterion${i === entry.current ? ' current' : ''}`} data-current={i === entry.current || undefined}>
                <label htmlFor={`score-${c.key}`}>
                  {c.name} <span className="muted">(0–{c.max}, weight {c.weight})</span>
                </label>
                <input
                  id={`score-${c.key}`}
                  inputMode="numeric"
                  value={values[i] ?? ''}
                  aria-invalid={problem?.details[c.key] ? true : undefined}
                  aria-describedby={problem?.details[c.key] ? `score-${c.key}-error` : undefined}
                  onFocus={() => setEntry((e) => ({ ...e, current: i, typed: null }))}
                  onChange={(e) => {
                    const n = e.target.value === '' ? null : Number(e.target.value);
                    setEntry((prev) => ({
                      ...prev,
                      scores: list.map((_, j) => (j === i ? (Number.isInteger(n) ? n : null) : (prev.scores[j] ?? null))),
                    }));
                  }}
                />
                {problem?.details[c.key] && (
                  <span id={`score-${c.key}-error`} className="field-error">
                    {problem.details[c.key]}
                  </span>
                )}
              </div>
            ))}
          </div>
          <div className="field">
            <label htmlFor="score-note">Note for the other reviewers (optional)</label>
            <textarea id="score-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          <button type="submit" className="primary" disabled={send.isPending} aria-keyshortcuts="s">
            Submit score <kbd aria-hidden="true">s</kbd>
          </button>
        </form>
      )}
      {send.error && (
        <p role="alert" className="alert">
          {send.error.message}
        </p>
      )}
      {send.isSuccess && (
        <p role="status" className="notice">
          Score recorded: the total is now {String((send.data as unknown as { application_totals?: { total_score?: number } }).application_totals?.total_score ?? '—')}.
        </p>
      )}
    </section>
  );
}
