import { useState } from 'react';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useUnits } from './api';

/** Picks a unit by typing part of its name or credit code; the value is the unit's id. */
export function UnitSelect(props: { value?: string; onChange?: (id: string | undefined) => void; 'data-testid'?: string }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const units = useUnits({ q: q || undefined, limit: 20, offset: 0 });
  return (
    <Select<string>
      value={props.value}
      onChange={props.onChange}
      allowClear
      placeholder={t('units.hazardSources.unitPlaceholder')}
      // The server searches; the list shows what it found.
      showSearch={{ filterOption: false, onSearch: setQ }}
      loading={units.isFetching}
      notFoundContent={units.isFetching ? t('common.loading') : t('units.hazardSources.noUnits')}
      options={units.data?.items.map((unit) => ({
        value: unit.id,
        label: `${unit.name}（${unit.townshipName}${unit.regionCode === unit.townshipCode ? '' : ` ${unit.regionName}`}）`,
      }))}
      data-testid={props['data-testid']}
    />
  );
}
