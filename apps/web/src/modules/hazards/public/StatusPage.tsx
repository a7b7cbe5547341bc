import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert, Button, Card, Descriptions, Input, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format';
import { usePublicReportStatus } from '../api';
import { publicReportStateColours } from '../labels';

/** Receipt codes are 8 letters or digits, written XXXX-XXXX. */
const receiptPattern = /^[A-Z0-9]{4}-?[A-Z0-9]{4}$/;

const normalise = (code: string) => code.trim().toUpperCase();

/** 举报进度: what became of a report, by its receipt code (and nothing about anyone else's). */
export function StatusPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const code = params.get('code') ? normalise(params.get('code')!) : undefined;
  const valid = code !== undefined && receiptPattern.test(code);
  const [typed, setTyped] = useState(code ?? '');
  const status = usePublicReportStatus(valid ? code : undefined);
  const data = status.data;

  const search = () => setParams(typed.trim() ? { code: normalise(typed) } : {});

  return (
    <Card styles={{ body: { padding: 16 } }}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('publicReport.statusTitle')}
      </Typography.Title>
      <Space.Compact style={{ width: '100%', marginBottom: 16 }}>
        <Input
          size="large"
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
          onPressEnter={search}
          placeholder="XXXX-XXXX"
          autoCapitalize="characters"
          maxLength={9}
          data-testid="public-status-code"
        />
        <Button size="large" type="primary" onClick={search} data-testid="public-status-submit">
          {t('publicReport.lookUp')}
        </Button>
      </Space.Compact>
      {code && !valid && (
        <Alert
          type="warning"
          showIcon
          title={t('publicReport.codeInvalid')}
          data-testid="public-status-invalid"
        />
      )}
      {status.error && (
        <Alert
          type="error"
          showIcon
          title={status.error.message}
          data-testid="public-status-error"
        />
      )}
      {valid && status.isPending && <Card loading variant="borderless" />}
      {data && (
        <Descriptions column={1} size="small" bordered data-testid="public-status">
          <Descriptions.Item label={t('publicReport.receiptCode')}>
            {data.receiptCode}
          </Descriptions.Item>
          <Descriptions.Item label={t('publicReport.state')}>
            <Tag
              color={publicReportStateColours[data.state]}
              data-testid="public-status-state"
              data-state={data.state}
            >
              {t(`hazard.publicReportState.${data.state}`)}
            </Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('publicReport.submittedLabel')}>
            {formatDateTime(data.submittedAt)}
          </Descriptions.Item>
          {data.reviewedAt && (
            <Descriptions.Item label={t('publicReport.reviewedAt')}>
              {formatDateTime(data.reviewedAt)}
            </Descriptions.Item>
          )}
          {data.reason && (
            <Descriptions.Item label={t('publicReport.reason')}>
              <span data-testid="public-status-reason">{data.reason}</span>
            </Descriptions.Item>
          )}
          {data.hazardNumber && (
            <Descriptions.Item label={t('publicReport.hazardNumber')}>
              <Space size={4} wrap>
                <span data-testid="public-status-hazard">{data.hazardNumber}</span>
                <Tag color={data.hazardClosed ? 'success' : 'processing'}>
                  {data.hazardClosed
                    ? t('publicReport.hazardClosed')
                    : t('publicReport.hazardOpen')}
                </Tag>
              </Space>
            </Descriptions.Item>
          )}
          {data.rewardYuan !== null && (
            <Descriptions.Item label={t('publicReport.reward')}>
              <span data-testid="public-status-reward">
                {t('publicReport.rewardValue', { amount: data.rewardYuan })}
              </span>
            </Descriptions.Item>
          )}
        </Descriptions>
      )}
      {data?.rewardYuan !== null && data?.rewardYuan !== undefined && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          {t('publicReport.rewardHint')}
        </Typography.Paragraph>
      )}
    </Card>
  );
}
