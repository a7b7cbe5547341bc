import { Button, Dialog, NavBar, Tag, Toast } from 'antd-mobile';
import type { DoorToDoorResult } from '@lastmile/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import { formatTime } from '../../lib/format';
import { navigate } from '../../lib/router';
import { names, t } from '../../lib/strings';
import { db } from '../../offline/db';
import { recordCommands } from '../../offline/outbox';

const results: DoorToDoorResult[] = ['told', 'away', 'moved', 'needsHelp'];

/** 敲门入户: the grid's households as a checklist, priority (重点) households first. */
export function DoorToDoorPage(props: { taskId: string }) {
  const data = useLiveQuery(async () => {
    const task = await db.tasks.get(props.taskId);
    const households = task
      ? await db.households.where('gridId').equals(task.gridId).toArray()
      : [];
    households.sort(
      (a, b) =>
        Number(b.vulnerable) - Number(a.vulnerable) ||
        a.label.localeCompare(b.label, 'zh-CN', { numeric: true }),
    );
    return { task, households };
  }, [props.taskId]);
  if (!data) {
    return null;
  }
  const { task, households } = data;
  if (!task) {
    return (
      <div className="page">
        <NavBar onBack={() => navigate('tasks')}>{t('doorToDoor')}</NavBar>
      </div>
    );
  }
  const visits = new Map(task.visits.map((visit) => [visit.householdId, visit]));
  const resultNames = names().doorToDoorResult;

  const visit = async (householdId: string, result: DoorToDoorResult) => {
    await recordCommands([
      { kind: 'doorToDoor.visit', payload: { taskId: task.id, householdId, result } },
    ]);
  };
  const finish = async () => {
    const missing = households.filter((household) => !visits.has(household.id)).length;
    const ok = await Dialog.confirm({
      content: missing > 0 ? t('finishTaskConfirm', { n: missing }) : `${t('finishTask')}？`,
    });
    if (ok) {
      await recordCommands([{ kind: 'doorToDoor.finish', payload: { taskId: task.id } }]);
      Toast.show({ icon: 'success', content: t('saved') });
      navigate('tasks');
    }
  };

  return (
    <div className="page" data-testid="door-page">
      <NavBar onBack={() => navigate('tasks')}>{t('doorToDoor')}</NavBar>
      <div className="card-meta">{task.warningHeadline}</div>
      <div className="card-meta">
        {t('doorToDoorProgress', { done: visits.size, total: households.length })}
      </div>
      {households.map((household) => {
        const done = visits.get(household.id);
        return (
          <div
            key={household.id}
            className="card household"
            data-testid="household"
            data-id={household.id}
          >
            <div className="card-title">
              {household.label} · {household.headName}
              {household.vulnerable && (
                <Tag color="danger" className="ml-8">
                  {t('vulnerable')}
                </Tag>
              )}
            </div>
            <div className="card-meta">
              {household.members !== null && t('members', { n: household.members })}
              {household.phone && (
                <>
                  {' '}
                  · <a href={`tel:${household.phone}`}>{household.phone}</a>
                </>
              )}
              {household.note && <> · {household.note}</>}
              {done && (
                <span className="ml-8">
                  ✓ {resultNames[done.result]} {formatTime(done.at)}
                </span>
              )}
            </div>
            <div className="result-grid">
              {results.map((result) => (
                <Button
                  key={result}
                  color={
                    done?.result === result
                      ? result === 'needsHelp'
                        ? 'danger'
                        : 'primary'
                      : 'default'
                  }
                  onClick={() => void visit(household.id, result)}
                  data-testid={`visit-${result}`}
                >
                  {resultNames[result]}
                </Button>
              ))}
            </div>
          </div>
        );
      })}
      {task.state === 'open' ? (
        <Button
          block
          size="large"
          color="primary"
          className="big-button"
          onClick={() => void finish()}
          data-testid="door-finish"
        >
          {t('finishTask')}
        </Button>
      ) : (
        <div className="empty">{t('taskDone')}</div>
      )}
    </div>
  );
}
