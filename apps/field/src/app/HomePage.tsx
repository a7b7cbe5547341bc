import { DotLoading } from 'antd-mobile';
import { useLiveQuery } from 'dexie-react-hooks';
import { navigate } from '../lib/router';
import { names, t } from '../lib/strings';
import { useStore } from '../lib/store';
import { db } from '../offline/db';
import { sessionStore } from '../offline/session';
import { syncStatus } from '../offline/sync';
import { GridCard } from '../modules/org/GridCard';
import { myGrids } from '../modules/org/grids';
import { WarningCard } from '../modules/warnings/WarningCard';
import { byUrgency, isActiveWarning } from '../modules/warnings/warning-calls';
import { useTodoCount } from './todos';

/** 首页: who and where I am, my grids, warnings in force with the 叫应 button, what waits. */
export function HomePage() {
  const session = useStore(sessionStore);
  const status = useStore(syncStatus);
  const data = useLiveQuery(async () => {
    const [grids, warnings, riskPoints, hasPulled] = await Promise.all([
      db.grids.toArray(),
      db.warnings.toArray(),
      db.riskPoints.toArray(),
      db.meta.get('cursor').then(Boolean),
    ]);
    return {
      grids: myGrids(grids),
      warnings: warnings.filter(isActiveWarning).sort(byUrgency),
      riskPoints,
      hasPulled,
    };
  });
  const todo = useTodoCount();
  if (!data || !session) {
    return null;
  }
  const profile = session.profile;
  return (
    <div className="page" data-testid="field-home">
      <div className="greeting">
        <div className="greeting-name">{profile?.displayName ?? session.me.displayName}</div>
        <div className="greeting-meta">
          {names().role[session.me.role]} · {profile?.regionName ?? session.me.scopeRegionName}
        </div>
      </div>
      {!data.hasPulled && (
        <div className="card notice" data-testid="first-pull">
          {status.online ? (
            <>
              {t('firstPull')} <DotLoading />
            </>
          ) : (
            t('firstPullOffline')
          )}
        </div>
      )}
      {data.grids.length > 0 && <h2 className="section-title">{t('myGrids')}</h2>}
      {data.grids.map((grid) => (
        <GridCard
          key={grid.id}
          grid={grid}
          riskPoints={
            data.riskPoints.filter((point) => point.gridId === grid.id && point.active).length
          }
        />
      ))}
      {todo > 0 && (
        <div className="card todo-card" onClick={() => navigate('tasks')} data-testid="home-todo">
          <strong>{t('todo')}</strong> {t('todoHint', { n: todo })}
        </div>
      )}
      {data.hasPulled && (
        <>
          <h2 className="section-title">{t('activeWarnings')}</h2>
          {data.warnings.length === 0 && <div className="empty">{t('noWarnings')}</div>}
          {data.warnings.map((warning) => (
            <WarningCard key={warning.id} warning={warning} />
          ))}
        </>
      )}
    </div>
  );
}
