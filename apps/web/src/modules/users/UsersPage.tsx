import { useState } from 'react';
import { Badge, Button, Card, Input, Select, Space, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { roles, type Role, type User } from '@lastmile/shared';
import { formatDateTime } from '../../lib/format';
import { QueryError } from '../../components/QueryError';
import { useUsers, type UserFilters } from './api';
import { UserFormModal } from './UserFormModal';
import { offsetPagination } from '../../lib/pagination';

const pageSize = 20;

/** Accounts inside the administrator's jurisdiction. */
export function UsersPage() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<UserFilters>({ limit: pageSize, offset: 0 });
  const [modal, setModal] = useState<{ open: boolean; editing?: User }>({ open: false });
  const users = useUsers(filters);

  if (users.error) {
    return <QueryError error={users.error} />;
  }
  return (
    <Card
      title={t('users.title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setModal({ open: true })} data-testid="user-create">
          {t('users.create')}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('users.searchPlaceholder')}
          onSearch={(q) => setFilters((current) => ({ ...current, q: q || undefined, offset: 0 }))}
          style={{ width: 240 }}
          data-testid="user-search"
        />
        <Select<Role | ''>
          value={filters.role ?? ''}
          style={{ width: 200 }}
          onChange={(role) => setFilters((current) => ({ ...current, role: role || undefined, offset: 0 }))}
          options={[{ value: '', label: t('users.allRoles') }, ...roles.map((role) => ({ value: role, label: t(`roles.${role}`) }))]}
        />
      </Space>
      <Table<User>
        data-testid="user-table"
        rowKey="id"
        loading={users.isFetching}
        dataSource={users.data?.items}
        pagination={offsetPagination({
          offset: filters.offset,
          pageSize,
          total: users.data?.total,
          onOffset: (offset) => setFilters((current) => ({ ...current, offset })),
          t,
        })}
        columns={[
          { title: t('users.username'), dataIndex: 'username' },
          { title: t('users.displayName'), dataIndex: 'displayName' },
          { title: t('users.role'), dataIndex: 'role', render: (role: Role) => t(`roles.${role}`) },
          { title: t('users.scope'), dataIndex: 'scopeRegionName' },
          {
            title: t('users.status'),
            dataIndex: 'disabled',
            render: (disabled: boolean) => <Badge status={disabled ? 'default' : 'success'} text={disabled ? t('users.disabled') : t('users.enabled')} />,
          },
          { title: t('users.lastLogin'), dataIndex: 'lastLoginAt', render: (at: string | null) => formatDateTime(at) },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, row) => (
              <Button type="link" size="small" onClick={() => setModal({ open: true, editing: row })}>
                {t('common.edit')}
              </Button>
            ),
          },
        ]}
      />
      <UserFormModal open={modal.open} editing={modal.editing} onClose={() => setModal({ open: false })} />
    </Card>
  );
}
