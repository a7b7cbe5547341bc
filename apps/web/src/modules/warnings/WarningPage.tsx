import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { Button, Card, Space, Tabs, Typography } from 'antd';
import {
  ArrowLeftOutlined,
  CloseCircleOutlined,
  FileTextOutlined,
  SendOutlined,
  ShareAltOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  regionPrefixLength,
  warningCountyRoles,
  warningRelayRoles,
  type Me,
  type Warning,
} from '@lastmile/shared';
import { useMe } from '../../app/session';
import { QueryError } from '../../components/QueryError';
import { useWarning, warningCapUrl } from './api';
import { coverageRoles } from './labels';
import { WarningLevelTag, WarningStateTag } from './WarningTags';
import { WarningContent } from './WarningContent';
import { CoverageBoard } from './CoverageBoard';
import { CallPlanSteps } from './CallPlanSteps';
import { MyCallCard } from './MyCallCard';
import { CancelModal, DispatchModal, RelayModal } from './WarningActionModals';

type Action = 'relay' | 'cancel' | 'dispatch';

/** What the user may do with the warning now; the server checks the same again. */
function allowedActions(warning: Warning, me: Me): Action[] {
  if (warning.state !== 'active') {
    return [];
  }
  const isCounty = warningCountyRoles.includes(me.role);
  const isTownship = warningRelayRoles.includes(me.role);
  const township = me.scopeRegionCode.slice(0, regionPrefixLength.township);
  const isOwnRelay =
    isTownship && warning.origin === 'relayed' && warning.regionCode.startsWith(township);
  const actions: Action[] = [];
  if (isCounty && warning.origin === 'ingested' && !warning.dispatchedAt) {
    actions.push('dispatch');
  }
  if (isTownship && warning.origin !== 'relayed') {
    actions.push('relay');
  }
  if (isCounty || isOwnRelay) {
    actions.push('cancel');
  }
  return actions;
}

const actionIcons = {
  dispatch: <SendOutlined />,
  relay: <ShareAltOutlined />,
  cancel: <CloseCircleOutlined />,
};

/**
 * One warning: the caller's own 叫应 on top (收到, then what they did), the 叫应看板 live, the
 * content as received, and the call plan it is called along. 转发, 解除 and 开始叫应 as the
 * user's role allows.
 */
export function WarningPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { id } = useParams<{ id: string }>();
  const [params, setParams] = useSearchParams();
  const warning = useWarning(id);
  const [action, setAction] = useState<Action>();
  const data = warning.data?.id === id ? warning.data : undefined;

  const seesCoverage = coverageRoles.includes(me.role);
  const tabs = [
    ...(seesCoverage ? [{ key: 'coverage', label: t('warnings.tabs.coverage') }] : []),
    { key: 'content', label: t('warnings.tabs.content') },
    { key: 'plan', label: t('warnings.tabs.plan') },
  ];
  const active = tabs.find((tab) => tab.key === params.get('tab'))?.key ?? tabs[0]!.key;
  const actions = data ? allowedActions(data, me) : [];

  return (
    <Card
      loading={warning.isPending}
      data-testid="warning-page"
      data-id={id}
      title={
        <Space size={8} wrap>
          <Link to="/warnings">
            <ArrowLeftOutlined />
          </Link>
          {data && (
            <>
              <WarningLevelTag level={data.level} />
              <Typography.Text strong data-testid="warning-headline">
                {data.headline ?? data.event}
              </Typography.Text>
              <WarningStateTag state={data.state} />
            </>
          )}
        </Space>
      }
      extra={
        data && (
          <Space wrap data-testid="warning-actions">
            {actions.map((name) => (
              <Button
                key={name}
                type={name === 'cancel' ? 'default' : 'primary'}
                danger={name === 'cancel'}
                icon={actionIcons[name]}
                onClick={() => setAction(name)}
                data-testid={`warning-action-${name}`}
              >
                {t(`warnings.${name}.button`)}
              </Button>
            ))}
            <Button
              icon={<FileTextOutlined />}
              href={warningCapUrl(data.id)}
              data-testid="warning-cap"
            >
              {t('warnings.downloadCap')}
            </Button>
          </Space>
        )
      }
    >
      {warning.error ? (
        <QueryError error={warning.error} />
      ) : (
        data && (
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <MyCallCard warning={data} />
            <Tabs
              activeKey={active}
              onChange={(key) =>
                setParams((current) => {
                  const next = new URLSearchParams(current);
                  next.set('tab', key);
                  return next;
                })
              }
              destroyOnHidden
              items={tabs.map((tab) => ({
                key: tab.key,
                label: <span data-testid={`warning-tab-${tab.key}`}>{tab.label}</span>,
                children:
                  tab.key === 'coverage' ? (
                    <CoverageBoard warningId={data.id} />
                  ) : tab.key === 'content' ? (
                    <WarningContent warning={data} />
                  ) : (
                    <CallPlanSteps steps={data.callPlan} testId="warning-call-plan" />
                  ),
              }))}
            />
          </Space>
        )
      )}
      {data && (
        <>
          <RelayModal
            warning={data}
            open={action === 'relay'}
            onClose={() => setAction(undefined)}
          />
          <CancelModal
            warning={data}
            open={action === 'cancel'}
            onClose={() => setAction(undefined)}
          />
          <DispatchModal
            warning={data}
            open={action === 'dispatch'}
            onClose={() => setAction(undefined)}
          />
        </>
      )}
    </Card>
  );
}
