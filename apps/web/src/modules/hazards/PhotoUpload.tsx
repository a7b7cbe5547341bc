import { useState } from 'react';
import { App, Upload, type UploadFile } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Attachment } from '@lastmile/shared';
import { uploadPhoto } from './api';

/** What the server stores: JPEG, PNG or WebP, at most 10 MB each. */
const photoTypes = ['image/jpeg', 'image/png', 'image/webp'];
const maxBytes = 10 * 1024 * 1024;

/**
 * Photos for a form field: each is uploaded when chosen (POST /attachments, the file's own bytes)
 * and the field's value is the ids of those uploaded, in order.
 */
export function PhotoUpload(props: {
  value?: string[];
  onChange?: (ids: string[]) => void;
  max?: number;
  'data-testid'?: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const max = props.max ?? 9;
  const [files, setFiles] = useState<UploadFile<Attachment>[]>([]);

  const change = (next: UploadFile<Attachment>[]) => {
    setFiles(next);
    props.onChange?.(
      next.flatMap((file) => (file.status === 'done' && file.response ? [file.response.id] : [])),
    );
  };

  return (
    <div data-testid={props['data-testid']}>
      <Upload<Attachment>
        listType="picture-card"
        accept={photoTypes.join(',')}
        multiple
        fileList={files}
        maxCount={max}
        beforeUpload={(file) => {
          if (!photoTypes.includes(file.type)) {
            void message.error(t('hazards.photos.wrongType'));
            return Upload.LIST_IGNORE;
          }
          if (file.size > maxBytes) {
            void message.error(t('hazards.photos.tooBig', { mb: 10 }));
            return Upload.LIST_IGNORE;
          }
          return true;
        }}
        customRequest={({ file, onSuccess, onError }) => {
          uploadPhoto(file as File).then(
            (attachment) => onSuccess?.(attachment),
            (error: Error) => {
              void message.error(error.message);
              onError?.(error);
            },
          );
        }}
        onChange={({ fileList }) => change(fileList)}
      >
        {files.length < max && (
          <button type="button" style={{ border: 0, background: 'none', cursor: 'pointer' }}>
            <PlusOutlined />
            <div style={{ marginTop: 8 }}>{t('hazards.photos.add')}</div>
          </button>
        )}
      </Upload>
    </div>
  );
}
