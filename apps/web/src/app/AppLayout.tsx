import { Outlet, useLocation, useNavigate } from 'react-router';
import { Avatar, Dropdown, Layout, Menu, Space, Tag, Typography, type MenuProps } from 'antd';
import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  BookOutlined,
  CarryOutOutlined,
  ClusterOutlined,
  EnvironmentOutlined,
  FileTextOutlined,
  LogoutOutlined,
  NotificationOutlined,
  PhoneOutlined,
  SafetyOutlined,
  ScheduleOutlined,
  TeamOutlined,
  ToolOutlined,
  TrophyOutlined,
  UserOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { NotificationBell } from '../components/NotificationBell';
import { isAdmin, useMe, useSignOut } from './session';
import { systemModules, workModules, type ModuleEntry } from './modules';

const icons: Record<string, ReactNode> = {
  regions: <ApartmentOutlined />,
  org: <ClusterOutlined />,
  units: <BankOutlined />,
  risks: <EnvironmentOutlined />,
  hazards: <WarningOutlined />,
  warnings: <NotificationOutlined />,
  duty: <PhoneOutlined />,
  incidents: <AlertOutlined />,
  disasters: <SafetyOutlined />,
  resources: <ToolOutlined />,
  plans: <ScheduleOutlined />,
  training: <BookOutlined />,
  governance: <FileTextOutlined />,
  assessment: <TrophyOutlined />,
  users: <TeamOutlined />,
  audit: <AuditOutlined />,
};

export function AppLayout() {
  const me = useMe();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const signOut = useSignOut();

  const toItem = (entry: ModuleEntry) => ({
    key: entry.path ?? entry.key,
    icon: icons[entry.key],
    disabled: !entry.path,
    label: entry.path ? (
      t(`menu.${entry.key}`)
    ) : (
      <Space size={4}>
        {t(`menu.${entry.key}`)}
        <Tag bordered={false} style={{ fontSize: 11, marginInlineEnd: 0 }}>
          {t('common.comingSoon')}
        </Tag>
      </Space>
    ),
  });
  const system = systemModules.filter((entry) => !entry.adminOnly || isAdmin(me));
  const items: MenuProps['items'] = [
    ...workModules.map(toItem),
    ...(system.length > 0 ? [{ type: 'group' as const, key: 'system', label: t('menu.system'), children: system.map(toItem) }] : []),
  ];
  const selected = [...workModules, ...systemModules].find((entry) => entry.path && location.pathname.startsWith(entry.path));

  const userMenu: MenuProps['items'] = [
    { key: 'role', disabled: true, label: t(`roles.${me.role}`) },
    { key: 'scope', disabled: true, label: `${t('user.scope')}：${me.scopeRegionName}` },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: <span data-testid="logout">{t('user.logout')}</span> },
  ];

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, background: '#7f1d1d', paddingInline: 20 }}>
        <CarryOutOutlined style={{ color: '#fff', fontSize: 22 }} />
        <Typography.Text strong style={{ color: '#fff', fontSize: 18 }}>
          {t('app.name')}
        </Typography.Text>
        <Typography.Text style={{ color: '#fecaca' }}>{me.scopeRegionName}</Typography.Text>
        <div style={{ flex: 1 }} />
        <NotificationBell />
        <div style={{ filter: 'invert(1)' }}>
          <LanguageSwitch />
        </div>
        <Dropdown
          trigger={['click']}
          menu={{ items: userMenu, onClick: ({ key }) => key === 'logout' && void signOut() }}
        >
          <Space style={{ color: '#fff', cursor: 'pointer' }} data-testid="user-menu">
            <Avatar size="small" icon={<UserOutlined />} />
            {me.displayName}
          </Space>
        </Dropdown>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={240} theme="light" breakpoint="lg" collapsedWidth={0}>
          <Menu
            mode="inline"
            items={items}
            selectedKeys={selected?.path ? [selected.path] : []}
            onClick={({ key }) => void navigate(key)}
            style={{ height: '100%', borderInlineEnd: 0 }}
          />
        </Layout.Sider>
        <Layout.Content style={{ padding: 24 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
