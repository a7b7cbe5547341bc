import { useState, type ReactNode } from 'react';
import { Alert, Button, Card, Descriptions, Drawer, Space, Tag, Timeline, Typography } from 'antd';
import { WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  hazardOfficeRoles,
  openHazardStates,
  type Hazard,
  type HazardAction,
  type HazardEvent,
  type Summons,
} from '@lastmile/shared';
import { useMe } from '../../app/session';
import { QueryError } from '../../components/QueryError';
import { formatDateTime } from '../../lib/format';
import { useHazard, useHazardTimeline } from './api';
import { eventLabel, placeOf, summonsStateColours } from './labels';
import { HazardFlags, HazardGradeTag, HazardStateTag } from './HazardTags';
import { HazardLink } from './HazardLink';
import { Photos } from './Photos';
import { HazardActionModal } from './HazardActionModal';
import { SummonModal } from './SummonModal';
import { useStandardName } from './StandardSelect';

const dash = <Typography.Text type="secondary">—</Typography.Text>;

const paragraph = (text: string | null | undefined) =>
  text ? (
    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
      {text}
    </Typography.Paragraph>
  ) : null;

function Items({ items, testId }: { items: [string, ReactNode][]; testId?: string }) {
  return (
    <Descriptions size="small" column={1} styles={{ label: { width: 120 } }} data-testid={testId}>
      {items.map(([label, value]) => (
        <Descriptions.Item key={label} label={label}>
          {value ?? dash}
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}

/** 吹哨报到: which department was called, and what it answered. */
export function SummonsBlock({ summons }: { summons: Summons }) {
  const { t } = useTranslation();
  return (
    <Items
      testId="hazard-summons"
      items={[
        [t('hazards.summons.department'), summons.department],
        [
          t('hazards.summons.state'),
          <Space key="state" size={4}>
            <Tag color={summonsStateColours[summons.state]}>
              {t(`hazard.summonsState.${summons.state}`)}
            </Tag>
            {summons.late && <Tag color="error">{t('hazards.overdue')}</Tag>}
          </Space>,
        ],
        [t('hazards.summons.note'), paragraph(summons.note)],
        [
          t('hazards.summons.summoned'),
          `${formatDateTime(summons.summonedAt)} ${summons.summonedBy.name}`,
        ],
        [t('hazards.summons.respondBy'), formatDateTime(summons.respondBy)],
        [
          t('hazards.summons.response'),
          summons.respondedAt &&
            `${formatDateTime(summons.respondedAt)} ${summons.respondedBy?.name ?? ''}`,
        ],
        [t('hazards.summons.transferredTo'), summons.transferredTo],
        [t('hazards.summons.reason'), paragraph(summons.reason)],
        [
          t('hazards.summons.escalatedAt'),
          summons.escalatedAt && formatDateTime(summons.escalatedAt),
        ],
      ]}
    />
  );
}

function HazardTimeline({ id }: { id: string }) {
  const { t } = useTranslation();
  const timeline = useHazardTimeline(id);
  if (timeline.error) {
    return <Alert type="error" showIcon title={timeline.error.message} />;
  }
  return (
    <Timeline
      data-testid="hazard-timeline"
      items={(timeline.data?.items ?? []).map((event: HazardEvent, index) => ({
        key: index,
        color:
          event.action === 'supervise' || event.action === 'escalateSummons'
            ? 'red'
            : event.toState === 'closed'
              ? 'green'
              : 'blue',
        title: formatDateTime(event.at),
        content: (
          <div data-testid="timeline-item" data-action={event.action}>
            <Space size={4} wrap>
              <Typography.Text strong>{eventLabel(t, event.action)}</Typography.Text>
              <Typography.Text type="secondary">{event.actor.name}</Typography.Text>
              {event.toState && event.toState !== event.fromState && (
                <Typography.Text type="secondary">
                  → {t(`hazard.state.${event.toState}`)}
                </Typography.Text>
              )}
            </Space>
            {paragraph(event.note)}
            {event.photoIds.length > 0 && <Photos ids={event.photoIds} size={56} />}
          </div>
        ),
      }))}
    />
  );
}

function HazardDetail({ hazard }: { hazard: Hazard }) {
  const { t } = useTranslation();
  const standardName = useStandardName();
  const assignment = hazard.assignment;
  const plan = hazard.treatmentPlan;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {hazard.overdue && (
        <Alert
          type="error"
          showIcon
          icon={<WarningOutlined />}
          title={t('hazards.detail.overdueAlert', { deadline: assignment?.deadline ?? '' })}
        />
      )}
      <Items
        testId="hazard-fields"
        items={
          [
            [t('hazards.number'), hazard.number],
            [t('hazards.region'), placeOf(hazard)],
            [t('hazards.grid'), hazard.gridName],
            [t('hazards.unit'), hazard.unitName],
            [t('hazards.riskPoint'), hazard.riskPointName],
            [t('hazards.kind'), t(`hazard.kind.${hazard.kind}`)],
            [t('hazards.sector'), t(`ledger.sector.${hazard.sector}`)],
            [t('hazards.grade'), <HazardGradeTag key="grade" grade={hazard.grade} />],
            [t('hazards.standard'), standardName(hazard.standardCode)],
            [t('hazards.origin'), t(`hazard.origin.${hazard.origin}`)],
            [t('hazards.description'), paragraph(hazard.description)],
            [t('hazards.address'), hazard.address],
            [
              t('hazards.location'),
              hazard.location &&
                `${hazard.location.lon.toFixed(6)}, ${hazard.location.lat.toFixed(6)}`,
            ],
            [t('hazards.finder'), `${hazard.finder.name} ${formatDateTime(hazard.createdAt)}`],
            [t('hazards.stateChangedAt'), formatDateTime(hazard.stateChangedAt)],
            [
              t('hazards.reportedToCountyAt'),
              hazard.reportedToCountyAt && formatDateTime(hazard.reportedToCountyAt),
            ],
            [t('hazards.rejectReason'), hazard.rejectReason && paragraph(hazard.rejectReason)],
            [
              t('hazards.mergedInto'),
              hazard.mergedIntoId && (
                <HazardLink
                  key="merged"
                  id={hazard.mergedIntoId}
                  number={t('hazards.detail.open')}
                />
              ),
            ],
          ].filter(([, value]) => value !== null && value !== undefined && value !== '') as [
            string,
            ReactNode,
          ][]
        }
      />
      <Card size="small" title={t('hazards.photos.before')}>
        <Photos ids={hazard.photoIds} testId="hazard-photos-before" />
      </Card>
      <Card size="small" title={t('hazards.detail.fiveFixes')} data-testid="hazard-assignment">
        {assignment ? (
          <Items
            items={[
              [
                t('hazards.assign.responsible'),
                `${assignment.responsible?.name ?? assignment.responsibleName} ${assignment.responsible?.mobile ?? assignment.responsiblePhone ?? ''}`,
              ],
              [
                t('hazards.assign.deadline'),
                <Typography.Text key="deadline" type={hazard.overdue ? 'danger' : undefined}>
                  {assignment.deadline}
                </Typography.Text>,
              ],
              [t('hazards.assign.measures'), paragraph(assignment.measures)],
              [t('hazards.assign.temporaryMeasures'), paragraph(assignment.temporaryMeasures)],
              [
                t('hazards.assign.funds'),
                assignment.fundsYuan === null
                  ? null
                  : t('hazards.yuan', { amount: assignment.fundsYuan }),
              ],
              [t('hazards.assign.acceptanceStandard'), paragraph(assignment.acceptanceStandard)],
              [
                t('hazards.assign.accepter'),
                `${assignment.accepter.name} ${assignment.accepter.mobile}`,
              ],
              [
                t('hazards.assign.assigned'),
                `${formatDateTime(assignment.assignedAt)} ${assignment.assignedBy.name}`,
              ],
            ]}
          />
        ) : (
          dash
        )}
      </Card>
      {hazard.grade === 'major' && (
        <Card
          size="small"
          title={t('hazards.detail.treatmentPlan')}
          data-testid="hazard-treatment-plan"
        >
          {plan ? (
            <Items
              items={[
                [t('hazards.plan.goal'), paragraph(plan.goal)],
                [t('hazards.plan.measures'), paragraph(plan.measures)],
                [t('hazards.plan.fundsAndMaterials'), paragraph(plan.fundsAndMaterials)],
                [t('hazards.plan.people'), paragraph(plan.people)],
                [t('hazards.plan.timeLimit'), paragraph(plan.timeLimit)],
                [t('hazards.plan.safetyMeasures'), paragraph(plan.safetyMeasures)],
              ]}
            />
          ) : (
            <Typography.Text type="secondary">{t('hazards.detail.noPlan')}</Typography.Text>
          )}
        </Card>
      )}
      {(hazard.rectification ?? hazard.acceptance ?? hazard.closure) && (
        <Card size="small" title={t('hazards.detail.rectification')}>
          <Items
            items={[
              ...(hazard.rectification
                ? ([
                    [
                      t('hazards.detail.rectifiedBy'),
                      `${formatDateTime(hazard.rectification.at)} ${hazard.rectification.by.name}`,
                    ],
                    [t('hazards.detail.rectificationNote'), paragraph(hazard.rectification.note)],
                    [
                      t('hazards.photos.after'),
                      <Photos
                        key="after"
                        ids={hazard.rectification.photoIds}
                        testId="hazard-photos-after"
                      />,
                    ],
                  ] as [string, ReactNode][])
                : []),
              ...(hazard.acceptance
                ? ([
                    [
                      t('hazards.detail.acceptedBy'),
                      `${formatDateTime(hazard.acceptance.at)} ${hazard.acceptance.by.name}`,
                    ],
                    [t('hazards.detail.acceptanceNote'), paragraph(hazard.acceptance.note)],
                  ] as [string, ReactNode][])
                : []),
              ...(hazard.closure
                ? ([
                    [
                      t('hazards.detail.closedBy'),
                      `${formatDateTime(hazard.closure.at)} ${hazard.closure.by.name}`,
                    ],
                    [t('hazards.detail.closureNote'), paragraph(hazard.closure.note)],
                  ] as [string, ReactNode][])
                : []),
            ]}
          />
        </Card>
      )}
      {hazard.summons && (
        <Card size="small" title={t('hazards.summons.title')}>
          <SummonsBlock summons={hazard.summons} />
        </Card>
      )}
      <Card size="small" title={t('hazards.detail.timeline')}>
        <HazardTimeline id={hazard.id} />
      </Card>
    </Space>
  );
}

/** Whether the user may call a department (吹哨) to this hazard now. */
function canSummon(hazard: Hazard, role: ReturnType<typeof useMe>['role']): boolean {
  return (
    hazardOfficeRoles.includes(role) &&
    openHazardStates.includes(hazard.state) &&
    hazard.summons?.state !== 'pending'
  );
}

/**
 * A hazard in full, in a drawer: its fields, 五定, the 治理方案 of a major hazard, photos before
 * and after, the summons and the timeline; the buttons are the actions the server allows.
 */
export function HazardDrawer(props: { id: string | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const hazard = useHazard(props.id);
  const [action, setAction] = useState<HazardAction>();
  const [summoning, setSummoning] = useState(false);
  const data = hazard.data?.id === props.id ? hazard.data : undefined;

  return (
    <Drawer
      open={Boolean(props.id)}
      onClose={props.onClose}
      size={720}
      destroyOnHidden
      loading={hazard.isPending && Boolean(props.id)}
      title={
        data && (
          <Space size={8} wrap>
            <span>{data.number}</span>
            <span>{data.title}</span>
            <HazardStateTag state={data.state} />
            <HazardFlags hazard={data} />
          </Space>
        )
      }
      footer={
        data && (data.allowedActions.length > 0 || canSummon(data, me.role)) ? (
          <Space wrap data-testid="hazard-actions">
            {data.allowedActions.map((allowed) => (
              <Button
                key={allowed}
                type={allowed === 'reject' || allowed === 'failAcceptance' ? 'default' : 'primary'}
                danger={allowed === 'reject' || allowed === 'failAcceptance'}
                onClick={() => setAction(allowed)}
                data-testid={`hazard-action-${allowed}`}
              >
                {t(`hazard.action.${allowed}`)}
              </Button>
            ))}
            {canSummon(data, me.role) && (
              <Button onClick={() => setSummoning(true)} data-testid="hazard-action-summon">
                {t('hazards.summons.summon')}
              </Button>
            )}
          </Space>
        ) : undefined
      }
      data-testid="hazard-drawer"
    >
      {hazard.error ? <QueryError error={hazard.error} /> : data && <HazardDetail hazard={data} />}
      {data && action && (
        <HazardActionModal hazard={data} action={action} onClose={() => setAction(undefined)} />
      )}
      {data && <SummonModal hazard={data} open={summoning} onClose={() => setSummoning(false)} />}
    </Drawer>
  );
}
