import { useState } from 'react';
import { Button, Input, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { expertAvailabilities, expertEditorRoles, type Expert, type ExpertAvailability } from '@lastmile/shared';
import { useMe } from '../../app/session';
import { QueryError } from '../../components/QueryError';
import { useExperts, type ExpertFilters } from './api';
import { ExpertFormModal } from './ExpertFormModal';
import { offsetPagination } from '../../lib/pagination';
import { Phones } from '../../components/PersonRefs';

const pageSize = 20;

const availabilityColors: Record<ExpertAvailability, string> = {
  available: 'success',
  busy: 'warning',
  unavailable: 'default',
};

/** 专家库: the county's expert pool, kept by the county bureau. */
export function ExpertsTab() {
  const { t } = useTranslation();
  const me = useMe();
  const canEdit = expertEditorRoles.includes(me.role);
  const [filters, setFilters] = useState<ExpertFilters>({ limit: pageSize, offset: 0 });
  const [modal, setModal] = useState<{ open: boolean; editing?: Expert }>({ open: false });
  const experts = useExperts(filters);

  if (experts.error) {
    return <QueryError error={experts.error} />;
  }
  return (
    <>
      <Space wrap style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <Input.Search
            allowClear
            placeholder={t('org.experts.searchPlaceholder')}
            onSearch={(q) => setFilters((current) => ({ ...current, q: q || undefined, offset: 0 }))}
            style={{ width: 220 }}
            data-testid="expert-search"
          />
          <Input.Search
            allowClear
            placeholder={t('org.experts.sector')}
            onSearch={(sector) => setFilters((current) => ({ ...current, sector: sector || undefined, offset: 0 }))}
            style={{ width: 180 }}
          />
          <Select<ExpertAvailability | ''>
            value={filters.availability ?? ''}
            style={{ width: 140 }}
            onChange={(availability) => setFilters((current) => ({ ...current, availability: availability || undefined, offset: 0 }))}
            options={[
              { value: '', label: t('org.experts.allAvailabilities') },
              ...expertAvailabilities.map((value) => ({ value, label: t(`org.availabilities.${value}`) })),
            ]}
          />
        </Space>
        {canEdit && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setModal({ open: true })} data-testid="expert-create">
            {t('org.experts.create')}
          </Button>
        )}
      </Space>
      <Table<Expert>
        data-testid="expert-table"
        rowKey="id"
        size="middle"
        loading={experts.isFetching}
        dataSource={experts.data?.items}
        pagination={offsetPagination({
          offset: filters.offset,
          pageSize,
          total: experts.data?.total,
          onOffset: (offset) => setFilters((current) => ({ ...current, offset })),
          t,
        })}
        columns={[
          { title: t('org.experts.name'), dataIndex: 'name' },
          { title: t('org.experts.specialty'), dataIndex: 'specialty' },
          { title: t('org.experts.sector'), dataIndex: 'sector' },
          { title: t('org.experts.organisation'), dataIndex: 'organisation', render: (value: string | null) => value ?? '—' },
          {
            title: t('org.experts.phone'),
            dataIndex: 'mobile',
            render: (mobile: string, row) => <Phones mobile={mobile} landline={row.landline} />,
          },
          {
            title: t('org.experts.availability'),
            dataIndex: 'availability',
            render: (value: ExpertAvailability) => <Tag color={availabilityColors[value]}>{t(`org.availabilities.${value}`)}</Tag>,
          },
          { title: t('org.experts.notes'), dataIndex: 'notes', render: (value: string | null) => value ?? '' },
          ...(canEdit
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, row: Expert) => (
                    <Button type="link" size="small" onClick={() => setModal({ open: true, editing: row })}>
                      {t('common.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <ExpertFormModal open={modal.open} editing={modal.editing} onClose={() => setModal({ open: false })} />
    </>
  );
}
