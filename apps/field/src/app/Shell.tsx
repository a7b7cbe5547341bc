import { Badge, TabBar } from 'antd-mobile';
import {
  AddCircleOutline,
  AppOutline,
  EnvironmentOutline,
  UnorderedListOutline,
  UserOutline,
} from 'antd-mobile-icons';
import { navigate, useRoute } from '../lib/router';
import { t } from '../lib/strings';
import { ReportPage } from '../modules/hazards/ReportPage';
import { PatrolPage } from '../modules/patrols/PatrolPage';
import { QueuePage } from '../modules/sync/QueuePage';
import { SyncBar } from '../modules/sync/SyncBar';
import { DoorToDoorPage } from '../modules/warnings/DoorToDoorPage';
import { HomePage } from './HomePage';
import { MePage } from './MePage';
import { TasksPage } from './TasksPage';
import { useTodoCount } from './todos';

const tabs = ['home', 'patrol', 'report', 'tasks', 'me'] as const;
type Tab = (typeof tabs)[number];

function Page() {
  const { path, params } = useRoute();
  const [tab = 'home', sub, id] = path;
  switch (tab as Tab) {
    case 'patrol':
      return <PatrolPage />;
    case 'report':
      return (
        <ReportPage
          key={params.toString()}
          patrolId={params.get('patrolId')}
          riskPointId={params.get('riskPointId')}
          gridId={params.get('gridId')}
          view={params.get('view') === 'mine' ? 'mine' : 'new'}
        />
      );
    case 'tasks':
      return sub === 'door' && id ? <DoorToDoorPage taskId={id} /> : <TasksPage />;
    case 'me':
      return sub === 'queue' ? <QueuePage /> : <MePage />;
    case 'home':
    default:
      return <HomePage />;
  }
}

/** The signed-in app: sync status on top, the page, and the five tabs at the bottom. */
export function Shell(props: { onSignInAgain: () => void }) {
  const { path } = useRoute();
  const active = tabs.includes(path[0] as Tab) ? (path[0] as Tab) : 'home';
  const todo = useTodoCount();
  const icon = (tab: Tab) => {
    switch (tab) {
      case 'home':
        return <AppOutline />;
      case 'patrol':
        return <EnvironmentOutline />;
      case 'report':
        return <AddCircleOutline />;
      case 'tasks':
        return (
          <Badge content={todo > 0 ? todo : null}>
            <UnorderedListOutline />
          </Badge>
        );
      case 'me':
        return <UserOutline />;
    }
  };
  const titles: Record<Tab, string> = {
    home: t('tabHome'),
    patrol: t('tabPatrol'),
    report: t('tabReport'),
    tasks: t('tabTasks'),
    me: t('tabMe'),
  };
  return (
    <div className="shell">
      <SyncBar onSignInAgain={props.onSignInAgain} />
      <main className="content">
        <Page />
      </main>
      <nav className="tab-bar">
        <TabBar activeKey={active} onChange={(key) => navigate(key)} safeArea>
          {tabs.map((tab) => (
            <TabBar.Item
              key={tab}
              icon={icon(tab)}
              title={<span data-testid={`tab-${tab}`}>{titles[tab]}</span>}
            />
          ))}
        </TabBar>
      </nav>
    </div>
  );
}
