import {
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Typography,
} from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  defaultChecklist,
  defaultHazardSettings,
  supervisionRungs,
  type HazardSettings,
  type HazardStandard,
} from '@lastmile/shared';
import { useMe } from '../../app/session';
import { QueryError } from '../../components/QueryError';
import { reportSaveError } from '../../lib/form-errors';
import { useLedgerSettings } from '../units/api';
import { categoryOptions } from '../units/labels';
import type { HazardSettingsResponse } from '@lastmile/shared';
import { useHazardSettings, useSaveHazardSettings } from './api';

/** The checklists as the form edits them: one item per line. */
interface ChecklistRow {
  category?: string;
  items: string;
}

type FormValues = Omit<HazardSettings, 'checklists'> & { checklists: ChecklistRow[] };

const toForm = (settings: HazardSettings): FormValues => ({
  ...settings,
  checklists: Object.entries(settings.checklists).map(([category, items]) => ({
    category,
    items: items.join('\n'),
  })),
});

const linesOf = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

const fromForm = (values: FormValues): HazardSettings => ({
  ...values,
  standards: values.standards.map((standard: HazardStandard) => ({
    code: standard.code.trim(),
    name: standard.name.trim(),
  })),
  checklists: Object.fromEntries(
    values.checklists.map((row) => [row.category ?? '', linesOf(row.items)]),
  ),
});

/** 隐患设置: the county's deadlines, supervision ladder, summons time, rewards, standards, checklists. */
export function SettingsTab() {
  const settings = useHazardSettings();
  if (settings.error) {
    return <QueryError error={settings.error} />;
  }
  if (!settings.data) {
    return <Card loading variant="borderless" />;
  }
  // A fresh editor whenever the stored settings change, so it always starts from what is saved.
  return <SettingsEditor key={JSON.stringify(settings.data)} response={settings.data} />;
}

