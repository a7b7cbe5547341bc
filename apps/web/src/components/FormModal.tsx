import type { ReactNode } from 'react';
import { Modal } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * A dialog around one form: 保存 submits the form, 取消 closes, the form is rebuilt on every
 * opening. The form itself (fields, `onFinish`) is the child.
 */
export function FormModal(props: {
  open: boolean;
  title: ReactNode;
  onClose: () => void;
  onSubmit: () => void;
  saving: boolean;
  /** data-testid of the 保存 button. */
  submitTestId: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      open={props.open}
      title={props.title}
      onCancel={props.onClose}
      onOk={props.onSubmit}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={props.saving}
      destroyOnHidden
      okButtonProps={{ 'data-testid': props.submitTestId }}
    >
      {props.children}
    </Modal>
  );
}
