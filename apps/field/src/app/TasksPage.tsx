import { Button, ProgressBar, Tag } from 'antd-mobile';
import { useLiveQuery } from 'dexie-react-hooks';
import { formatDateTime } from '../lib/format';
import { navigate } from '../lib/router';
import { t } from '../lib/strings';
import { loadTodos } from './todos';
import { HazardTaskCard } from '../modules/hazards/HazardTaskCard';
import { WarningCard } from '../modules/warnings/WarningCard';

/** 任务: warning calls to answer or report on, door-to-door tasks, hazards to rectify or accept. */
export function TasksPage() {
  const todos = useLiveQuery(loadTodos);
  if (!todos) {
    return null;
  }
  const isEmpty =
    todos.calls.length + todos.doorToDoor.length + todos.rectify.length + todos.accept.length === 0;
  return (
    <div className="page" data-testid="field-tasks">
      <h1 className="page-title">{t('tasksTitle')}</h1>
      {isEmpty && <div className="empty">{t('noTasks')}</div>}
      {todos.calls.length > 0 && <h2 className="section-title">{t('warningCalls')}</h2>}
      {todos.calls.map((warning) => (
        <WarningCard key={warning.id} warning={warning} showActions />
      ))}
      {todos.doorToDoor.length > 0 && <h2 className="section-title">{t('doorToDoor')}</h2>}
      {todos.doorToDoor.map((task) => {
        const total = todos.households.get(task.gridId) ?? 0;
        const done = task.visits.length;
        return (
          <div key={task.id} className="card" data-testid="door-task" data-id={task.id}>
            <div className="card-title">{task.warningHeadline ?? t('doorToDoor')}</div>
            <div className="card-meta">
              {formatDateTime(task.createdAt)}
              {(task.pending?.length ?? 0) > 0 && (
                <Tag color="warning" className="ml-8">
                  {t('pendingSync')}
                </Tag>
              )}
            </div>
            <ProgressBar percent={total > 0 ? (done / total) * 100 : 0} />
            <div className="card-meta">{t('doorToDoorProgress', { done, total })}</div>
            <Button
              block
              size="large"
              color="primary"
              className="big-button"
              onClick={() => navigate(`tasks/door/${task.id}`)}
            >
              {t('openTask')}
            </Button>
          </div>
        );
      })}
      {todos.rectify.length > 0 && <h2 className="section-title">{t('rectification')}</h2>}
      {todos.rectify.map((hazard) => (
        <HazardTaskCard key={hazard.id} hazard={hazard} mode="rectify" />
      ))}
      {todos.accept.length > 0 && <h2 className="section-title">{t('acceptance')}</h2>}
      {todos.accept.map((hazard) => (
        <HazardTaskCard key={hazard.id} hazard={hazard} mode="accept" />
      ))}
    </div>
  );
}
