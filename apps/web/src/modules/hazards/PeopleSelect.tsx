import { useState } from 'react';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePeople } from '../risks/api';

/**
 * Picks several people of a region (e.g. the inspector pool of a random draw). Names found by
 * earlier searches stay shown for the people already picked.
 */
export function PeopleSelect(props: {
  value?: string[];
  onChange?: (ids: string[]) => void;
  regionCode?: string;
  'data-testid'?: string;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [known, setKnown] = useState<Record<string, string>>({});
  const people = usePeople(
    { regionCode: props.regionCode, q: q || undefined },
    Boolean(props.regionCode),
  );
  const found = (people.data?.items ?? []).map((person) => ({
    value: person.id,
    label: `${person.name} ${person.mobile}`,
  }));
  const picked = (props.value ?? [])
    .filter((id) => !found.some((option) => option.value === id))
    .map((id) => ({ value: id, label: known[id] ?? id }));
  return (
    <Select<string[]>
      mode="multiple"
      value={props.value ?? []}
      onChange={(ids) => {
        setKnown((current) => ({
          ...current,
          ...Object.fromEntries(found.map((option) => [option.value, option.label])),
        }));
        props.onChange?.(ids);
      }}
      allowClear
      disabled={!props.regionCode}
      placeholder={t('hazards.peoplePlaceholder')}
      showSearch={{ filterOption: false, onSearch: setQ }}
      loading={people.isFetching}
      options={[...picked, ...found]}
      data-testid={props['data-testid']}
    />
  );
}
