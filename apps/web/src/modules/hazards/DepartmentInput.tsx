import { Select } from 'antd';
import { useLedgerSettings } from '../units/api';

/** The county's departments (三管三必须 table) and which supervises each sector. */
export function useDepartmentOptions(regionCode?: string) {
  const settings = useLedgerSettings(regionCode);
  const names = [...new Set(Object.values(settings.data?.sectorDepartments ?? {}))];
  return {
    options: names.map((name) => ({ value: name, label: name })),
    sectorDepartments: settings.data?.sectorDepartments,
    isFetching: settings.isFetching,
  };
}

/**
 * Picks one of the county's departments: summons go only to departments of the sector →
 * department table (the server refuses others).
 */
export function DepartmentInput(props: {
  value?: string;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
  regionCode?: string;
  'data-testid'?: string;
}) {
  const { options, isFetching } = useDepartmentOptions(props.regionCode);
  return (
    <Select<string>
      value={props.value}
      onChange={props.onChange}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      loading={isFetching}
      options={options}
      placeholder={props.placeholder}
      data-testid={props['data-testid']}
    />
  );
}
