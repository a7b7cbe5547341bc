import type { RecipientState } from '@lastmile/shared';
import type { LocalWarning } from '../../offline/db';

/** Call states in which the worker still has to answer (叫应). */
const unansweredStates = new Set<RecipientState>(['waiting', 'calling', 'escalated']);

/** The warning is in force (not cancelled or expired). */
export function isActiveWarning(warning: LocalWarning): boolean {
  return warning.state === 'active' || warning.state === 'updated';
}

/** The worker is called by this warning and has not answered yet. */
export function awaitsAnswer(warning: LocalWarning): boolean {
  return (
    isActiveWarning(warning) && warning.call !== null && unansweredStates.has(warning.call.state)
  );
}

/** Answered, but what was done (传达方式, 告知户数, 转移人数) is not reported yet. */
export function awaitsActions(warning: LocalWarning): boolean {
  return (
    isActiveWarning(warning) &&
    warning.call?.state === 'answered' &&
    warning.call.actionsReportedAt === null
  );
}

const levelOrder = { red: 0, orange: 1, yellow: 2, blue: 3 } as const;

/** Most severe first, then the newest. */
export function byUrgency(a: LocalWarning, b: LocalWarning): number {
  const level = (warning: LocalWarning) => (warning.level ? levelOrder[warning.level] : 4);
  return level(a) - level(b) || b.sent.localeCompare(a.sent);
}