function SettingsEditor({ response }: { response: HazardSettingsResponse }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const [form] = Form.useForm<FormValues>();
  const save = useSaveHazardSettings();
  const ledger = useLedgerSettings();
  const editable = response.editable;
  // Checklists may name categories the ledger no longer has; they still show by code.
  const known = categoryOptions(ledger.data?.categories);
  const categories = [
    ...known,
    ...Object.keys(response.settings.checklists)
      .filter((code) => !known.some((option) => option.value === code))
      .map((code) => ({ value: code, label: code })),
  ];

  const submit = async (values: FormValues) => {
    try {
      // The county keeps every field it sees, so what it saved is what applies.
      await save.mutateAsync({ regionCode: response.regionCode, override: fromForm(values) });
      void message.success(t('hazards.settings.saved'));
    } catch (error) {
      reportSaveError(form, error, message);
    }
  };

  const required = { required: true, message: t('common.required') };
  const number = (
    name: (string | number)[],
    label: string,
    suffix: string,
    max: number,
    min = 0,
  ) => (
    <Form.Item name={name} label={label} rules={[required]}>
      <InputNumber
        min={min}
        max={max}
        precision={0}
        suffix={suffix}
        style={{ width: 180 }}
        data-testid={`hazard-settings-${name.join('-')}`}
      />
    </Form.Item>
  );
  const ladderRule = {
    validator: async () => {
      const ladder = form.getFieldValue('supervisionHours') as HazardSettings['supervisionHours'];
      if (ladder.responsible > ladder.townshipLeader || ladder.townshipLeader > ladder.county) {
        throw new Error(t('hazards.settings.ladderOrder'));
      }
    },
  };
  return (
    <Form<FormValues>
      form={form}
      layout="vertical"
      disabled={!editable}
      initialValues={toForm(response.settings)}
      onFinish={(values) => void submit(values)}
      data-testid="hazard-settings-form"
    >
      <Space wrap style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }}>
        <Typography.Text type="secondary">
          {editable
            ? t('hazards.settings.hintEdit', { region: me.scopeRegionName })
            : t('hazards.settings.hintView')}
        </Typography.Text>
        {editable && (
          <Space>
            <Button
              onClick={() => form.setFieldsValue(toForm(defaultHazardSettings))}
              data-testid="hazard-settings-reset"
            >
              {t('hazards.settings.reset')}
            </Button>
            <Button
              type="primary"
              htmlType="submit"
              loading={save.isPending}
              data-testid="hazard-settings-save"
            >
              {t('common.save')}
            </Button>
          </Space>
        )}
      </Space>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('hazards.settings.deadlines')} style={{ marginBottom: 16 }}>
            <Space wrap size="large">
              {number(
                ['deadlineDays', 'general'],
                t('hazard.grade.general'),
                t('hazards.settings.days'),
                3650,
                1,
              )}
              {number(
                ['deadlineDays', 'major'],
                t('hazard.grade.major'),
                t('hazards.settings.days'),
                3650,
                1,
              )}
            </Space>
          </Card>
          <Card size="small" title={t('hazards.settings.ladder')} style={{ marginBottom: 16 }}>
            <Typography.Paragraph type="secondary">
              {t('hazards.settings.ladderHint')}
            </Typography.Paragraph>
            <Space wrap size="large">
              {supervisionRungs.map((rung) => (
                <Form.Item
                  key={rung}
                  name={['supervisionHours', rung]}
                  label={t(`hazards.settings.rungs.${rung}`)}
                  dependencies={supervisionRungs
                    .filter((other) => other !== rung)
                    .map((other) => ['supervisionHours', other])}
                  rules={[required, ladderRule]}
                >
                  <InputNumber
                    min={0}
                    max={24 * 365}
                    precision={0}
                    suffix={t('hazards.settings.hours')}
                    style={{ width: 160 }}
                    data-testid={`hazard-settings-supervision-${rung}`}
                  />
                </Form.Item>
              ))}
            </Space>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card
            size="small"
            title={t('hazards.settings.summonsAndReports')}
            style={{ marginBottom: 16 }}
          >
            <Space wrap size="large">
              {number(
                ['summonsResponseHours'],
                t('hazards.settings.summonsResponseHours'),
                t('hazards.settings.hours'),
                24 * 30,
                1,
              )}
              {number(
                ['publicReportsPerHour'],
                t('hazards.settings.publicReportsPerHour'),
                t('hazards.settings.perHour'),
                1000,
                1,
              )}
            </Space>
          </Card>
          <Card size="small" title={t('hazards.settings.rewards')} style={{ marginBottom: 16 }}>
            <Space wrap size="large">
              {number(
                ['rewardYuan', 'general'],
                t('hazard.grade.general'),
                t('hazards.yuanUnit'),
                1_000_000,
              )}
              {number(
                ['rewardYuan', 'major'],
                t('hazard.grade.major'),
                t('hazards.yuanUnit'),
                1_000_000,
              )}
            </Space>
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('hazards.settings.standards')} style={{ marginBottom: 16 }}>
        <Form.List name="standards">
          {(rows, { add, remove }) => (
            <>
              {rows.map((row) => (
                <Space
                  key={row.key}
                  align="start"
                  style={{ display: 'flex' }}
                  styles={{ item: { flex: 'none' } }}
                >
                  <Form.Item
                    name={[row.name, 'code']}
                    rules={[
                      required,
                      { pattern: /^[a-zA-Z0-9_-]{1,32}$/, message: t('hazards.settings.codeRule') },
                    ]}
                  >
                    <Input placeholder={t('hazards.settings.code')} style={{ width: 160 }} />
                  </Form.Item>
                  <Form.Item
                    name={[row.name, 'name']}
                    rules={[required, { max: 200 }]}
                    style={{ width: 'min(640px, 60vw)' }}
                  >
                    <Input placeholder={t('hazards.settings.standardName')} />
                  </Form.Item>
                  {editable && (
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      disabled={rows.length === 1}
                      onClick={() => remove(row.name)}
                      aria-label={t('common.delete')}
                    />
                  )}
                </Space>
              ))}
              {editable && (
                <Button
                  icon={<PlusOutlined />}
                  onClick={() => add({ code: '', name: '' })}
                  data-testid="hazard-settings-standard-add"
                >
                  {t('hazards.settings.addStandard')}
                </Button>
              )}
            </>
          )}
        </Form.List>
      </Card>
      <Card size="small" title={t('hazards.settings.checklists')}>
        <Typography.Paragraph type="secondary">
          {t('hazards.settings.checklistsHint', { count: defaultChecklist.length })}
        </Typography.Paragraph>
        <Form.List name="checklists">
          {(rows, { add, remove }) => (
            <>
              {rows.map((row) => (
                <Space
                  key={row.key}
                  align="start"
                  style={{ display: 'flex' }}
                  styles={{ item: { flex: 'none' } }}
                >
                  <Form.Item
                    name={[row.name, 'category']}
                    rules={[
                      required,
                      {
                        validator: async (_: unknown, category: string | undefined) => {
                          const all = (form.getFieldValue('checklists') as ChecklistRow[]).filter(
                            (other) => other.category === category,
                          );
                          if (category && all.length > 1) {
                            throw new Error(t('hazards.settings.categoryTwice'));
                          }
                        },
                      },
                    ]}
                  >
                    <Select
                      showSearch={{ optionFilterProp: 'label' }}
                      options={categories}
                      placeholder={t('hazards.settings.category')}
                      style={{ width: 200 }}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[row.name, 'items']}
                    rules={[
                      {
                        validator: async (_: unknown, text: string | undefined) => {
                          const lines = linesOf(text ?? '');
                          if (
                            lines.length === 0 ||
                            lines.length > 100 ||
                            lines.some((line) => line.length > 300)
                          ) {
                            throw new Error(t('hazards.settings.itemsRule'));
                          }
                        },
                      },
                    ]}
                    style={{ width: 'min(640px, 60vw)' }}
                  >
                    <Input.TextArea
                      autoSize={{ minRows: 3, maxRows: 12 }}
                      placeholder={t('hazards.settings.itemsPlaceholder')}
                    />
                  </Form.Item>
                  {editable && (
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      onClick={() => remove(row.name)}
                      aria-label={t('common.delete')}
                    />
                  )}
                </Space>
              ))}
              {editable && (
                <Button
                  icon={<PlusOutlined />}
                  onClick={() => add({ items: defaultChecklist.join('\n') })}
                  data-testid="hazard-settings-checklist-add"
                >
                  {t('hazards.settings.addChecklist')}
                </Button>
              )}
            </>
          )}
        </Form.List>
      </Card>
    </Form>
  );
}
