/** A job that did its work; `summary` is what Bull Board shows as its return value. */
export interface JobDone {
  status: 'done';
  summary: Record<string, unknown>;
}

/** Expected non-work (the round was already finished, the claim is gone): not an error, no retry. */
export interface JobSkipped {
  status: 'skipped';
  reason: string;
}

/** What a job handler returns. Handlers throw only for failures worth retrying. */
export type JobResult = JobDone | JobSkipped;

export const done = (summary: Record<string, unknown>): JobDone => ({ status: 'done', summary });
export const skipped = (reason: string): JobSkipped => ({ status: 'skipped', reason });
