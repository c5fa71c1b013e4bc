/** A search rebuild's state as the server reports it (the state of its job). */
export interface RebuildStatus {
  job: number;
  status: string;
  attempts: number;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

/** The steps a rebuild goes through, for the progress bar: queued, running, then done (or dead: failed for good). */
export const REBUILD_STEPS = ['queued', 'running', 'done'] as const;

/** Where a rebuild is: the step reached (of three), whether it is over, and a sentence for people. */
export function rebuildProgress(status: RebuildStatus | undefined): { step: number; over: boolean; failed: boolean; text: string } {
  if (!status) return { step: 0, over: false, failed: false, text: '' };
  switch (status.status) {
    case 'queued':
      return status.attempts > 0
        ? { step: 1, over: false, failed: false, text: `Waiting to try again (attempt ${status.attempts} failed: ${status.last_error ?? 'unknown error'})` }
        : { step: 1, over: false, failed: false, text: 'Queued: waiting for a worker' };
    case 'running':
      return { step: 2, over: false, failed: false, text: 'Rebuilding: searches keep answering from the old index until it is done' };
    case 'done':
      return { step: 3, over: true, failed: false, text: 'Done: the search index is rebuilt' };
    case 'dead':
      return { step: 3, over: true, failed: true, text: `Failed: ${status.last_error ?? 'unknown error'} (retry it under Jobs)` };
    default:
      return { step: 3, over: true, failed: true, text: `Stopped (${status.status})` };
  }
}
