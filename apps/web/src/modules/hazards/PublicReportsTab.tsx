import { useState, type HTMLAttributes } from 'react';
import { App, Button, Card, Form, Input, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  hazardGrades,
  hazardKinds,
  publicReportStates,
  sectors,
  type HazardGrade,
  type HazardKind,
  type PublicReport,
  type PublicReportState,
  type Sector,
} from '@lastmile/shared';
import { useMe } from '../../app/session';
import { QueryError } from '../../components/QueryError';
import { FilterSelect } from '../../components/FilterSelect';
import { FormModal } from '../../components/FormModal';
import { RegionCascader } from '../../components/RegionCascader';
import { offsetPagination } from '../../lib/pagination';
import { formatDateTime } from '../../lib/format';
import { apiUrl } from '../../lib/api';
import { reportSaveError } from '../../lib/form-errors';
import { regionLevelRule } from '../../lib/region-level';
import { UnitSelect } from '../units/UnitSelect';
import { usePublicReportForm, usePublicReports, useReviewPublicReport } from './api';
import { enumOptions, publicReportStateColours } from './labels';
import { HazardLink } from './HazardLink';
import { Photos } from './Photos';
import { StandardSelect } from './StandardSelect';

const pageSize = 20;

interface FormValues {
  title?: string;
  kind?: HazardKind;
  sector?: Sector;
  grade?: HazardGrade;
  standardCode?: string;
  regionCode?: string;
  unitId?: string | null;
  reason?: string;
}

/** 核实为隐患 (the report becomes a hazard, and its reward is recorded) or 不予受理 with a reason. */
function ReviewModal(props: {
  report: PublicReport;
  decision: 'verify' | 'reject';
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const review = useReviewPublicReport();
  const grade = Form.useWatch('grade', form);
  const { report, decision } = props;

  const submit = async (values: FormValues) => {
    try {
      await review.mutateAsync({
        id: report.id,
        body:
          decision === 'verify'
            ? {
                decision,
                title: values.title ?? '',
                kind: values.kind ?? 'other',
                sector: values.sector,
                grade: values.grade ?? 'general',
                standardCode: values.grade === 'major' ? (values.standardCode ?? null) : null,
                regionCode: values.regionCode,
                unitId: values.unitId ?? null,
              }
            : { decision, reason: values.reason ?? '' },
      });
      void message.success(t('hazards.publicReports.reviewed'));
      props.onClose();
    } catch (error) {
      reportSaveError(form, error, message);
    }
  };

  const required = { required: true, message: t('common.required') };
  return (
    <FormModal
      open
      title={`${t(`hazards.publicReports.${decision}`)}：${report.receiptCode}`}
      onClose={props.onClose}
      onSubmit={() => form.submit()}
      saving={review.isPending}
      submitTestId="public-report-review-submit"
    >
      <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-wrap' }}>
        {report.description}
      </Typography.Paragraph>
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{ grade: 'general', title: report.description.slice(0, 60) }}
        onFinish={(values) => void submit(values)}
        data-testid="public-report-review-form"
      >
        {decision === 'reject' ? (
          <Form.Item
            name="reason"
            label={t('hazards.publicReports.rejectReason')}
            rules={[required, { max: 500 }]}
          >
            <Input.TextArea rows={3} data-testid="public-report-review-reason" />
          </Form.Item>
        ) : (
          <>
            <Form.Item
              name="title"
              label={t('hazards.titleLabel')}
              rules={[required, { max: 200 }]}
            >
              <Input data-testid="public-report-review-title" />
            </Form.Item>
            <Space size="large" style={{ display: 'flex' }} styles={{ item: { flex: 1 } }}>
              <Form.Item name="kind" label={t('hazards.kind')} rules={[required]}>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  options={enumOptions(hazardKinds, 'hazard.kind', t)}
                  data-testid="public-report-review-kind"
                />
              </Form.Item>
              <Form.Item
                name="sector"
                label={t('hazards.sector')}
                extra={t('hazards.form.sectorHint')}
              >
                <Select
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  options={enumOptions(sectors, 'ledger.sector', t)}
                  data-testid="public-report-review-sector"
                />
              </Form.Item>
            </Space>
            <Form.Item name="grade" label={t('hazards.grade')} rules={[required]}>
              <Radio.Group
                optionType="button"
                options={hazardGrades.map((value) => ({
                  value,
                  label: t(`hazard.grade.${value}`),
                }))}
                data-testid="public-report-review-grade"
              />
            </Form.Item>
            {grade === 'major' && (
              <Form.Item name="standardCode" label={t('hazards.standard')} rules={[required]}>
                <StandardSelect data-testid="public-report-review-standard" />
              </Form.Item>
            )}
            <Form.Item
              name="regionCode"
              label={t('hazards.region')}
              extra={t('hazards.publicReports.regionHint', { region: report.regionName })}
              rules={[regionLevelRule(['township', 'village'], t('common.pickTownshipOrVillage'))]}
            >
              <RegionCascader
                levels={['township', 'village']}
                placeholder={report.regionName}
                data-testid="public-report-review-region"
              />
            </Form.Item>
            <Form.Item name="unitId" label={t('hazards.unit')}>
              <UnitSelect data-testid="public-report-review-unit" />
            </Form.Item>
          </>
        )}
      </Form>
    </FormModal>
  );
}

