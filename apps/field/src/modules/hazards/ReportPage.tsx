import { useEffect, useState } from 'react';
import { Button, Checkbox, Input, Selector, Switch, Tabs, Tag, TextArea, Toast } from 'antd-mobile';
import type {
  CreateHazardBody,
  FieldGrid,
  FieldRiskPoint,
  HazardKind,
  LonLat,
} from '@lastmile/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import { formatDateTime } from '../../lib/format';
import { locate, type GpsFix } from '../../lib/geo';
import { newId } from '../../lib/ids';
import { navigate } from '../../lib/router';
import { names, t } from '../../lib/strings';
import { db } from '../../offline/db';
import { recordCommands, type NewCommand } from '../../offline/outbox';
import { myGrids } from '../org/grids';
import { PhotoPicker, type PickedPhoto } from './PhotoPicker';

/** Most photos one report carries (the server's limit). */
const maxPhotos = 9;

type Place =
  | { source: 'gps'; fix: GpsFix }
  | { source: 'riskPoint'; location: LonLat; name: string }
  | { source: 'grid'; location: LonLat }
  | { source: 'none' };

/** Where the hazard is: the GPS fix, else the risk point's place, else the grid's centre. */
function fallbackPlace(point: FieldRiskPoint | undefined, grid: FieldGrid | undefined): Place {
  if (point) {
    return { source: 'riskPoint', location: point.location, name: point.name };
  }
  if (grid?.centre) {
    return { source: 'grid', location: grid.centre };
  }
  return { source: 'none' };
}

function placeLocation(place: Place): LonLat | null {
  switch (place.source) {
    case 'gps':
      return { lon: place.fix.lon, lat: place.fix.lat };
    case 'riskPoint':
    case 'grid':
      return place.location;
    case 'none':
      return null;
  }
}

interface ReportPageProps {
  /** From a patrol check-in that found the hazard. */
  patrolId: string | null;
  riskPointId: string | null;
  gridId: string | null;
  view: 'new' | 'mine';
}

/** 上报隐患: the form (saved on the phone at once, network or not) and my reports. */
export function ReportPage(props: ReportPageProps) {
  const [view, setView] = useState(props.view);
  // A saved report starts a fresh form (never the same hazard twice by a second tap).
  const [formKey, setFormKey] = useState(0);
  const saved = () => {
    setFormKey((key) => key + 1);
    if (props.patrolId) {
      navigate('patrol');
    } else {
      setView('mine');
    }
  };
  return (
    <div className="page" data-testid="field-report">
      <h1 className="page-title">{t('reportTitle')}</h1>
      <Tabs activeKey={view} onChange={(key) => setView(key === 'mine' ? 'mine' : 'new')}>
        <Tabs.Tab title={<span data-testid="report-tab-new">{t('newReport')}</span>} key="new">
          <ReportForm key={formKey} {...props} onSaved={saved} />
        </Tabs.Tab>
        <Tabs.Tab title={<span data-testid="report-tab-mine">{t('myReports')}</span>} key="mine">
          <MyReports />
        </Tabs.Tab>
      </Tabs>
    </div>
  );
}

