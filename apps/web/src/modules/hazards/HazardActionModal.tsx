import { App, Form, Input, InputNumber, Radio, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  hazardGrades,
  hazardKinds,
  sectors,
  type Hazard,
  type HazardAction,
  type HazardGrade,
  type HazardKind,
  type Sector,
  type TransitionHazardBody,
  type TreatmentPlan,
} from '@lastmile/shared';
import { FormModal } from '../../components/FormModal';
import { reportSaveError } from '../../lib/form-errors';
import { anyPhoneRule } from '../units/rules';
import { PersonSelect } from '../risks/PersonSelect';
import { useHazardSettings, useTransitionHazard } from './api';
import { addDays, enumOptions, today } from './labels';
import { HazardSelect } from './HazardSelect';
import { PhotoUpload } from './PhotoUpload';
import { StandardSelect } from './StandardSelect';

interface FormValues {
  note?: string;
  reason?: string;
  // verify
  grade?: HazardGrade;
  standardCode?: string | null;
  kind?: HazardKind;
  sector?: Sector;
  // merge
  intoId?: string;
  // assign (五定)
  responsibleFrom?: 'organisation' | 'other';
  responsiblePersonId?: string | null;
  responsibleName?: string;
  responsiblePhone?: string;
  deadline?: string;
  measures?: string;
  temporaryMeasures?: string;
  fundsYuan?: number | null;
  acceptanceStandard?: string;
  accepterPersonId?: string | null;
  plan?: Partial<TreatmentPlan>;
  // submit
  photoIds?: string[];
}

const planFields = [
  'goal',
  'measures',
  'fundsAndMaterials',
  'people',
  'timeLimit',
  'safetyMeasures',
] as const;
const planMax: Record<(typeof planFields)[number], number> = {
  goal: 2000,
  measures: 4000,
  fundsAndMaterials: 2000,
  people: 2000,
  timeLimit: 500,
  safetyMeasures: 4000,
};

/** The request body of an action from the form's values. */
function bodyOf(action: HazardAction, hazard: Hazard, values: FormValues): TransitionHazardBody {
  const note = values.note || null;
  switch (action) {
    case 'verify':
      return {
        action,
        grade: values.grade,
        standardCode: values.grade === 'major' ? (values.standardCode ?? null) : null,
        kind: values.kind,
        sector: values.sector,
        note,
      };
    case 'reject':
      return { action, reason: values.reason ?? '' };
    case 'merge':
      return { action, intoId: values.intoId ?? '', note };
    case 'assign': {
      const fromOrganisation = values.responsibleFrom !== 'other';
      return {
        action,
        responsiblePersonId: fromOrganisation ? (values.responsiblePersonId ?? null) : null,
        responsibleName: fromOrganisation ? undefined : values.responsibleName,
        responsiblePhone: fromOrganisation ? undefined : values.responsiblePhone || null,
        deadline: values.deadline || undefined,
        measures: values.measures ?? '',
        temporaryMeasures: values.temporaryMeasures || null,
        fundsYuan: values.fundsYuan ?? null,
        acceptanceStandard: values.acceptanceStandard ?? '',
        accepterPersonId: values.accepterPersonId ?? '',
        treatmentPlan: hazard.grade === 'major' ? (values.plan as TreatmentPlan) : undefined,
        note,
      };
    }
    case 'startRectification':
      return { action, note };
    case 'submit':
      return { action, photoIds: values.photoIds ?? [], note: values.note ?? '' };
    case 'accept':
      return { action, note };
    case 'failAcceptance':
      return { action, reason: values.reason ?? '' };
    case 'close':
      return { action, note };
  }
}

/** What the form starts with: the hazard's own values, and a re-assignment its 五定 so far. */
function initialValues(hazard: Hazard, deadlineDays: number | undefined): FormValues {
  const assignment = hazard.assignment;
  return {
    grade: hazard.grade,
    standardCode: hazard.standardCode,
    kind: hazard.kind,
    sector: hazard.sector,
    responsibleFrom: assignment && !assignment.responsible ? 'other' : 'organisation',
    responsiblePersonId: assignment?.responsible?.personId ?? null,
    responsibleName: assignment?.responsible ? undefined : assignment?.responsibleName,
    responsiblePhone: assignment?.responsiblePhone ?? undefined,
    deadline: assignment?.deadline ?? (deadlineDays ? addDays(today(), deadlineDays) : undefined),
    measures: assignment?.measures,
    temporaryMeasures: assignment?.temporaryMeasures ?? undefined,
    fundsYuan: assignment?.fundsYuan ?? null,
    acceptanceStandard: assignment?.acceptanceStandard,
    accepterPersonId: assignment?.accepter.personId ?? null,
    plan: hazard.treatmentPlan ?? undefined,
  };
}

