import { Select } from 'antd';
import { useHazardSettings } from './api';

/** Picks the judging standard (判定标准) a major hazard meets, from the county's list. */
export function StandardSelect(props: {
  value?: string | null;
  onChange?: (code: string) => void;
  'data-testid'?: string;
}) {
  const settings = useHazardSettings();
  return (
    <Select<string>
      value={props.value ?? undefined}
      onChange={props.onChange}
      loading={settings.isFetching}
      showSearch={{ optionFilterProp: 'label' }}
      options={settings.data?.settings.standards.map((standard) => ({
        value: standard.code,
        label: standard.name,
      }))}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { maxWidth: 560 } } }}
      data-testid={props['data-testid']}
    />
  );
}

/** The name of a standard by its code, as the county's list names it. */
export function useStandardName() {
  const settings = useHazardSettings();
  return (code: string | null) =>
    code
      ? (settings.data?.settings.standards.find((standard) => standard.code === code)?.name ?? code)
      : null;
}
