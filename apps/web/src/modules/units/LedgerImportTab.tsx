import { Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LedgerImportResult } from '@lastmile/shared';
import { apiUrl } from '../../lib/api';
import { WorkbookImport } from '../../components/WorkbookImport';
import { useImportLedgers } from './api';

const ledgers = ['units', 'hazardSources', 'riskPoints'] as const;

/** 导入: units, hazard sources and risk points from the Excel template, all or nothing. */
export function LedgerImportTab() {
  const { t } = useTranslation();
  const importLedgers = useImportLedgers();
  return (
    <WorkbookImport
      hint={t('units.import.hint')}
      templateHref={apiUrl('/ledgers/import-template.xlsx')}
      importWorkbook={importLedgers}
      counts={(result: LedgerImportResult) => (
        <Descriptions size="small" column={{ xs: 1, sm: 3 }}>
          {ledgers.map((ledger) => (
            <Descriptions.Item key={ledger} label={t(`units.import.${ledger}`)}>
              {t('workbookImport.createdUpdated', { created: result[ledger].created, updated: result[ledger].updated })}
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
      data-testid="ledger-import"
    />
  );
}