/**
 * One action on a hazard, each with the few fields it needs: 核实 may regrade, 交办 sets the 五定
 * (and a major hazard's 治理方案), 提交整改 needs photos from after.
 */
export function HazardActionModal(props: {
  hazard: Hazard;
  action: HazardAction;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const transition = useTransitionHazard();
  const settings = useHazardSettings(props.hazard.regionCode);
  const { hazard, action } = props;
  const grade = Form.useWatch('grade', form);
  const responsibleFrom = Form.useWatch('responsibleFrom', form);

  const submit = async (values: FormValues) => {
    try {
      await transition.mutateAsync({ id: hazard.id, body: bodyOf(action, hazard, values) });
      void message.success(t('hazards.actionDone', { action: t(`hazard.action.${action}`) }));
      props.onClose();
    } catch (error) {
      reportSaveError(form, error, message);
    }
  };

  const required = { required: true, message: t('common.required') };
  const note = (isRequired: boolean, label = t('hazards.note')) => (
    <Form.Item name="note" label={label} rules={[...(isRequired ? [required] : []), { max: 2000 }]}>
      <Input.TextArea rows={3} data-testid="hazard-action-note" />
    </Form.Item>
  );
  const reason = (
    <Form.Item name="reason" label={t('hazards.reason')} rules={[required, { max: 2000 }]}>
      <Input.TextArea rows={3} data-testid="hazard-action-reason" />
    </Form.Item>
  );
  // Wait for the settings so the deadline starts from the county's; the form is built once.
  const ready = action !== 'assign' || !settings.isPending;

  const fields = () => {
    switch (action) {
      case 'verify':
        return (
          <>
            <Form.Item name="grade" label={t('hazards.grade')} rules={[required]}>
              <Radio.Group
                optionType="button"
                options={hazardGrades.map((value) => ({
                  value,
                  label: t(`hazard.grade.${value}`),
                }))}
                data-testid="hazard-action-grade"
              />
            </Form.Item>
            {grade === 'major' && (
              <Form.Item name="standardCode" label={t('hazards.standard')} rules={[required]}>
                <StandardSelect data-testid="hazard-action-standard" />
              </Form.Item>
            )}
            <Space size="large" style={{ display: 'flex' }} styles={{ item: { flex: 1 } }}>
              <Form.Item name="kind" label={t('hazards.kind')} rules={[required]}>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  options={enumOptions(hazardKinds, 'hazard.kind', t)}
                  data-testid="hazard-action-kind"
                />
              </Form.Item>
              <Form.Item name="sector" label={t('hazards.sector')} rules={[required]}>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  options={enumOptions(sectors, 'ledger.sector', t)}
                  data-testid="hazard-action-sector"
                />
              </Form.Item>
            </Space>
            {note(false)}
          </>
        );
      case 'reject':
      case 'failAcceptance':
        return reason;
      case 'merge':
        return (
          <>
            <Form.Item
              name="intoId"
              label={t('hazards.mergeInto')}
              rules={[required]}
              extra={t('hazards.mergeHint')}
            >
              <HazardSelect exclude={hazard.id} data-testid="hazard-action-merge-into" />
            </Form.Item>
            {note(false)}
          </>
        );
      case 'assign':
        return (
          <>
            <Form.Item name="responsibleFrom" label={t('hazards.assign.responsible')}>
              <Radio.Group
                options={[
                  { value: 'organisation', label: t('hazards.assign.fromOrganisation') },
                  { value: 'other', label: t('hazards.assign.other') },
                ]}
                data-testid="hazard-action-responsible-from"
              />
            </Form.Item>
            {responsibleFrom === 'other' ? (
              <Space size="large" style={{ display: 'flex' }} styles={{ item: { flex: 1 } }}>
                <Form.Item
                  name="responsibleName"
                  label={t('hazards.assign.responsibleName')}
                  rules={[required, { max: 64 }]}
                >
                  <Input data-testid="hazard-action-responsible-name" />
                </Form.Item>
                <Form.Item
                  name="responsiblePhone"
                  label={t('hazards.assign.responsiblePhone')}
                  rules={[anyPhoneRule(t)]}
                >
                  <Input inputMode="tel" data-testid="hazard-action-responsible-phone" />
                </Form.Item>
              </Space>
            ) : (
              <Form.Item name="responsiblePersonId" rules={[required]}>
                <PersonSelect
                  regionCode={hazard.townshipCode}
                  current={hazard.assignment?.responsible}
                  data-testid="hazard-action-responsible"
                />
              </Form.Item>
            )}
            <Form.Item
              name="deadline"
              label={t('hazards.assign.deadline')}
              extra={
                settings.data &&
                t('hazards.assign.deadlineHint', {
                  days: settings.data.settings.deadlineDays[hazard.grade],
                })
              }
            >
              <Input type="date" style={{ width: 180 }} data-testid="hazard-action-deadline" />
            </Form.Item>
            <Form.Item
              name="measures"
              label={t('hazards.assign.measures')}
              rules={[required, { max: 4000 }]}
            >
              <Input.TextArea rows={3} data-testid="hazard-action-measures" />
            </Form.Item>
            <Form.Item
              name="temporaryMeasures"
              label={t('hazards.assign.temporaryMeasures')}
              rules={[{ max: 2000 }]}
            >
              <Input.TextArea rows={2} data-testid="hazard-action-temporary-measures" />
            </Form.Item>
            <Form.Item name="fundsYuan" label={t('hazards.assign.funds')}>
              <InputNumber
                min={0}
                max={1e10}
                style={{ width: 200 }}
                suffix={t('hazards.yuanUnit')}
                data-testid="hazard-action-funds"
              />
            </Form.Item>
            <Form.Item
              name="acceptanceStandard"
              label={t('hazards.assign.acceptanceStandard')}
              rules={[required, { max: 2000 }]}
            >
              <Input.TextArea rows={2} data-testid="hazard-action-acceptance-standard" />
            </Form.Item>
            <Form.Item
              name="accepterPersonId"
              label={t('hazards.assign.accepter')}
              rules={[required]}
              extra={t('hazards.assign.accepterHint')}
            >
              <PersonSelect
                regionCode={hazard.townshipCode}
                current={hazard.assignment?.accepter}
                data-testid="hazard-action-accepter"
              />
            </Form.Item>
            {hazard.grade === 'major' && (
              <>
                <Typography.Title level={5}>{t('hazards.detail.treatmentPlan')}</Typography.Title>
                {planFields.map((field) => (
                  <Form.Item
                    key={field}
                    name={['plan', field]}
                    label={t(`hazards.plan.${field}`)}
                    rules={[required, { max: planMax[field] }]}
                  >
                    <Input.TextArea
                      rows={field === 'timeLimit' ? 1 : 2}
                      data-testid={`hazard-action-plan-${field}`}
                    />
                  </Form.Item>
                ))}
              </>
            )}
            {note(false)}
          </>
        );
      case 'submit':
        return (
          <>
            <Form.Item
              name="photoIds"
              label={t('hazards.photos.after')}
              rules={[
                {
                  validator: async (_: unknown, ids: string[] | undefined) => {
                    if (!ids || ids.length === 0) {
                      throw new Error(t('hazards.form.afterPhotosRequired'));
                    }
                  },
                },
              ]}
            >
              <PhotoUpload data-testid="hazard-action-photos" />
            </Form.Item>
            {note(true, t('hazards.detail.rectificationNote'))}
          </>
        );
      case 'startRectification':
      case 'accept':
      case 'close':
        return note(false);
    }
  };

  return (
    <FormModal
      open
      title={`${t(`hazard.action.${action}`)}：${hazard.number} ${hazard.title}`}
      onClose={props.onClose}
      onSubmit={() => form.submit()}
      saving={transition.isPending}
      submitTestId="hazard-action-form-submit"
    >
      {ready && (
        <Form<FormValues>
          form={form}
          layout="vertical"
          initialValues={initialValues(hazard, settings.data?.settings.deadlineDays[hazard.grade])}
          onFinish={(values) => void submit(values)}
          data-testid="hazard-action-form"
          data-action={action}
        >
          {fields()}
        </Form>
      )}
    </FormModal>
  );
}
