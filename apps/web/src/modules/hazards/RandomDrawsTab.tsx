import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { enumOptions } from './labels';
import {
  sectors,
  type DrawRandomInspectionBody,
  type RandomDraw,
  type RandomDrawCheck,
  type Sector,
} from '@lastmile/shared';
import { useMe } from '../../app/session';
import { QueryError } from '../../components/QueryError';
import { FormModal } from '../../components/FormModal';
import { RegionCascader } from '../../components/RegionCascader';
import { RegionFilter } from '../../components/RegionFilter';
import { offsetPagination } from '../../lib/pagination';
import { formatDateTime } from '../../lib/format';
import { reportError, reportSaveError } from '../../lib/form-errors';
import { useLedgerSettings } from '../units/api';
import { categoryOptions } from '../units/labels';
import { checkRandomDraw, useDrawRandomInspection, useRandomDraws } from './api';
import { PeopleSelect } from './PeopleSelect';
import { InspectionFormModal, type DrawnInspection } from './InspectionFormModal';

const pageSize = 10;

interface DrawValues {
  title: string;
  regionCode?: string;
  category?: string | null;
  sector?: Sector | null;
  unitCount: number;
  inspectorPool: string[];
  inspectorCount: number;
  seed?: string;
}

/**
 * 双随机: draws units at random from the pool (region, category, sector) and inspectors from the
 * people given. With a seed the same pool gives the same draw, so anyone can check it.
 */
