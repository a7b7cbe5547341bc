import { useEffect } from 'react';
import {
  App,
  Button,
  Card,
  Divider,
  Form,
  Input,
  Radio,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  checklistResults,
  hazardGrades,
  hazardKinds,
  type ChecklistResult,
  type HazardGrade,
  type HazardKind,
} from '@lastmile/shared';
import { useMe } from '../../app/session';
import { FormModal } from '../../components/FormModal';
import { reportSaveError } from '../../lib/form-errors';
import { UnitSelect } from '../units/UnitSelect';
import { useChecklist, useCreateInspection, useUnit } from './api';
import { enumOptions, today } from './labels';
import { PhotoUpload } from './PhotoUpload';
import { StandardSelect } from './StandardSelect';

interface ChecklistRow {
  item: string;
  result?: ChecklistResult;
  note?: string;
}

interface FindingRow {
  title?: string;
  description?: string;
  kind?: HazardKind;
  grade: HazardGrade;
  standardCode?: string;
  photoIds?: string[];
}

interface FormValues {
  unitId?: string;
  inspectedOn: string;
  inspectors: string[];
  unannounced: boolean;
  checklist?: ChecklistRow[];
  summary?: string;
  findings?: FindingRow[];
}

/** A unit drawn by a 双随机 draw, inspected by the inspectors drawn with it. */
export interface DrawnInspection {
  randomDrawId: string;
  unitId: string;
  unitName: string;
  inspectors: string[];
}

const emptyFinding = (title = ''): FindingRow => ({ title, grade: 'general' });

/** One finding (问题) of the inspection: each becomes a hazard of the unit when saved. */
function FindingFields({ name, onRemove }: { name: number; onRemove: () => void }) {
  const { t } = useTranslation();
  const grade = Form.useWatch(['findings', name, 'grade']) as HazardGrade | undefined;
  const required = { required: true, message: t('common.required') };
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      title={t('hazards.inspections.finding', { index: name + 1 })}
      extra={
        <Button
          type="text"
          danger
          size="small"
          icon={<DeleteOutlined />}
          onClick={onRemove}
          aria-label={t('common.delete')}
        />
      }
      data-testid="inspection-finding"
    >
      <Form.Item
        name={[name, 'title']}
        label={t('hazards.titleLabel')}
        rules={[required, { max: 200 }]}
      >
        <Input data-testid="inspection-finding-title" />
      </Form.Item>
      <Space size="large" style={{ display: 'flex' }} styles={{ item: { flex: 1 } }}>
        <Form.Item name={[name, 'kind']} label={t('hazards.kind')} rules={[required]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={enumOptions(hazardKinds, 'hazard.kind', t)}
            data-testid="inspection-finding-kind"
          />
        </Form.Item>
        <Form.Item name={[name, 'grade']} label={t('hazards.grade')} rules={[required]}>
          <Radio.Group
            optionType="button"
            size="small"
            options={hazardGrades.map((value) => ({ value, label: t(`hazard.grade.${value}`) }))}
            data-testid="inspection-finding-grade"
          />
        </Form.Item>
      </Space>
      {grade === 'major' && (
        <Form.Item name={[name, 'standardCode']} label={t('hazards.standard')} rules={[required]}>
          <StandardSelect data-testid="inspection-finding-standard" />
        </Form.Item>
      )}
      <Form.Item
        name={[name, 'description']}
        label={t('hazards.description')}
        rules={[{ max: 4000 }]}
      >
        <Input.TextArea rows={2} />
      </Form.Item>
      <Form.Item name={[name, 'photoIds']} label={t('hazards.photos.label')}>
        <PhotoUpload />
      </Form.Item>
    </Card>
  );
}

/**
 * 检查记录: the unit's checklist (检查表, by its category) marked item by item, who inspected and
 * whether 四不两直, and the findings, each of which becomes a hazard of the unit.
 */
