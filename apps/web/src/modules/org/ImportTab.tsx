import { Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ImportResult } from '@lastmile/shared';
import { apiUrl } from '../../lib/api';
import { WorkbookImport } from '../../components/WorkbookImport';
import { useImportWorkbook } from './api';

/** 导入: grids, people and posts from the Excel template. */
export function ImportTab() {
  const { t } = useTranslation();
  const importWorkbook = useImportWorkbook();
  return (
    <WorkbookImport
      hint={t('org.import.hint')}
      templateHref={apiUrl('/org/import-template.xlsx')}
      importWorkbook={importWorkbook}
      counts={(result: ImportResult) => (
        <Descriptions size="small" column={{ xs: 1, sm: 3 }}>
          <Descriptions.Item label={t('org.import.grids')}>
            {t('workbookImport.createdUpdated', { created: result.grids.created, updated: result.grids.updated })}
          </Descriptions.Item>
          <Descriptions.Item label={t('org.import.people')}>
            {t('workbookImport.createdUpdated', { created: result.people.created, updated: result.people.updated })}
          </Descriptions.Item>
          <Descriptions.Item label={t('org.import.posts')}>
            {t('workbookImport.created', { created: result.posts.created })}
          </Descriptions.Item>
        </Descriptions>
      )}
    />
  );
}
