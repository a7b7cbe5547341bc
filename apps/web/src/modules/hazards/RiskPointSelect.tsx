import { useState } from 'react';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useRiskPoints } from '../risks/api';

/** Picks a risk point of a region by typing part of its name; the value is its id. */
export function RiskPointSelect(props: {
  value?: string | null;
  onChange?: (id: string | null) => void;
  regionCode?: string;
  'data-testid'?: string;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const points = useRiskPoints({
    regionCode: props.regionCode,
    q: q || undefined,
    limit: 20,
    offset: 0,
  });
  return (
    <Select<string>
      value={props.value ?? undefined}
      onChange={(id) => props.onChange?.(id ?? null)}
      allowClear
      placeholder={t('hazards.riskPointPlaceholder')}
      showSearch={{ filterOption: false, onSearch: setQ }}
      loading={points.isFetching}
      options={points.data?.items.map((point) => ({
        value: point.id,
        label: `${point.name}（${point.regionName}）`,
      }))}
      data-testid={props['data-testid']}
    />
  );
}