function DrawFormModal(props: { onClose: () => void; onDrawn: (draw: RandomDraw) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const [form] = Form.useForm<DrawValues>();
  const draw = useDrawRandomInspection();
  const settings = useLedgerSettings();
  const regionCode = Form.useWatch('regionCode', form);

  const submit = async (values: DrawValues) => {
    const body: DrawRandomInspectionBody = {
      title: values.title,
      regionCode: values.regionCode,
      category: values.category ?? null,
      sector: values.sector ?? null,
      unitCount: values.unitCount,
      inspectorPool: values.inspectorPool,
      inspectorCount: values.inspectorCount,
      seed: values.seed?.trim() || undefined,
    };
    try {
      const result = await draw.mutateAsync(body);
      props.onDrawn(result);
      props.onClose();
    } catch (error) {
      reportSaveError(form, error, message);
    }
  };

  const required = { required: true, message: t('common.required') };
  return (
    <FormModal
      open
      title={t('hazards.draws.create')}
      onClose={props.onClose}
      onSubmit={() => form.submit()}
      saving={draw.isPending}
      submitTestId="draw-form-submit"
    >
      <Form<DrawValues>
        form={form}
        layout="vertical"
        initialValues={{ unitCount: 5, inspectorCount: 2, inspectorPool: [] }}
        onFinish={(values) => void submit(values)}
        data-testid="draw-form"
      >
        <Form.Item name="title" label={t('hazards.draws.title')} rules={[required, { max: 200 }]}>
          <Input placeholder={t('hazards.draws.titlePlaceholder')} data-testid="draw-form-title" />
        </Form.Item>
        <Form.Item
          name="regionCode"
          label={t('hazards.region')}
          extra={t('hazards.draws.regionHint', { region: me.scopeRegionName })}
        >
          <RegionCascader levels={['county', 'township']} data-testid="draw-form-region" />
        </Form.Item>
        <Space size="large" style={{ display: 'flex' }} styles={{ item: { flex: 1 } }}>
          <Form.Item name="category" label={t('hazards.draws.category')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('hazards.draws.any')}
              options={categoryOptions(settings.data?.categories)}
              data-testid="draw-form-category"
            />
          </Form.Item>
          <Form.Item name="sector" label={t('hazards.sector')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('hazards.draws.any')}
              options={enumOptions(sectors, 'ledger.sector', t)}
              data-testid="draw-form-sector"
            />
          </Form.Item>
        </Space>
        <Form.Item name="unitCount" label={t('hazards.draws.unitCount')} rules={[required]}>
          <InputNumber min={1} max={500} precision={0} data-testid="draw-form-unit-count" />
        </Form.Item>
        <Form.Item
          name="inspectorPool"
          label={t('hazards.draws.inspectorPool')}
          extra={t('hazards.draws.inspectorPoolHint')}
          rules={[{ required: true, type: 'array', min: 1, message: t('common.required') }]}
        >
          <PeopleSelect
            regionCode={regionCode ?? me.scopeRegionCode}
            data-testid="draw-form-pool"
          />
        </Form.Item>
        <Form.Item
          name="inspectorCount"
          label={t('hazards.draws.inspectorCount')}
          rules={[required]}
        >
          <InputNumber min={1} max={50} precision={0} data-testid="draw-form-inspector-count" />
        </Form.Item>
        <Form.Item
          name="seed"
          label={t('hazards.draws.seed')}
          extra={t('hazards.draws.seedHint')}
          rules={[{ max: 64 }]}
        >
          <Input data-testid="draw-form-seed" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

/** One draw's result: the seed and pool, the units drawn (each to inspect) and the inspectors. */
function DrawResult(props: { draw: RandomDraw; onInspect: (drawn: DrawnInspection) => void }) {
  const { t } = useTranslation();
  const { draw } = props;
  const inspectors = draw.inspectors.map((person) => person.name);
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="draw-result">
      <Descriptions size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('hazards.draws.seed')}>
          <Typography.Text code copyable data-testid="draw-seed">
            {draw.seed}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('hazards.draws.poolSize')}>
          <span data-testid="draw-pool-size">{draw.poolSize}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('hazards.region')}>{draw.regionName}</Descriptions.Item>
        <Descriptions.Item label={t('hazards.draws.filters')}>
          {[draw.filters.category, draw.filters.sector && t(`ledger.sector.${draw.filters.sector}`)]
            .filter(Boolean)
            .join(' · ') || t('hazards.draws.any')}
        </Descriptions.Item>
        <Descriptions.Item label={t('hazards.draws.drawn')}>
          {formatDateTime(draw.drawnAt)} {draw.drawnBy.name}
        </Descriptions.Item>
        <Descriptions.Item label={t('hazards.draws.inspectors')}>
          <span data-testid="draw-inspectors">{inspectors.join('、') || '—'}</span>
        </Descriptions.Item>
      </Descriptions>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={draw.units}
        data-testid="draw-units"
        columns={[
          { title: '#', key: 'index', width: 48, render: (_, __, index) => index + 1 },
          { title: t('hazards.unit'), dataIndex: 'name' },
          {
            title: t('hazards.draws.inspected'),
            dataIndex: 'inspected',
            render: (inspected: boolean, unit) =>
              inspected ? (
                <Tag color="success">{t('hazards.draws.inspected')}</Tag>
              ) : (
                <Button
                  size="small"
                  onClick={() =>
                    props.onInspect({
                      randomDrawId: draw.id,
                      unitId: unit.id,
                      unitName: unit.name,
                      inspectors,
                    })
                  }
                  data-testid="draw-unit-inspect"
                >
                  {t('hazards.draws.inspect')}
                </Button>
              ),
          },
        ]}
      />
    </Space>
  );
}

