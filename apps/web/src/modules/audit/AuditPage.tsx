import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { AuditEntry, AuditVerifyResult } from '@lastmile/shared';
import { api } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { QueryError } from '../../components/QueryError';
import { offsetPagination } from '../../lib/pagination';

const pageSize = 20;

/** The audit log of the jurisdiction, and verification of the hash chain. */
export function AuditPage() {
  const { t } = useTranslation();
  const [offset, setOffset] = useState(0);
  const entries = useQuery({
    queryKey: ['audit', offset],
    queryFn: () => api.get<{ items: AuditEntry[]; total: number }>('/audit', { limit: pageSize, offset }),
    placeholderData: (previous) => previous,
  });
  const verify = useMutation({ mutationFn: () => api.get<AuditVerifyResult>('/audit/verify') });
  const result = verify.data;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title={t('audit.verify')}>
        <Typography.Paragraph type="secondary">{t('audit.verifyHint')}</Typography.Paragraph>
        <Button type="primary" icon={<SafetyCertificateOutlined />} loading={verify.isPending} onClick={() => verify.mutate()} data-testid="audit-verify">
          {t('audit.verify')}
        </Button>
        {verify.error && <Alert style={{ marginTop: 16 }} type="error" showIcon message={verify.error.message} />}
        {result && (
          <Alert
            data-testid="audit-result"
            style={{ marginTop: 16 }}
            showIcon
            type={result.ok ? 'success' : 'error'}
            message={
              result.ok
                ? t('audit.ok', { checked: result.checked })
                : t('audit.broken', { index: result.brokenAt.chainIndex, reason: t(`audit.reasons.${result.brokenAt.reason}`), checked: result.checked })
            }
          />
        )}
      </Card>
      <Card title={t('audit.title')}>
        {entries.error ? (
          <QueryError error={entries.error} />
        ) : (
          <Table<AuditEntry>
            data-testid="audit-table"
            rowKey="id"
            size="middle"
            loading={entries.isFetching}
            dataSource={entries.data?.items}
            pagination={offsetPagination({
              offset: offset,
              pageSize,
              total: entries.data?.total,
              onOffset: setOffset,
              t,
            })}
            columns={[
              { title: t('audit.time'), dataIndex: 'occurredAt', render: (at: string) => formatDateTime(at) },
              { title: t('audit.actor'), dataIndex: 'actorName', render: (name: string | null) => (name === 'system' ? t('audit.system') : name) },
              { title: t('audit.action'), dataIndex: 'action', render: (action: string) => <Typography.Text code>{action}</Typography.Text> },
              { title: t('audit.entity'), key: 'entity', render: (_, row) => `${row.entity} ${row.entityId.slice(0, 8)}` },
              { title: t('audit.region'), dataIndex: 'regionCode' },
              {
                title: t('audit.sealed'),
                dataIndex: 'sealed',
                render: (sealed: boolean) => (sealed ? <Tag color="green">{t('audit.sealed')}</Tag> : <Tag>{t('audit.pending')}</Tag>),
              },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}
