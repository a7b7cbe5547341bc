import { useEffect } from 'react';
import { App, AutoComplete, Form, Input, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { grantableRoles, minPasswordLength, type Role, type User } from '@lastmile/shared';
import { fieldErrors } from '../../lib/api';
import { useMe } from '../../app/session';
import { RegionCascader } from '../../components/RegionCascader';
import { useLedgerSettings } from '../units/api';
import { useCreateUser, useUpdateUser } from './api';
import { FormModal } from '../../components/FormModal';

interface FormValues {
  username: string;
  displayName: string;
  password?: string;
  role: Role;
  scopeRegionCode?: string;
  department?: string;
  disabled?: boolean;
}

/** A department user's department: typed, or one of the county's sector → department table. */
function DepartmentField(props: { regionCode?: string; value?: string; onChange?: (value: string) => void }) {
  const settings = useLedgerSettings(props.regionCode);
  const names = [...new Set(Object.values(settings.data?.sectorDepartments ?? {}))];
  return (
    <AutoComplete
      value={props.value}
      onChange={props.onChange}
      options={names.map((name) => ({ value: name }))}
      showSearch={{ filterOption: (input, option) => (option?.value ?? '').includes(input) }}
      data-testid="user-form-department"
    />
  );
}

/** Create a user (no `editing`) or change one, inside the administrator's jurisdiction. */
export function UserFormModal(props: { open: boolean; editing?: User; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateUser();
  const update = useUpdateUser();
  const editing = props.editing;
  const role = Form.useWatch('role', form);
  const scopeRegionCode = Form.useWatch('scopeRegionCode', form);

  useEffect(() => {
    if (props.open) {
      form.resetFields();
      if (editing) {
        form.setFieldsValue({
          displayName: editing.displayName,
          role: editing.role,
          department: editing.department ?? undefined,
          disabled: editing.disabled,
        });
      }
    }
  }, [props.open, editing, form]);

  const submit = async (values: FormValues) => {
    try {
      if (editing) {
        await update.mutateAsync({
          id: editing.id,
          body: {
            displayName: values.displayName,
            ...(values.role !== editing.role ? { role: values.role } : {}),
            ...(values.scopeRegionCode ? { scopeRegionCode: values.scopeRegionCode } : {}),
            ...(values.password ? { password: values.password } : {}),
            ...(values.role === 'department' && values.department !== (editing.department ?? undefined)
              ? { department: values.department || null }
              : {}),
            ...(values.disabled !== editing.disabled ? { disabled: values.disabled } : {}),
          },
        });
        void message.success(t('users.saved'));
      } else {
        await create.mutateAsync({
          username: values.username,
          displayName: values.displayName,
          password: values.password ?? '',
          role: values.role,
          scopeRegionCode: values.scopeRegionCode ?? '',
          department: values.role === 'department' ? values.department || null : null,
        });
        void message.success(t('users.created'));
      }
      props.onClose();
    } catch (error) {
      const fields = fieldErrors(error);
      if (fields.length > 0) {
        form.setFields(fields as Parameters<typeof form.setFields>[0]);
      }
      void message.error(error instanceof Error ? error.message : String(error));
    }
  };

  const required = { required: true, message: t('users.required') };
  return (
    <FormModal
      open={props.open}
      title={editing ? `${t('users.edit')}：${editing.username}` : t('users.create')}
      onClose={props.onClose}
      onSubmit={() => form.submit()}
      saving={create.isPending || update.isPending}
      submitTestId="user-form-submit"
    >
      <Form<FormValues> form={form} layout="vertical" onFinish={(values) => void submit(values)} data-testid="user-form">
        {!editing && (
          <Form.Item name="username" label={t('users.username')} rules={[required]}>
            <Input autoComplete="off" data-testid="user-form-username" />
          </Form.Item>
        )}
        <Form.Item name="displayName" label={t('users.displayName')} rules={[required]}>
          <Input data-testid="user-form-display-name" />
        </Form.Item>
        <Form.Item
          name="password"
          label={editing ? t('users.newPassword') : t('users.password')}
          extra={t('users.passwordHint', { min: minPasswordLength })}
          rules={editing ? [{ min: minPasswordLength }] : [required, { min: minPasswordLength }]}
        >
          <Input.Password autoComplete="new-password" data-testid="user-form-password" />
        </Form.Item>
        <Form.Item name="role" label={t('users.role')} rules={[required]}>
          <Select
            data-testid="user-form-role"
            options={grantableRoles[me.role].map((role) => ({ value: role, label: t(`roles.${role}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="scopeRegionCode"
          label={t('users.scope')}
          rules={editing ? [] : [{ required: true, message: t('users.scopeRequired') }]}
        >
          <RegionCascader data-testid="user-form-scope" placeholder={editing?.scopeRegionName} />
        </Form.Item>
        {role === 'department' && (
          <Form.Item
            name="department"
            label={t('users.department')}
            extra={t('users.departmentHint')}
            rules={[required, { max: 64 }]}
          >
            <DepartmentField regionCode={scopeRegionCode ?? editing?.scopeRegionCode} />
          </Form.Item>
        )}
        {editing && (
          <Form.Item name="disabled" label={t('users.disabled')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
      </Form>
    </FormModal>
  );
}