/** 双随机、一公开: draws, their published results, and a re-run with the same seed to check one. */
export function RandomDrawsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [filters, setFilters] = useState<{ limit: number; offset: number; regionCode?: string }>({
    limit: pageSize,
    offset: 0,
  });
  const [drawing, setDrawing] = useState(false);
  const [latest, setLatest] = useState<RandomDraw>();
  const [check, setCheck] = useState<{ draw: RandomDraw; result: RandomDrawCheck }>();
  const [checking, setChecking] = useState<string>();
  const [inspecting, setInspecting] = useState<DrawnInspection>();
  const draws = useRandomDraws(filters);

  /** Asks the server to re-run the draw from its recorded seed and pools. */
  const recheck = async (draw: RandomDraw) => {
    setChecking(draw.id);
    try {
      setCheck({ draw, result: await checkRandomDraw(draw.id) });
    } catch (error) {
      reportError(message, error);
    } finally {
      setChecking(undefined);
    }
  };

  const onDrawn = (draw: RandomDraw) => {
    setLatest(draw);
    setCheck(undefined);
  };

  const recheckButton = (draw: RandomDraw) => (
    <Button
      size="small"
      icon={<SafetyCertificateOutlined />}
      loading={checking === draw.id}
      onClick={() => void recheck(draw)}
      data-testid="draw-recheck"
    >
      {t('hazards.draws.recheck')}
    </Button>
  );

  if (draws.error) {
    return <QueryError error={draws.error} />;
  }
  return (
    <>
      <Space wrap style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
        <RegionFilter
          value={filters.regionCode}
          onChange={(regionCode) =>
            setFilters((current) => ({ ...current, regionCode, offset: 0 }))
          }
          levels={['county', 'township']}
          data-testid="draw-region"
        />
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setDrawing(true)}
          data-testid="draw-create"
        >
          {t('hazards.draws.create')}
        </Button>
      </Space>
      {check && (
        <Alert
          key={check.draw.id}
          style={{ marginBottom: 16 }}
          showIcon
          closable={{ onClose: () => setCheck(undefined) }}
          type={check.result.matches ? 'success' : 'error'}
          title={check.result.matches ? t('hazards.draws.matches') : t('hazards.draws.differs')}
          description={t('hazards.draws.checkDetail', {
            title: check.draw.title,
            seed: check.result.seed,
            pool: check.draw.poolSize,
          })}
          data-testid="draw-check"
          data-matches={check.result.matches}
        />
      )}
      {latest && (
        <Card
          size="small"
          title={latest.title}
          extra={recheckButton(latest)}
          style={{ marginBottom: 16 }}
          data-testid="draw-latest"
        >
          <DrawResult draw={latest} onInspect={setInspecting} />
        </Card>
      )}
      <Table<RandomDraw>
        data-testid="draws-table"
        rowKey="id"
        size="middle"
        loading={draws.isFetching}
        dataSource={draws.data?.items}
        scroll={{ x: 'max-content' }}
        expandable={{
          expandedRowRender: (row) => <DrawResult draw={row} onInspect={setInspecting} />,
        }}
        pagination={offsetPagination({
          offset: filters.offset,
          pageSize,
          total: draws.data?.total,
          onOffset: (offset) => setFilters((current) => ({ ...current, offset })),
          t,
        })}
        columns={[
          { title: t('hazards.draws.title'), dataIndex: 'title' },
          { title: t('hazards.region'), dataIndex: 'regionName' },
          {
            title: t('hazards.draws.seed'),
            dataIndex: 'seed',
            render: (seed: string) => <Typography.Text code>{seed}</Typography.Text>,
          },
          { title: t('hazards.draws.poolSize'), dataIndex: 'poolSize', align: 'right' },
          {
            title: t('hazards.draws.units'),
            dataIndex: 'units',
            align: 'right',
            render: (units: RandomDraw['units']) =>
              `${units.filter((unit) => unit.inspected).length} / ${units.length}`,
          },
          {
            title: t('hazards.draws.inspectors'),
            dataIndex: 'inspectors',
            render: (people: RandomDraw['inspectors']) =>
              people.map((person) => person.name).join('、'),
          },
          {
            title: t('hazards.draws.drawn'),
            key: 'drawn',
            render: (_, row) => (
              <Space orientation="vertical" size={0}>
                {formatDateTime(row.drawnAt)}
                <Typography.Text type="secondary">{row.drawnBy.name}</Typography.Text>
              </Space>
            ),
          },
          { title: t('common.actions'), key: 'actions', render: (_, row) => recheckButton(row) },
        ]}
      />
      {drawing && <DrawFormModal onClose={() => setDrawing(false)} onDrawn={onDrawn} />}
      <InspectionFormModal
        open={Boolean(inspecting)}
        drawn={inspecting}
        onClose={() => setInspecting(undefined)}
      />
    </>
  );
}