/** The QR code people scan to report, and the address it opens, for posters and 明白卡. */
function ReportQr() {
  const { t } = useTranslation();
  const me = useMe();
  // The server's address for the page (LASTMILE_PUBLIC_URL when set), as the QR code encodes it.
  const form = usePublicReportForm(me.scopeRegionCode);
  const url =
    form.data?.reportUrl ?? `${window.location.origin}/report?region=${me.scopeRegionCode}`;
  const qr = apiUrl('/public/report-qr.svg', { regionCode: me.scopeRegionCode });
  return (
    <Card
      size="small"
      title={t('hazards.publicReports.qrTitle')}
      style={{ marginBottom: 16 }}
      data-testid="public-report-qr"
    >
      <Space align="start" wrap size="large">
        <img
          src={qr}
          alt={t('hazards.publicReports.qrTitle')}
          width={160}
          height={160}
          style={{ border: '1px solid #f0f0f0' }}
        />
        <Space orientation="vertical">
          <Typography.Text type="secondary">
            {t('hazards.publicReports.qrHint', { region: me.scopeRegionName })}
          </Typography.Text>
          <Typography.Text copyable strong data-testid="public-report-url">
            {url}
          </Typography.Text>
          <Space wrap>
            <Button
              icon={<PrinterOutlined />}
              href={qr}
              target="_blank"
              data-testid="public-report-qr-open"
            >
              {t('hazards.publicReports.qrOpen')}
            </Button>
            <Button href={`/report/draws?region=${me.scopeRegionCode}`} target="_blank">
              {t('hazards.publicReports.drawsPage')}
            </Button>
          </Space>
        </Space>
      </Space>
    </Card>
  );
}

