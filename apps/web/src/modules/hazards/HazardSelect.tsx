import { useState } from 'react';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useHazards } from './api';

/** Picks a hazard by typing part of its number or title; the value is the hazard's id. */
export function HazardSelect(props: {
  value?: string;
  onChange?: (id: string | undefined) => void;
  /** A hazard not to offer (merging one into itself means nothing). */
  exclude?: string;
  'data-testid'?: string;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const hazards = useHazards({ q: q || undefined, limit: 20, offset: 0 });
  return (
    <Select<string>
      value={props.value}
      onChange={props.onChange}
      allowClear
      placeholder={t('hazards.hazardPlaceholder')}
      // The server searches; the list shows what it found.
      showSearch={{ filterOption: false, onSearch: setQ }}
      loading={hazards.isFetching}
      notFoundContent={hazards.isFetching ? t('common.loading') : t('hazards.noHazards')}
      options={hazards.data?.items
        .filter((hazard) => hazard.id !== props.exclude)
        .map((hazard) => ({
          value: hazard.id,
          label: `${hazard.number} ${hazard.title}（${t(`hazard.state.${hazard.state}`)}）`,
        }))}
      data-testid={props['data-testid']}
    />
  );
}