export function InspectionFormModal(props: {
  open: boolean;
  onClose: () => void;
  drawn?: DrawnInspection;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateInspection();
  const chosenUnit = Form.useWatch('unitId', form);
  const unitId = props.drawn?.unitId ?? chosenUnit;
  const unit = useUnit(unitId);
  const checklist = useChecklist(unit.data?.id === unitId ? unit.data?.category : undefined);

  // A new unit, its own checklist, each item still to be marked.
  useEffect(() => {
    if (checklist.data) {
      form.setFieldValue(
        'checklist',
        checklist.data.items.map((item): ChecklistRow => ({ item })),
      );
    }
  }, [checklist.data, form]);

  const submit = async (values: FormValues) => {
    try {
      await create.mutateAsync({
        unitId: unitId ?? '',
        inspectedOn: values.inspectedOn,
        inspectors: values.inspectors,
        unannounced: values.unannounced,
        randomDrawId: props.drawn?.randomDrawId ?? null,
        checklist: (values.checklist ?? []).map((row) => ({
          item: row.item,
          result: row.result ?? 'notApplicable',
          note: row.note || null,
        })),
        summary: values.summary || null,
        findings: (values.findings ?? []).map((finding) => ({
          title: finding.title ?? '',
          description: finding.description || null,
          kind: finding.kind ?? 'other',
          grade: finding.grade,
          standardCode: finding.grade === 'major' ? (finding.standardCode ?? null) : null,
          photoIds: finding.photoIds ?? [],
        })),
      });
      void message.success(t('hazards.inspections.saved'));
      props.onClose();
    } catch (error) {
      reportSaveError(form, error, message);
    }
  };

  const required = { required: true, message: t('common.required') };
  const markAll = (result: ChecklistResult) =>
    form.setFieldValue(
      'checklist',
      (form.getFieldValue('checklist') as ChecklistRow[] | undefined)?.map((row) => ({
        ...row,
        result: row.result ?? result,
      })),
    );
  return (
    <FormModal
      open={props.open}
      title={t('hazards.inspections.create')}
      onClose={props.onClose}
      onSubmit={() => form.submit()}
      saving={create.isPending}
      submitTestId="inspection-form-submit"
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{
          inspectedOn: today(),
          inspectors: props.drawn?.inspectors ?? [me.displayName],
          unannounced: Boolean(props.drawn),
          findings: [],
        }}
        onFinish={(values) => void submit(values)}
        data-testid="inspection-form"
      >
        {props.drawn ? (
          <Form.Item label={t('hazards.unit')}>{props.drawn.unitName}</Form.Item>
        ) : (
          <Form.Item name="unitId" label={t('hazards.unit')} rules={[required]}>
            <UnitSelect data-testid="inspection-form-unit" />
          </Form.Item>
        )}
        <Space size="large" style={{ display: 'flex' }} styles={{ item: { flex: 1 } }}>
          <Form.Item
            name="inspectedOn"
            label={t('hazards.inspections.inspectedOn')}
            rules={[required]}
          >
            <Input type="date" data-testid="inspection-form-date" />
          </Form.Item>
          <Form.Item
            name="unannounced"
            label={t('hazards.inspections.unannounced')}
            valuePropName="checked"
            tooltip={t('hazards.inspections.unannouncedHint')}
          >
            <Switch data-testid="inspection-form-unannounced" />
          </Form.Item>
        </Space>
        <Form.Item
          name="inspectors"
          label={t('hazards.inspections.inspectors')}
          extra={t('hazards.inspections.inspectorsHint')}
          rules={[{ required: true, type: 'array', min: 1, message: t('common.required') }]}
        >
          <Select
            mode="tags"
            open={false}
            suffixIcon={null}
            data-testid="inspection-form-inspectors"
          />
        </Form.Item>
        <Divider titlePlacement="start" style={{ marginTop: 0 }}>
          {t('hazards.inspections.checklist')}
        </Divider>
        {!unitId && (
          <Typography.Text type="secondary">
            {t('hazards.inspections.pickUnitFirst')}
          </Typography.Text>
        )}
        <Form.List name="checklist">
          {(rows) =>
            rows.length > 0 && (
              <>
                <Space style={{ marginBottom: 8 }}>
                  <Button
                    size="small"
                    onClick={() => markAll('pass')}
                    data-testid="inspection-checklist-all-pass"
                  >
                    {t('hazards.inspections.restPass')}
                  </Button>
                </Space>
                {rows.map((row) => (
                  <ChecklistItem key={row.key} name={row.name} />
                ))}
              </>
            )
          }
        </Form.List>
        <Form.Item name="summary" label={t('hazards.inspections.summary')} rules={[{ max: 4000 }]}>
          <Input.TextArea rows={2} data-testid="inspection-form-summary" />
        </Form.Item>
        <Divider titlePlacement="start">{t('hazards.inspections.findings')}</Divider>
        <Form.List name="findings">
          {(rows, { add, remove }) => (
            <>
              {rows.map((row) => (
                <FindingFields key={row.key} name={row.name} onRemove={() => remove(row.name)} />
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add(emptyFinding())}
                block
                data-testid="inspection-finding-add"
              >
                {t('hazards.inspections.addFinding')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </FormModal>
  );
}

/** One checklist item: 合格 / 不合格 / 不适用, a note, and a failed item turned into a finding. */
function ChecklistItem({ name }: { name: number }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<FormValues>();
  const item = Form.useWatch(['checklist', name, 'item']) as string | undefined;
  const result = Form.useWatch(['checklist', name, 'result']) as ChecklistResult | undefined;
  const addFinding = () =>
    form.setFieldValue('findings', [
      ...(form.getFieldValue('findings') as FindingRow[]),
      emptyFinding(item),
    ]);
  return (
    <div
      style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 8, marginBottom: 8 }}
      data-testid="inspection-checklist-item"
    >
      {/* The item's text is part of the record, not something to edit. */}
      <Form.Item name={[name, 'item']} hidden>
        <Input />
      </Form.Item>
      <Typography.Text>
        {name + 1}. {item}
      </Typography.Text>
      <Space wrap style={{ display: 'flex', marginTop: 4 }}>
        <Form.Item
          name={[name, 'result']}
          noStyle
          rules={[{ required: true, message: t('hazards.inspections.markEach') }]}
        >
          <Radio.Group
            size="small"
            optionType="button"
            options={checklistResults.map((value) => ({
              value,
              label: t(`hazard.checklistResult.${value}`),
            }))}
            data-testid="inspection-checklist-result"
          />
        </Form.Item>
        {result === 'fail' && (
          <Button
            size="small"
            type="link"
            onClick={addFinding}
            data-testid="inspection-checklist-to-finding"
          >
            {t('hazards.inspections.toFinding')}
          </Button>
        )}
      </Space>
      {result === 'fail' && (
        <Form.Item name={[name, 'note']} noStyle rules={[{ max: 1000 }]}>
          <Input
            size="small"
            placeholder={t('hazards.inspections.itemNote')}
            style={{ marginTop: 4 }}
          />
        </Form.Item>
      )}
      <Form.Item shouldUpdate noStyle>
        {() => {
          const errors = form.getFieldError(['checklist', name, 'result']);
          return errors.length > 0 && <Typography.Text type="danger">{errors[0]}</Typography.Text>;
        }}
      </Form.Item>
    </div>
  );
}