/** 群众举报: what the public reported through the QR code page, to verify or decline. */
export function PublicReportsTab() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<{
    limit: number;
    offset: number;
    state?: PublicReportState;
  }>({
    limit: pageSize,
    offset: 0,
    state: 'received',
  });
  const [reviewing, setReviewing] = useState<{
    report: PublicReport;
    decision: 'verify' | 'reject';
  }>();
  const reports = usePublicReports(filters);

  if (reports.error) {
    return <QueryError error={reports.error} />;
  }
  return (
    <>
      <ReportQr />
      <Space wrap style={{ marginBottom: 16 }}>
        <FilterSelect<PublicReportState>
          value={filters.state}
          width={160}
          onChange={(state) => setFilters((current) => ({ ...current, state, offset: 0 }))}
          allLabel={t('hazards.publicReports.allStates')}
          options={enumOptions(publicReportStates, 'hazard.publicReportState', t)}
          testId="public-report-state-filter"
        />
      </Space>
      <Table<PublicReport>
        data-testid="public-reports-table"
        rowKey="id"
        size="middle"
        loading={reports.isFetching}
        dataSource={reports.data?.items}
        scroll={{ x: 'max-content' }}
        onRow={(row) =>
          ({
            'data-testid': 'public-report-row',
            'data-receipt': row.receiptCode,
          }) as HTMLAttributes<HTMLElement>
        }
        pagination={offsetPagination({
          offset: filters.offset,
          pageSize,
          total: reports.data?.total,
          onOffset: (offset) => setFilters((current) => ({ ...current, offset })),
          t,
        })}
        columns={[
          {
            title: t('hazards.publicReports.receipt'),
            dataIndex: 'receiptCode',
            render: (code: string, row) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text code>{code}</Typography.Text>
                <Typography.Text type="secondary">
                  {formatDateTime(row.submittedAt)}
                </Typography.Text>
              </Space>
            ),
          },
          { title: t('hazards.region'), dataIndex: 'regionName' },
          {
            title: t('hazards.description'),
            dataIndex: 'description',
            render: (description: string) => (
              <Typography.Paragraph
                ellipsis={{ rows: 3, expandable: true }}
                style={{ maxWidth: 320, marginBottom: 0, whiteSpace: 'pre-wrap' }}
              >
                {description}
              </Typography.Paragraph>
            ),
          },
          {
            title: t('hazards.photos.label'),
            dataIndex: 'photoIds',
            render: (ids: string[]) => <Photos ids={ids} size={56} />,
          },
          {
            title: t('hazards.location'),
            key: 'location',
            render: (_, row) => (
              <Space orientation="vertical" size={0} style={{ maxWidth: 220 }}>
                {row.address}
                {row.location && (
                  <Typography.Text type="secondary">
                    {row.location.lon.toFixed(6)}, {row.location.lat.toFixed(6)}
                  </Typography.Text>
                )}
                {!row.address && !row.location && '—'}
              </Space>
            ),
          },
          {
            title: t('hazards.publicReports.phone'),
            dataIndex: 'phone',
            render: (phone: string | null) => (phone ? <a href={`tel:${phone}`}>{phone}</a> : '—'),
          },
          {
            title: t('hazards.state'),
            dataIndex: 'state',
            render: (state: PublicReportState, row) => (
              <Space orientation="vertical" size={2}>
                <Tag color={publicReportStateColours[state]} style={{ marginInlineEnd: 0 }}>
                  {t(`hazard.publicReportState.${state}`)}
                </Tag>
                {row.hazardId && (
                  <HazardLink id={row.hazardId} number={t('hazards.publicReports.openHazard')} />
                )}
                {row.reason && <Typography.Text type="secondary">{row.reason}</Typography.Text>}
                {row.rewardYuan !== null && (
                  <Typography.Text type="secondary">
                    {t('hazards.publicReports.reward', { amount: row.rewardYuan })}
                  </Typography.Text>
                )}
                {row.reviewedBy && (
                  <Typography.Text type="secondary">
                    {row.reviewedBy.name} {formatDateTime(row.reviewedAt)}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, row) =>
              row.state === 'received' && (
                <Space size={0}>
                  <Button
                    type="link"
                    size="small"
                    onClick={() => setReviewing({ report: row, decision: 'verify' })}
                    data-testid="public-report-verify"
                  >
                    {t('hazards.publicReports.verify')}
                  </Button>
                  <Button
                    type="link"
                    size="small"
                    danger
                    onClick={() => setReviewing({ report: row, decision: 'reject' })}
                    data-testid="public-report-reject"
                  >
                    {t('hazards.publicReports.reject')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      {reviewing && <ReviewModal {...reviewing} onClose={() => setReviewing(undefined)} />}
    </>
  );
}
