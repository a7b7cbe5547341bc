import { useState } from 'react';
import { ActionSheet, Button, Popup, Selector, Tag, TextArea, Toast } from 'antd-mobile';
import { CheckCircleFill } from 'antd-mobile-icons';
import type { CheckInResult, FieldRiskPoint, PatrolResult } from '@lastmile/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import { formatDateTime, formatTime } from '../../lib/format';
import { locate } from '../../lib/geo';
import { newId } from '../../lib/ids';
import { navigate } from '../../lib/router';
import { names, t } from '../../lib/strings';
import { db, type LocalPatrol } from '../../offline/db';
import { recordCommands } from '../../offline/outbox';
import { myGrids } from '../org/grids';

interface CheckInMark {
  at: string;
  result: CheckInResult;
}

/** The grid's risk points: those in the grid, and those of its village placed in no grid. */
function gridRiskPoints(
  points: FieldRiskPoint[],
  gridId: string,
  regionCode: string,
): FieldRiskPoint[] {
  return points
    .filter(
      (point) =>
        point.active &&
        (point.gridId === gridId || (point.gridId === null && point.regionCode === regionCode)),
    )
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN', { numeric: true }));
}

/** 巡查: start a round in my grid, check in at its risk points, finish it (无异常 is a result). */
export function PatrolPage() {
  const [chosenGrid, setChosenGrid] = useState<string | null>(null);
  const [checking, setChecking] = useState<FieldRiskPoint | 'here' | null>(null);
  const [locating, setLocating] = useState(false);
  const [finishing, setFinishing] = useState(false);
  const [finishResult, setFinishResult] = useState<PatrolResult>('nothingFound');
  const [finishNote, setFinishNote] = useState('');

  const data = useLiveQuery(async () => {
    const grids = myGrids(await db.grids.toArray());
    const grid = grids.find((item) => item.id === chosenGrid) ?? grids[0];
    if (!grid) {
      return {
        grids,
        grid: undefined,
        points: [],
        active: undefined,
        recent: [],
        marks: new Map<string, CheckInMark>(),
      };
    }
    const [points, patrols] = await Promise.all([
      db.riskPoints.toArray(),
      db.patrols.where('gridId').equals(grid.id).toArray(),
    ]);
    patrols.sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? ''));
    const active: LocalPatrol | undefined = patrols.find(
      (patrol) => patrol.startedAt && !patrol.finishedAt,
    );
    // Which risk points this round has checked in at: the phone's own record of its commands.
    const marks = new Map<string, CheckInMark>();
    if (active) {
      const checkIns = await db.outbox
        .filter((entry) => entry.kind === 'patrol.checkIn' && entry.payload.patrolId === active.id)
        .toArray();
      for (const entry of checkIns) {
        if (
          entry.kind === 'patrol.checkIn' &&
          entry.state !== 'conflict' &&
          entry.state !== 'rejected'
        ) {
          marks.set(entry.payload.riskPointId ?? 'here', {
            at: entry.at,
            result: entry.payload.result,
          });
        }
      }
    }
    return {
      grids,
      grid,
      points: gridRiskPoints(points, grid.id, grid.regionCode),
      active,
      recent: patrols.filter((patrol) => patrol.finishedAt).slice(0, 10),
      marks,
    };
  }, [chosenGrid]);

  if (!data) {
    return null;
  }
  const { grid, active } = data;
  if (!grid) {
    return (
      <div className="page" data-testid="field-patrol">
        <h1 className="page-title">{t('patrolTitle')}</h1>
        <div className="empty">{t('needGrid')}</div>
      </div>
    );
  }

  const start = async () => {
    await recordCommands([
      { kind: 'patrol.start', payload: { patrolId: newId(), gridId: grid.id } },
    ]);
    Toast.show({ icon: 'success', content: t('saved') });
  };

  const checkInNormal = async (point: FieldRiskPoint | 'here') => {
    if (!active) {
      return;
    }
    setLocating(true);
    const location = await locate();
    setLocating(false);
    await recordCommands([
      {
        kind: 'patrol.checkIn',
        payload: {
          patrolId: active.id,
          gridId: grid.id,
          riskPointId: point === 'here' ? null : point.id,
          location,
          result: 'normal',
        },
      },
    ]);
    Toast.show({ icon: 'success', content: location ? t('saved') : t('noLocation') });
  };

  const reportFrom = (point: FieldRiskPoint | 'here') => {
    navigate('report', {
      patrolId: active?.id,
      gridId: grid.id,
      riskPointId: point === 'here' ? null : point.id,
    });
  };

  const openFinish = () => {
    setFinishResult(active && active.hazards > 0 ? 'hazardsFound' : 'nothingFound');
    setFinishNote('');
    setFinishing(true);
  };

  const finish = async () => {
    if (!active) {
      return;
    }
    await recordCommands([
      {
        kind: 'patrol.finish',
        payload: {
          patrolId: active.id,
          gridId: grid.id,
          result: finishResult,
          note: finishNote.trim() || null,
        },
      },
    ]);
    setFinishing(false);
    Toast.show({ icon: 'success', content: t('patrolFinished') });
  };

  const pointNames = names();
  return (
    <div className="page" data-testid="field-patrol">
      <h1 className="page-title">{t('patrolTitle')}</h1>
      {data.grids.length > 1 && (
        <Selector
          className="big-selector"
          columns={2}
          value={[grid.id]}
          onChange={(value) => value[0] && setChosenGrid(value[0])}
          options={data.grids.map((item) => ({ label: item.name, value: item.id }))}
        />
      )}
      <div className="card-meta">
        {grid.regionName} · {grid.name}
      </div>
      {!active && (
        <Button
          block
          size="large"
          color="primary"
          className="big-button"
          onClick={() => void start()}
          data-testid="patrol-start"
        >
          {t('startPatrol')}
        </Button>
      )}
      {active && (
        <>
          <div className="card notice" data-testid="patrol-active" data-id={active.id}>
            {t('patrolStarted', { time: formatTime(active.startedAt) })}
            {(active.pending?.length ?? 0) > 0 && (
              <Tag color="warning" className="ml-8">
                {t('pendingSync')}
              </Tag>
            )}
            <div className="card-meta">
              {t('patrolSummary', { checkIns: active.checkIns, hazards: active.hazards })}
            </div>
          </div>
          <h2 className="section-title">{t('riskPoints')}</h2>
          {data.points.length === 0 && <div className="empty">{t('noRiskPoints')}</div>}
          {data.points.map((point) => {
            const mark = data.marks.get(point.id);
            return (
              <div
                key={point.id}
                className="card risk-point"
                data-testid="risk-point"
                data-id={point.id}
                data-checked={String(Boolean(mark))}
              >
                <div className="risk-point-row">
                  <div className="risk-point-text">
                    <div className="card-title">{point.name}</div>
                    <div className="card-meta">
                      {pointNames.riskPointKind[point.kind]} · {pointNames.riskLevel[point.level]}
                      {point.threatenedHouseholds !== null && (
                        <>
                          {' '}
                          ·{' '}
                          {t('threatened', {
                            households: point.threatenedHouseholds,
                            people: point.threatenedPeople ?? 0,
                          })}
                        </>
                      )}
                    </div>
                    {mark && (
                      <div className="checked" data-testid="risk-point-checked">
                        <CheckCircleFill color="#389e0d" />{' '}
                        {t('checkedIn', { time: formatTime(mark.at) })} ·{' '}
                        {mark.result === 'normal' ? t('resultNormal') : t('resultHazard')}
                      </div>
                    )}
                  </div>
                  <Button
                    color="primary"
                    fill={mark ? 'outline' : 'solid'}
                    className="check-in-button"
                    onClick={() => setChecking(point)}
                    data-testid="risk-point-check-in"
                  >
                    {t('checkIn')}
                  </Button>
                </div>
              </div>
            );
          })}
          <Button
            block
            size="large"
            className="big-button"
            onClick={() => setChecking('here')}
            loading={locating}
            data-testid="patrol-check-in-here"
          >
            {t('checkInHere')}
          </Button>
          <Button
            block
            size="large"
            color="warning"
            className="big-button"
            onClick={openFinish}
            data-testid="patrol-finish"
          >
            {t('finishPatrol')}
          </Button>
        </>
      )}
      {locating && <div className="card-meta">{t('locating')}</div>}
      <ActionSheet
        visible={checking !== null}
        onClose={() => setChecking(null)}
        extra={
          checking && checking !== 'here'
            ? t('checkInTitle', { name: checking.name })
            : t('checkInHere')
        }
        cancelText={t('cancel')}
        actions={[
          {
            key: 'normal',
            text: <span data-testid="check-in-normal">{t('resultNormal')}</span>,
            onClick: () => {
              const point = checking;
              setChecking(null);
              if (point) {
                void checkInNormal(point);
              }
            },
          },
          {
            key: 'hazard',
            text: <span data-testid="check-in-hazard">{t('resultHazard')}</span>,
            danger: true,
            onClick: () => {
              const point = checking;
              setChecking(null);
              if (point) {
                reportFrom(point);
              }
            },
          },
        ]}
      />
      <Popup
        visible={finishing}
        onMaskClick={() => setFinishing(false)}
        bodyClassName="sheet"
        destroyOnClose
      >
        <div className="sheet-title">{t('finishTitle')}</div>
        <Selector
          className="big-selector"
          columns={2}
          value={[finishResult]}
          onChange={(value) => value[0] && setFinishResult(value[0])}
          options={[
            {
              label: <span data-testid="finish-nothing-found">{t('nothingFound')}</span>,
              value: 'nothingFound' as const,
            },
            {
              label: <span data-testid="finish-hazards-found">{t('hazardsFound')}</span>,
              value: 'hazardsFound' as const,
            },
          ]}
        />
        <div className="field-label">{t('note')}</div>
        <TextArea
          value={finishNote}
          onChange={setFinishNote}
          placeholder={t('notePlaceholder')}
          rows={2}
          maxLength={1000}
          className="boxed-input"
        />
        <Button
          block
          size="large"
          color="primary"
          className="big-button"
          onClick={() => void finish()}
          data-testid="finish-confirm"
        >
          {t('confirm')}
        </Button>
      </Popup>
      <h2 className="section-title">{t('recentPatrols')}</h2>
      {data.recent.length === 0 && <div className="empty">{t('noPatrols')}</div>}
      {data.recent.map((patrol) => (
        <div key={patrol.id} className="card" data-testid="patrol-row" data-id={patrol.id}>
          <div className="card-title">
            {formatDateTime(patrol.startedAt)} – {formatTime(patrol.finishedAt)}{' '}
            <Tag color={patrol.result === 'hazardsFound' ? 'danger' : 'success'}>
              {patrol.result === 'hazardsFound' ? t('hazardsFound') : t('nothingFound')}
            </Tag>
            {(patrol.pending?.length ?? 0) > 0 && (
              <Tag color="warning" className="ml-8">
                {t('pendingSync')}
              </Tag>
            )}
          </div>
          <div className="card-meta">
            {t('patrolSummary', { checkIns: patrol.checkIns, hazards: patrol.hazards })}
          </div>
        </div>
      ))}
    </div>
  );
}
