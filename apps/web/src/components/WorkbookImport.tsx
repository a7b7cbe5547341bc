import { useState, type ReactNode } from 'react';
import { Alert, Button, Space, Table, Typography, Upload } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import type { UseMutationResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ImportRowError } from '@lastmile/shared';
import { ApiError } from '../lib/api';

/** What an import mutation is called with: the chosen file, checked only or imported. */
export interface WorkbookUpload {
  file: Blob;
  dryRun: boolean;
}

/** The row errors of a refused import (422 IMPORT_INVALID), if that is what `error` is. */
function rowErrors(error: unknown): ImportRowError[] | undefined {
  if (error instanceof ApiError && error.code === 'IMPORT_INVALID') {
    return (error.details as { errors?: ImportRowError[] } | undefined)?.errors ?? [];
  }
  return undefined;
}

/**
 * An Excel import from the system's template. Check first (nothing is written), then import; a
 * file with any bad row imports nothing and lists every bad row.
 */
export function WorkbookImport<Result extends { dryRun: boolean }>(props: {
  hint: string;
  templateHref: string;
  importWorkbook: UseMutationResult<Result, Error, WorkbookUpload>;
  /** What the check found or the import did, counted by kind of record. */
  counts: (result: Result) => ReactNode;
  'data-testid'?: string;
}) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File>();
  const { importWorkbook } = props;
  const errors = rowErrors(importWorkbook.error);

  const running = (dryRun: boolean) => importWorkbook.isPending && importWorkbook.variables.dryRun === dryRun;
  const run = (dryRun: boolean) => {
    if (file) {
      importWorkbook.mutate({ file, dryRun });
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid={props['data-testid']}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {props.hint}
      </Typography.Paragraph>
      <Space wrap align="start">
        <Button icon={<DownloadOutlined />} href={props.templateHref} data-testid="import-template">
          {t('workbookImport.template')}
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
            {t('workbookImport.choose')}
          </Button>
        </Upload>
      </Space>
      <Space>
        <Button disabled={!file} loading={running(true)} onClick={() => run(true)} data-testid="import-check">
          {t('workbookImport.check')}
        </Button>
        <Button
          type="primary"
          disabled={!file}
          loading={running(false)}
          onClick={() => run(false)}
          data-testid="import-submit"
        >
          {t('workbookImport.submit')}
        </Button>
      </Space>
      {importWorkbook.data && (
        <Alert
          type="success"
          showIcon
          data-testid="import-result"
          title={importWorkbook.data.dryRun ? t('workbookImport.checked') : t('workbookImport.done')}
          description={props.counts(importWorkbook.data)}
        />
      )}
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
            { title: t('workbookImport.sheet'), dataIndex: 'sheet' },
            { title: t('workbookImport.row'), dataIndex: 'row', align: 'right' },
            { title: t('workbookImport.column'), dataIndex: 'column' },
            { title: t('workbookImport.reason'), dataIndex: 'reason' },
          ]}
        />
      )}
    </Space>
  );
}
