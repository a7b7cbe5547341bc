import { useState } from 'react';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PersonRef } from '@lastmile/shared';
import { usePeople } from './api';

/**
 * Picks a responsible person (责任人) from the organisation: the people of a region, or those
 * holding a post in a grid. The value is the person's id.
 */
export function PersonSelect(props: {
  value?: string | null;
  onChange?: (id: string | null) => void;
  regionCode?: string;
  gridId?: string;
  /** The person already named, shown before the list loads. */
  current?: PersonRef | null;
  'data-testid'?: string;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const enabled = Boolean(props.regionCode ?? props.gridId);
  const people = usePeople({ regionCode: props.gridId ? undefined : props.regionCode, gridId: props.gridId, q: q || undefined }, enabled);
  const options = (people.data?.items ?? []).map((person) => ({ value: person.id, label: `${person.name} ${person.mobile}` }));
  if (props.current && !options.some((option) => option.value === props.current!.personId)) {
    options.unshift({ value: props.current.personId, label: `${props.current.name} ${props.current.mobile}` });
  }
  return (
    <Select<string>
      value={props.value ?? undefined}
      onChange={(id) => props.onChange?.(id ?? null)}
      allowClear
      disabled={!enabled}
      placeholder={t('risks.points.personPlaceholder')}
      // The server searches by name or mobile.
      showSearch={{ filterOption: false, onSearch: setQ }}
      loading={people.isFetching}
      options={options}
      data-testid={props['data-testid']}
    />
  );
}
