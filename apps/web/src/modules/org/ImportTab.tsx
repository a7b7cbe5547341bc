import { useState } from 'react';
import { Alert, Button, Descriptions, Space, Table, Typography, Upload } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ImportResult, ImportRowError } from '@lastmile/shared';
import { ApiError, apiUrl } from '../../lib/api';
import { useImportWorkbook } from './api';

/** The row errors of a refused import (422 IMPORT_INVALID), if that is what `error` is. */
function rowErrors(error: unknown): ImportRowError[] | undefined {
  if (error instanceof ApiError && error.code === 'IMPORT_INVALID') {
    return (error.details as { errors?: ImportRowError[] } | undefined)?.errors ?? [];
  }
  return undefined;
}

/**
 * 导入: grids, people and posts from the Excel template. Check first (nothing is written), then
 * import; a file with any bad row imports nothing and lists every bad row.
 */
export function ImportTab() {
  const { t } = useTranslation();
  const [file, setFile] = useState<File>();
  const importWorkbook = useImportWorkbook();
  const errors = rowErrors(importWorkbook.error);

  const running = (dryRun: boolean) => importWorkbook.isPending && importWorkbook.variables.dryRun === dryRun;
  const run = (dryRun: boolean) => {
    if (file) {
      importWorkbook.mutate({ file, dryRun });
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('org.import.hint')}
      </Typography.Paragraph>
      <Space wrap align="start">
        <Button icon={<DownloadOutlined />} href={apiUrl('/org/import-template.xlsx')} data-testid="import-template">
          {t('org.import.template')}
        </Button>
        <Upload
          accept=".xlsx"
          maxCount={1}
          beforeUpload={(chosen) => {
            setFile(chosen);
            importWorkbook.reset();
            // Kept in the browser until 先检查 or 导入 sends it.
            return false;
          }}
          onRemove={() => {
            setFile(undefined);
            importWorkbook.reset();
          }}
        >
          <Button icon={<UploadOutlined />} data-testid="import-file">
            {t('org.import.choose')}
          </Button>
        </Upload>
      </Space>
      <Space>
        <Button disabled={!file} loading={running(true)} onClick={() => run(true)} data-testid="import-check">
          {t('org.import.check')}
        </Button>
        <Button
          type="primary"
          disabled={!file}
          loading={running(false)}
          onClick={() => run(false)}
          data-testid="import-submit"
        >
          {t('org.import.submit')}
        </Button>
      </Space>
      {importWorkbook.data && <ImportSummary result={importWorkbook.data} />}
      {importWorkbook.error && (
        <Alert type="error" showIcon title={importWorkbook.error.message} data-testid="import-error" />
      )}
      {errors && errors.length > 0 && (
        <Table<ImportRowError>
          data-testid="import-errors"
          rowKey={(row) => `${row.sheet}:${row.row}:${row.column}:${row.reason}`}
          size="small"
          dataSource={errors}
          pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: (count) => t('common.total', { count }) }}
          columns={[
            { title: t('org.import.sheet'), dataIndex: 'sheet' },
            { title: t('org.import.row'), dataIndex: 'row', align: 'right' },
            { title: t('org.import.column'), dataIndex: 'column' },
            { title: t('org.import.reason'), dataIndex: 'reason' },
          ]}
        />
      )}
    </Space>
  );
}

function ImportSummary({ result }: { result: ImportResult }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="success"
      showIcon
      data-testid="import-result"
      title={result.dryRun ? t('org.import.checked') : t('org.import.done')}
      description={
        <Descriptions size="small" column={{ xs: 1, sm: 3 }}>
          <Descriptions.Item label={t('org.import.grids')}>
            {t('org.import.createdUpdated', { created: result.grids.created, updated: result.grids.updated })}
          </Descriptions.Item>
          <Descriptions.Item label={t('org.import.people')}>
            {t('org.import.createdUpdated', { created: result.people.created, updated: result.people.updated })}
          </Descriptions.Item>
          <Descriptions.Item label={t('org.import.posts')}>{t('org.import.created', { created: result.posts.created })}</Descriptions.Item>
        </Descriptions>
      }
    />
  );
}
