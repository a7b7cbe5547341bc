import type { ReactNode } from 'react';
import { Button, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { CloseOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Grid, Hazard, HazardSource, PersonRef, RiskPoint, Unit } from '@lastmile/shared';
import { HazardFlags, HazardGradeTag, HazardStateTag } from '../../hazards/HazardTags';
import { QueryError } from '../../../components/QueryError';
import { PersonRefs } from '../../../components/PersonRefs';
import { useFeatureDetail, type SelectedFeature } from '../api';
import { RiskLevelTag } from '../RiskLevelTag';
import { AreaActions, type AreaTarget } from './AreaDrawer';

const dash = <Typography.Text type="secondary">—</Typography.Text>;

const place = (record: { townshipName: string; regionName: string; regionCode: string; townshipCode: string }) =>
  record.regionCode === record.townshipCode ? record.townshipName : `${record.townshipName} ${record.regionName}`;

/** A name and a phone to call from the field. */
function Contact({ name, phone }: { name: string | null; phone: string | null }) {
  if (!name && !phone) {
    return dash;
  }
  return (
    <span>
      {name} {phone && <a href={`tel:${phone}`}>{phone}</a>}
    </span>
  );
}

function Items({ items }: { items: [string, ReactNode][] }) {
  return (
    <Descriptions size="small" column={1} styles={{ label: { width: 110 } }}>
      {items.map(([label, value]) => (
        <Descriptions.Item key={label} label={label}>
          {value ?? dash}
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}

function RiskPointDetail({ point }: { point: RiskPoint }) {
  const { t } = useTranslation();
  const person = (ref: PersonRef | null) => (ref ? <Contact name={ref.name} phone={ref.mobile} /> : dash);
  return (
    <Items
      items={[
        [t('risks.points.kind'), t(`ledger.riskPointKind.${point.kind}`)],
        [t('risks.points.level'), <RiskLevelTag key="level" level={point.level} />],
        [t('risks.points.region'), place(point)],
        [t('risks.points.grid'), point.gridName],
        [t('risks.points.threatenedHouseholds'), point.threatenedHouseholds],
        [t('risks.points.threatenedPeople'), point.threatenedPeople],
        [t('risks.points.responsibleTownship'), person(point.responsible.township)],
        [t('risks.points.responsibleVillage'), person(point.responsible.village)],
        [t('risks.points.responsibleGrid'), person(point.responsible.grid)],
        [t('risks.points.controlMeasures'), point.controlMeasures && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{point.controlMeasures}</Typography.Paragraph>],
        [t('risks.points.monitoringMethod'), point.monitoringMethod],
        [
          t('risks.points.nextReviewOn'),
          point.reviewOverdue ? (
            <Space size={4}>
              <Typography.Text type="danger">{point.nextReviewOn}</Typography.Text>
              <Tag color="error">{t('risks.points.overdue')}</Tag>
            </Space>
          ) : (
            point.nextReviewOn
          ),
        ],
        [t('risks.points.status'), t(`ledger.riskPointStatus.${point.status}`)],
      ]}
    />
  );
}

function UnitDetail({ unit }: { unit: Unit }) {
  const { t } = useTranslation();
  return (
    <Items
      items={[
        [t('units.units.category'), unit.categoryName],
        [t('units.units.sector'), t(`ledger.sector.${unit.sector}`)],
        [t('units.units.supervisingDepartment'), unit.supervisingDepartment],
        [t('units.region'), place(unit)],
        [t('units.units.address'), unit.address],
        [t('units.units.creditCode'), unit.creditCode],
        [t('units.units.legalRepresentative'), unit.legalRepresentative],
        [t('units.units.safetyContact'), <Contact key="contact" name={unit.safetyContact} phone={unit.safetyContactPhone} />],
        [t('units.units.hazardSources'), unit.hazardSources],
        [t('units.units.status'), t(`ledger.unitStatus.${unit.status}`)],
      ]}
    />
  );
}

function HazardSourceDetail({ source }: { source: HazardSource }) {
  const { t } = useTranslation();
  return (
    <Items
      items={[
        [t('units.hazardSources.kind'), t(`ledger.hazardSourceKind.${source.kind}`)],
        [
          t('units.hazardSources.major'),
          source.major ? <Tag color="red">{source.majorGrade ? t(`units.hazardSources.grades.${source.majorGrade}`) : t('common.yes')}</Tag> : t('common.no'),
        ],
        [t('units.hazardSources.unit'), source.unitName ?? t('units.hazardSources.standalone')],
        [t('units.region'), place(source)],
        [t('units.hazardSources.substances'), source.substances],
        [t('units.hazardSources.quantity'), source.quantity],
        [t('units.hazardSources.responsiblePerson'), <Contact key="contact" name={source.responsiblePerson} phone={source.responsiblePhone} />],
        [t('units.hazardSources.controlMeasures'), source.controlMeasures],
        [t('units.hazardSources.monitoring'), source.monitoring],
      ]}
    />
  );
}

/** An open hazard on the map: where it stands, who fixes it by when, and a way into its file. */
function HazardDetail({ hazard }: { hazard: Hazard }) {
  const { t } = useTranslation();
  const assignment = hazard.assignment;
  return (
    <>
      <Items
        items={[
          [t('hazards.number'), hazard.number],
          [t('risks.map.hazardState'), <Space key="state" size={4} wrap><HazardStateTag state={hazard.state} /><HazardGradeTag grade={hazard.grade} /><HazardFlags hazard={hazard} /></Space>],
          [t('risks.points.region'), place(hazard)],
          [t('risks.map.hazardKind'), t(`hazard.kind.${hazard.kind}`)],
          [t('risks.map.hazardResponsible'), assignment && <Contact name={assignment.responsibleName} phone={assignment.responsiblePhone} />],
          [t('risks.map.hazardDeadline'), assignment?.deadline],
        ]}
      />
      <Link to={`/hazards?hazard=${hazard.id}`} data-testid="map-hazard-open">
        {t('risks.map.openHazard')}
      </Link>
    </>
  );
}

function GridDetail({ grid }: { grid: Grid }) {
  const { t } = useTranslation();
  return (
    <Items
      items={[
        [t('risks.points.region'), `${grid.townshipName} ${grid.regionName}`],
        [t('org.grids.kind'), t(`org.gridKinds.${grid.kind}`)],
        [t('org.grids.households'), grid.households],
        [t('org.grids.residents'), grid.residents],
        [t('org.postKinds.gridHead'), <PersonRefs key="heads" people={grid.heads} />],
        [t('org.postKinds.gridWorker'), <PersonRefs key="workers" people={grid.workers} />],
      ]}
    />
  );
}

/**
 * The details of a feature clicked on the map, loaded in full: who to call, what to do; for a
 * grid or a risk point, editors may draw or clear its extent (`onDrawArea`).
 */
export function FeatureDetail(props: { selected: SelectedFeature; name: string; onClose: () => void; onDrawArea: (target: AreaTarget) => void }) {
  const { t } = useTranslation();
  const detail = useFeatureDetail(props.selected);
  const areaActions = (layer: AreaTarget['layer'], record: { id: string; name: string }, hasArea: boolean) => {
    const target: AreaTarget = { layer, id: record.id, name: record.name };
    return <AreaActions target={target} hasArea={hasArea} onDraw={() => props.onDrawArea(target)} />;
  };
  const body = () => {
    if (detail.error) {
      return <QueryError error={detail.error} />;
    }
    switch (detail.data?.layer) {
      case undefined:
        return null;
      case 'riskPoints':
        return (
          <>
            <RiskPointDetail point={detail.data.record} />
            {areaActions('riskPoints', detail.data.record, detail.data.record.area !== null)}
          </>
        );
      case 'units':
        return <UnitDetail unit={detail.data.record} />;
      case 'hazardSources':
        return <HazardSourceDetail source={detail.data.record} />;
      case 'hazards':
        return <HazardDetail hazard={detail.data.record} />;
      case 'grids':
        return (
          <>
            <GridDetail grid={detail.data.record} />
            {areaActions('grids', detail.data.record, detail.data.record.boundary !== null)}
          </>
        );
    }
  };
  return (
    <Card
      size="small"
      loading={detail.isPending}
      title={
        <Space orientation="vertical" size={0}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`risks.map.layers.${props.selected.layer}`)}
          </Typography.Text>
          {detail.data?.record.name ?? props.name}
        </Space>
      }
      extra={<Button type="text" size="small" icon={<CloseOutlined />} onClick={props.onClose} aria-label={t('risks.map.close')} data-testid="map-feature-close" />}
      style={{ width: 340, maxHeight: '100%', overflow: 'auto', boxShadow: '0 4px 16px rgba(0,0,0,.18)' }}
      data-testid="map-feature-detail"
    >
      {body()}
    </Card>
  );
}
