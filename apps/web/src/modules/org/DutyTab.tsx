import { useState } from 'react';
import { App, Alert, Button, Card, Col, Descriptions, Row, Space, Table, Tag, Typography } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { dutyEditorRoles, type DutyShift, type RegionLevel, regionLevelOf } from '@lastmile/shared';
import { useMe } from '../../app/session';
import { QueryError } from '../../components/QueryError';
import { formatDateTime } from '../../lib/format';
import { useDutyShifts, useOnDuty, useRegionProfile, useUpdateRegionProfile } from './api';
import { addDays, formatDay, mondayOf, today, weekFrom } from './dates';
import { DutyShiftModal } from './DutyShiftModal';
import { PersonRefs } from '../../components/PersonRefs';
import { RegionFilter } from '../../components/RegionFilter';
import { reportError } from '../../lib/form-errors';

/** A duty roster is kept by a township (or the county), never by a village. */
const rosterLevels: readonly RegionLevel[] = ['county', 'township'];

interface Day {
  date: string;
  shift?: DutyShift;
}

/** 值班: the week's roster of a township, its public duty phone, and who is on duty now. */
export function DutyTab() {
  const { t } = useTranslation();
  const me = useMe();
  const canEdit = dutyEditorRoles.includes(me.role);
  const [picked, setPicked] = useState<string>();
  const todayDate = today();
  const [monday, setMonday] = useState(() => mondayOf(todayDate));
  const [editing, setEditing] = useState<Day>();

  const chosen = picked ?? me.scopeRegionCode;
  const rosterCode = rosterLevels.includes(regionLevelOf(chosen)) ? chosen : undefined;
  const days = weekFrom(monday);
  const shifts = useDutyShifts(rosterCode, days[0]!, days[6]!);
  const rows: Day[] = days.map((date) => ({ date, shift: shifts.data?.items.find((shift) => shift.date === date) }));

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap size="large">
        <RegionFilter value={picked} onChange={setPicked} levels={rosterLevels} data-testid="duty-region" />
        {picked && !rosterCode && <Typography.Text type="warning">{t('org.duty.pickTownship')}</Typography.Text>}
      </Space>
      <Row gutter={16}>
        <Col xs={24} lg={16}>
          {rosterCode ? (
            <Card
              size="small"
              title={
                <Space>
                  <Button size="small" icon={<LeftOutlined />} onClick={() => setMonday(addDays(monday, -7))} aria-label={t('org.duty.previousWeek')} />
                  <Button size="small" onClick={() => setMonday(mondayOf(todayDate))}>
                    {t('org.duty.thisWeek')}
                  </Button>
                  <Button size="small" icon={<RightOutlined />} onClick={() => setMonday(addDays(monday, 7))} aria-label={t('org.duty.nextWeek')} />
                  <span>
                    {formatDay(days[0]!)} – {formatDay(days[6]!)}
                  </span>
                </Space>
              }
              extra={<DutyPhone regionCode={rosterCode} canEdit={canEdit} />}
            >
              {shifts.error ? (
                <QueryError error={shifts.error} />
              ) : (
                <Table<Day>
                  data-testid="duty-week"
                  rowKey="date"
                  size="middle"
                  pagination={false}
                  loading={shifts.isFetching}
                  dataSource={rows}
                  columns={[
                    {
                      title: t('org.duty.date'),
                      dataIndex: 'date',
                      render: (date: string) => (
                        <Space>
                          {formatDay(date)}
                          {date === todayDate && <Tag color="red">{t('org.duty.today')}</Tag>}
                        </Space>
                      ),
                    },
                    {
                      title: t('org.duty.leader'),
                      key: 'leader',
                      render: (_, row) => <PersonRefs people={row.shift?.leader ? [row.shift.leader] : []} />,
                    },
                    { title: t('org.duty.staff'), key: 'staff', render: (_, row) => <PersonRefs people={row.shift?.staff ?? []} /> },
                    { title: t('org.duty.notes'), key: 'notes', render: (_, row) => row.shift?.notes ?? '' },
                    ...(canEdit
                      ? [
                          {
                            title: t('common.actions'),
                            key: 'actions',
                            render: (_: unknown, row: Day) => (
                              <Button type="link" size="small" onClick={() => setEditing(row)} data-testid={`duty-edit-${row.date}`}>
                                {t('common.edit')}
                              </Button>
                            ),
                          },
                        ]
                      : []),
                  ]}
                />
              )}
            </Card>
          ) : (
            <Alert type="info" showIcon title={t('org.duty.keptByTownship')} />
          )}
        </Col>
        <Col xs={24} lg={8}>
          <OnDutyCard regionCode={rosterCode ?? chosen} />
        </Col>
      </Row>
      {rosterCode && (
        <DutyShiftModal regionCode={rosterCode} day={editing?.date} shift={editing?.shift} onClose={() => setEditing(undefined)} />
      )}
    </Space>
  );
}

/** The township's public duty phone (值班电话), editable in place. */
function DutyPhone({ regionCode, canEdit }: { regionCode: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const profile = useRegionProfile(regionCode);
  const update = useUpdateRegionProfile();

  const save = async (value: string) => {
    try {
      await update.mutateAsync({ code: regionCode, body: { dutyPhone: value.trim() || null } });
      void message.success(t('org.duty.phoneSaved'));
    } catch (error) {
      reportError(message, error);
    }
  };

  return (
    <Space size={4}>
      {`${t('org.duty.dutyPhone')}：`}
      <Typography.Text
        strong
        data-testid="duty-phone"
        editable={canEdit && profile.data ? { text: profile.data.dutyPhone ?? '', onChange: (value) => void save(value) } : false}
      >
        {profile.data?.dutyPhone ?? t('org.duty.noPhone')}
      </Typography.Text>
    </Space>
  );
}

/** Who answers now: the shift covering this moment, or the office's fallbacks. */
function OnDutyCard({ regionCode }: { regionCode: string }) {
  const { t } = useTranslation();
  const onDuty = useOnDuty(regionCode);
  const data = onDuty.data;
  return (
    <Card size="small" title={t('org.duty.onDuty')} loading={onDuty.isPending} data-testid="on-duty">
      {onDuty.error && <QueryError error={onDuty.error} />}
      {data && (
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('org.duty.roster')}>{data.regionName}</Descriptions.Item>
          <Descriptions.Item label={t('org.duty.dutyPhone')}>{data.dutyPhone ?? t('org.duty.noPhone')}</Descriptions.Item>
          {data.shift ? (
            <>
              <Descriptions.Item label={t('org.duty.leader')}>
                <PersonRefs people={data.shift.leader ? [data.shift.leader] : []} />
              </Descriptions.Item>
              <Descriptions.Item label={t('org.duty.staff')}>
                <PersonRefs people={data.shift.staff} />
              </Descriptions.Item>
              <Descriptions.Item label={t('org.duty.shiftTime')}>
                {formatDateTime(data.shift.startsAt)} – {formatDateTime(data.shift.endsAt)}
              </Descriptions.Item>
            </>
          ) : (
            <Descriptions.Item label={t('org.duty.noShift')}>
              {data.fallback.length === 0 ? (
                '—'
              ) : (
                <Space orientation="vertical" size={0}>
                  {data.fallback.map((person) => (
                    <span key={`${person.personId}:${person.postKind}`}>
                      {t(`org.postKinds.${person.postKind}`)} {person.name} <Typography.Text type="secondary">{person.mobile}</Typography.Text>
                    </span>
                  ))}
                </Space>
              )}
            </Descriptions.Item>
          )}
        </Descriptions>
      )}
    </Card>
  );
}
