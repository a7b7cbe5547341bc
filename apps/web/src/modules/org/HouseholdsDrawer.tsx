import { useState } from 'react';
import { Button, Drawer, Input, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { householdEditorRoles, type Grid, type Household } from '@lastmile/shared';
import { useMe } from '../../app/session';
import { QueryError } from '../../components/QueryError';
import { useHouseholds } from './api';
import { HouseholdFormModal } from './HouseholdFormModal';

/**
 * 住户: the households of one grid, the checklist a door-to-door visit (敲门入户) walks, beside
 * the household count the grid was registered with.
 */
export function HouseholdsDrawer(props: { grid: Grid | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const grid = props.grid;
  const households = useHouseholds(grid?.id);

  return (
    <Drawer
      open={Boolean(grid)}
      onClose={props.onClose}
      title={grid && t('org.households.title', { name: grid.name })}
      size={720}
      destroyOnHidden
      loading={Boolean(grid) && households.isPending}
      data-testid="households-drawer"
    >
      {households.error ? (
        <QueryError error={households.error} />
      ) : (
        grid &&
        households.data && (
          // A fresh list (search, dialog) for every grid opened.
          <HouseholdList key={grid.id} grid={grid} households={households.data.items} />
        )
      )}
    </Drawer>
  );
}

const matches = (household: Household, needle: string) =>
  household.label.toLowerCase().includes(needle) ||
  household.headName.toLowerCase().includes(needle);

function HouseholdList(props: { grid: Grid; households: Household[] }) {
  const { t } = useTranslation();
  const me = useMe();
  const canEdit = householdEditorRoles.includes(me.role);
  const [q, setQ] = useState('');
  const [modal, setModal] = useState<{ open: boolean; editing?: Household }>({ open: false });
  const { grid, households } = props;

  const needle = q.trim().toLowerCase();
  const shown = needle ? households.filter((household) => matches(household, needle)) : households;
  const vulnerable = households.filter((household) => household.vulnerable).length;
  const registered = grid.households;

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Space wrap separator={<Typography.Text type="secondary">·</Typography.Text>}>
          <Typography.Text data-testid="household-summary">
            {t('org.households.summary', { count: households.length, vulnerable })}
          </Typography.Text>
          {/* The grid's own count is kept by hand: a gap means the list is not complete yet. */}
          <Typography.Text
            type={registered !== null && registered !== households.length ? 'warning' : 'secondary'}
            data-testid="household-registered"
          >
            {registered === null
              ? t('org.households.registeredUnknown')
              : t('org.households.registered', { count: registered })}
          </Typography.Text>
        </Space>
        <Space wrap>
          <Input.Search
            allowClear
            placeholder={t('org.households.searchPlaceholder')}
            value={q}
            onChange={(event) => setQ(event.target.value)}
            style={{ width: 200 }}
            data-testid="household-search"
          />
          {canEdit && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setModal({ open: true })}
              data-testid="household-create"
            >
              {t('org.households.create')}
            </Button>
          )}
        </Space>
      </Space>
      <Table<Household>
        data-testid="household-table"
        rowKey="id"
        size="small"
        dataSource={shown}
        pagination={{
          pageSize: 50,
          hideOnSinglePage: true,
          showTotal: (count) => t('common.total', { count }),
        }}
        columns={[
          { title: t('org.households.label'), dataIndex: 'label' },
          { title: t('org.households.headName'), dataIndex: 'headName' },
          {
            title: t('org.households.phone'),
            dataIndex: 'phone',
            render: (phone: string | null) => phone ?? '—',
          },
          {
            title: t('org.households.members'),
            dataIndex: 'members',
            align: 'right',
            render: (members: number | null) => members ?? '—',
          },
          {
            title: t('org.households.vulnerable'),
            key: 'vulnerable',
            render: (_, row) =>
              row.vulnerable ? (
                <Tag color="red">{row.note || t('org.households.vulnerable')}</Tag>
              ) : (
                row.note && <Typography.Text type="secondary">{row.note}</Typography.Text>
              ),
          },
          ...(canEdit
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, row: Household) => (
                    <Button
                      type="link"
                      size="small"
                      onClick={() => setModal({ open: true, editing: row })}
                      data-testid="household-edit"
                    >
                      {t('common.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <HouseholdFormModal
        open={modal.open}
        gridId={grid.id}
        editing={modal.editing}
        onClose={() => setModal({ open: false })}
      />
    </Space>
  );
}
