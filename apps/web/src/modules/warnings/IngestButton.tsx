import { App, Button, Upload } from 'antd';
import { CloudDownloadOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { reportError } from '../../lib/form-errors';
import { useIngestWarning } from './api';

/**
 * 接收预警: the office uploads a warning file from the upper platform (CAP 1.2/1.1 or the national
 * platform's XML) and lands on it; the server reads, checks and stores it, and starts 叫应 when
 * the county's call plan for its kind and level says so.
 */
export function IngestButton() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const ingest = useIngestWarning();

  const upload = async (file: File) => {
    try {
      const warning = await ingest.mutateAsync(file);
      void message.success(
        warning.dispatchedAt
          ? t('warnings.ingest.dispatched')
          : t('warnings.ingest.waitingDispatch'),
      );
      if (warning.otherCounties.length > 0) {
        void message.info(
          t('warnings.ingest.otherCounties', { count: warning.otherCounties.length }),
        );
      }
      void navigate(`/warnings/${warning.id}`);
    } catch (error) {
      reportError(message, error);
    }
  };

  return (
    <span data-testid="warning-ingest-upload">
      <Upload
        accept=".xml,application/xml,text/xml"
        showUploadList={false}
        beforeUpload={(file) => {
          void upload(file);
          return false;
        }}
      >
        <Button
          icon={<CloudDownloadOutlined />}
          loading={ingest.isPending}
          data-testid="warning-ingest"
        >
          {t('warnings.ingest.button')}
        </Button>
      </Upload>
    </span>
  );
}