function ReportForm(props: ReportPageProps & { onSaved: () => void }) {
  const context = useLiveQuery(async () => {
    const grids = myGrids(await db.grids.toArray());
    const riskPoint = props.riskPointId ? await db.riskPoints.get(props.riskPointId) : undefined;
    const units = (await db.units.toArray()).filter((unit) => unit.operating);
    return { grids, riskPoint, units };
  }, [props.riskPointId]);
  const [gridId, setGridId] = useState<string | null>(props.gridId);
  const [kind, setKind] = useState<HazardKind | null>(null);
  const [unitId, setUnitId] = useState<string | null>(null);
  const [unitQuery, setUnitQuery] = useState('');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [possiblyMajor, setPossiblyMajor] = useState(false);
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [gps, setGps] = useState<GpsFix | null>(null);
  const [locating, setLocating] = useState(true);
  const [address, setAddress] = useState('');
  const [fixed, setFixed] = useState(false);
  const [afterPhotos, setAfterPhotos] = useState<PickedPhoto[]>([]);
  const [fixNote, setFixNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const relocate = async () => {
    setLocating(true);
    setGps(await locate());
    setLocating(false);
  };
  useEffect(() => {
    let cancelled = false;
    void locate().then((fix) => {
      if (!cancelled) {
        setGps(fix);
        setLocating(false);
      }
    });
    return () => {
      cancelled = true;
    };
  }, []);

  if (!context) {
    return null;
  }
  const grid = context.grids.find((item) => item.id === gridId) ?? context.grids[0];
  const riskPoint = context.riskPoint;
  const place: Place = gps ? { source: 'gps', fix: gps } : fallbackPlace(riskPoint, grid);
  // 生产经营单位 of the grid's village, found by a few characters of the name.
  const villageUnits = context.units.filter((unit) => unit.regionCode === grid?.regionCode);
  const unit = villageUnits.find((item) => item.id === unitId);
  const unitMatches = unitQuery.trim()
    ? villageUnits.filter((item) => item.name.includes(unitQuery.trim())).slice(0, 6)
    : [];
  const kindNames = names().hazardKind;

  const save = async () => {
    if (!grid) {
      return setError(t('needGrid'));
    }
    if (!kind) {
      return setError(t('needKind'));
    }
    if (!title.trim()) {
      return setError(t('needTitle'));
    }
    if (fixed && photos.length === 0) {
      return setError(t('needBeforePhoto'));
    }
    if (fixed && afterPhotos.length === 0) {
      return setError(t('needAfterPhoto'));
    }
    if (fixed && !fixNote.trim()) {
      return setError(t('needFixNote'));
    }
    setError(null);
    setSaving(true);
    const hazardId = newId();
    // Only the township grades a major hazard (it names the standard met): the worker flags it,
    // and the server tells the township office at once.
    const text = [possiblyMajor ? t('possiblyMajorNote') : '', description.trim()]
      .filter(Boolean)
      .join('\n');
    const report: CreateHazardBody = {
      regionCode: riskPoint?.regionCode ?? grid.regionCode,
      gridId: grid.id,
      riskPointId: riskPoint?.id ?? null,
      unitId: unit?.id ?? null,
      origin: 'gridPatrol',
      kind,
      grade: 'general',
      title: title.trim(),
      description: text || null,
      location: placeLocation(place),
      address: address.trim() || null,
      photoIds: photos.map((photo) => photo.id),
      ...(fixed
        ? {
            fixedOnSpot: {
              afterPhotoIds: afterPhotos.map((photo) => photo.id),
              note: fixNote.trim(),
            },
          }
        : {}),
    };
    const commands: NewCommand[] = [
      {
        kind: 'hazard.report',
        payload: { hazardId, patrolId: props.patrolId, report, suspectedMajor: possiblyMajor },
        photos: [...photos, ...afterPhotos].map(({ id, blob }) => ({ id, blob })),
      },
    ];
    if (props.patrolId) {
      // The check-in that found it, linked to the hazard.
      commands.push({
        kind: 'patrol.checkIn',
        payload: {
          patrolId: props.patrolId,
          gridId: grid.id,
          riskPointId: riskPoint?.id ?? null,
          location: gps,
          result: 'hazardFound',
          hazardId,
        },
      });
    }
    try {
      await recordCommands(commands);
    } finally {
      setSaving(false);
    }
    Toast.show({ icon: 'success', content: t('saved') });
    props.onSaved();
  };

  return (
    <div className="report-form">
      {riskPoint && (
        <div className="card notice" data-testid="report-from-risk-point">
          {t('fromRiskPoint', { name: riskPoint.name })}
        </div>
      )}
      {context.grids.length > 1 && (
        <>
          <div className="field-label">{t('chooseGrid')}</div>
          <Selector
            className="big-selector"
            columns={2}
            value={grid ? [grid.id] : []}
            onChange={(value) => value[0] && setGridId(value[0])}
            options={context.grids.map((item) => ({ label: item.name, value: item.id }))}
          />
        </>
      )}
      <div className="field-label">{t('hazardKind')}</div>
      <Selector
        className="big-selector"
        columns={3}
        value={kind ? [kind] : []}
        onChange={(value) => setKind(value[0] ?? null)}
        options={(Object.keys(kindNames) as HazardKind[]).map((value) => ({
          label: <span data-testid={`kind-${value}`}>{kindNames[value]}</span>,
          value,
        }))}
        data-testid="report-kind"
      />
      {villageUnits.length > 0 && (
        <>
          <div className="field-label">{t('unit')}</div>
          {unit ? (
            <div className="location-row" data-testid="report-unit" data-id={unit.id}>
              <span>{unit.name}</span>
              <Button size="small" onClick={() => setUnitId(null)}>
                {t('clearUnit')}
              </Button>
            </div>
          ) : (
            <>
              <Input
                value={unitQuery}
                onChange={setUnitQuery}
                maxLength={40}
                placeholder={t('unitPlaceholder')}
                clearable
                className="boxed-input"
                data-testid="report-unit-search"
              />
              {unitMatches.length > 0 && (
                <Selector
                  className="big-selector"
                  columns={1}
                  value={[]}
                  onChange={(value) => value[0] && setUnitId(value[0])}
                  options={unitMatches.map((item) => ({ label: item.name, value: item.id }))}
                />
              )}
            </>
          )}
        </>
      )}
      <div className="field-label">{t('title')}</div>
      <Input
        value={title}
        onChange={setTitle}
        maxLength={200}
        placeholder={t('titlePlaceholder')}
        clearable
        className="boxed-input"
        data-testid="report-title"
      />
      <div className="field-label">{t('description')}</div>
      <TextArea
        value={description}
        onChange={setDescription}
        maxLength={3900}
        rows={3}
        placeholder={t('descriptionPlaceholder')}
        className="boxed-input"
        data-testid="report-description"
      />
      <Checkbox checked={possiblyMajor} onChange={setPossiblyMajor} className="big-check">
        {t('possiblyMajor')}
      </Checkbox>
      <div className="field-label">{t('photos')}</div>
      <PhotoPicker
        value={photos}
        onChange={setPhotos}
        max={maxPhotos - afterPhotos.length}
        testId="report-photos"
      />
      <div className="field-label">{t('location')}</div>
      <div className="location-row" data-testid="report-location" data-source={place.source}>
        <span>
          {locating && !gps
            ? t('locating')
            : place.source === 'gps'
              ? t('gpsFix', {
                  lon: place.fix.lon.toFixed(5),
                  lat: place.fix.lat.toFixed(5),
                  accuracy: place.fix.accuracyM ?? '?',
                })
              : place.source === 'riskPoint'
                ? t('locationFromRiskPoint', { name: place.name })
                : place.source === 'grid'
                  ? t('locationFromGrid')
                  : t('locationNone')}
        </span>
        <Button size="small" onClick={() => void relocate()} loading={locating}>
          {t('useGps')}
        </Button>
      </div>
      <div className="field-label">{t('address')}</div>
      <Input
        value={address}
        onChange={setAddress}
        maxLength={500}
        placeholder={t('addressPlaceholder')}
        clearable
        className="boxed-input"
      />
      <div className="switch-row">
        <span>{t('fixedOnSpot')}</span>
        <Switch checked={fixed} onChange={setFixed} data-testid="report-fixed" />
      </div>
      {fixed && (
        <>
          <div className="field-label">{t('afterPhotos')}</div>
          <PhotoPicker
            value={afterPhotos}
            onChange={setAfterPhotos}
            max={maxPhotos - photos.length}
            testId="report-after-photos"
          />
          <div className="field-label">{t('fixNote')}</div>
          <TextArea
            value={fixNote}
            onChange={setFixNote}
            maxLength={2000}
            rows={2}
            placeholder={t('fixNotePlaceholder')}
            className="boxed-input"
          />
        </>
      )}
      {error && (
        <div className="form-error" data-testid="report-error">
          {error}
        </div>
      )}
      <Button
        block
        size="large"
        color="primary"
        className="big-button"
        loading={saving}
        onClick={() => void save()}
        data-testid="report-save"
      >
        {t('save')}
      </Button>
    </div>
  );
}

/** The hazards I found, newest first; those not on the server yet say 待同步. */
function MyReports() {
  const hazards = useLiveQuery(async () => {
    const all = await db.hazards.toArray();
    return all
      .filter((hazard) => hazard.myRole === 'finder')
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  });
  if (!hazards) {
    return null;
  }
  if (hazards.length === 0) {
    return <div className="empty">{t('noReports')}</div>;
  }
  return (
    <>
      {hazards.map((hazard) => {
        const isPending = (hazard.pending?.length ?? 0) > 0;
        return (
          <div
            key={hazard.id}
            className="card"
            data-testid="my-hazard"
            data-id={hazard.id}
            data-pending={String(isPending)}
          >
            <div className="card-title">{hazard.title}</div>
            <div className="card-meta">
              {hazard.number || t('hazardNumberPending')} · {names().hazardKind[hazard.kind]} ·{' '}
              {formatDateTime(hazard.createdAt)}
            </div>
            <div>
              <Tag color="primary" fill="outline">
                {names().hazardState[hazard.state]}
              </Tag>
              {isPending && (
                <Tag color="warning" className="ml-8" data-testid="my-hazard-pending">
                  {t('pendingSync')}
                </Tag>
              )}
            </div>
          </div>
        );
      })}
    </>
  );
}
