import { useLiveQuery } from 'dexie-react-hooks';
import { db, type LocalHazard, type LocalTask, type LocalWarning } from '../offline/db';
import { awaitsActions, awaitsAnswer, byUrgency } from '../modules/warnings/warning-calls';

export interface Todos {
  calls: LocalWarning[];
  doorToDoor: LocalTask[];
  rectify: LocalHazard[];
  accept: LocalHazard[];
  households: Map<string, number>;
}

export async function loadTodos(): Promise<Todos> {
  const [warnings, tasks, hazards, households] = await Promise.all([
    db.warnings.toArray(),
    db.tasks.toArray(),
    db.hazards.where('state').anyOf('assigned', 'rectifying', 'submitted').toArray(),
    db.households.toArray(),
  ]);
  const perGrid = new Map<string, number>();
  for (const household of households) {
    perGrid.set(household.gridId, (perGrid.get(household.gridId) ?? 0) + 1);
  }
  return {
    calls: warnings
      .filter((warning) => awaitsAnswer(warning) || awaitsActions(warning))
      .sort(byUrgency),
    doorToDoor: tasks
      .filter((task) => task.state === 'open')
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
    rectify: hazards.filter(
      (hazard) => hazard.myRole === 'responsible' && hazard.state !== 'submitted',
    ),
    accept: hazards.filter(
      (hazard) => hazard.myRole === 'accepter' && hazard.state === 'submitted',
    ),
    households: perGrid,
  };
}

/** How many things wait for the worker (the badge on the 任务 tab). */
export function useTodoCount(): number {
  return (
    useLiveQuery(async () => {
      const todos = await loadTodos();
      return (
        todos.calls.length + todos.doorToDoor.length + todos.rectify.length + todos.accept.length
      );
    }) ?? 0
  );
}
