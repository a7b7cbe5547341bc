import { Button } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Ledger } from '@lastmile/shared';
import { apiUrl } from '../lib/api';

/** Downloads a ledger as Excel with the filters the table shows (not its page). */
export function LedgerExportButton(props: {
  ledger: Ledger;
  filters: Record<string, string | number | undefined>;
  label?: string;
}) {
  const { t } = useTranslation();
  // The whole filtered ledger, not the page on screen.
  const filters = Object.fromEntries(Object.entries(props.filters).filter(([key]) => key !== 'limit' && key !== 'offset'));
  return (
    <Button
      icon={<DownloadOutlined />}
      href={apiUrl('/ledgers/export.xlsx', { ledger: props.ledger, ...filters })}
      data-testid="ledger-export"
    >
      {props.label ?? t('ledgers.export')}
    </Button>
  );
}
