import { Select } from 'antd';

/**
 * A list filter: "all" (no value) first, then the choices. Clearing the choice gives
 * `undefined`, so the filter leaves the query.
 */
export function FilterSelect<T extends string>(props: {
  value: T | undefined;
  onChange: (value: T | undefined) => void;
  allLabel: string;
  options: { value: T; label: string }[];
  width: number;
  searchable?: boolean;
  testId?: string;
}) {
  return (
    <Select<T | ''>
      value={props.value ?? ''}
      style={{ width: props.width }}
      showSearch={props.searchable ? { optionFilterProp: 'label' } : undefined}
      onChange={(value) => props.onChange(value || undefined)}
      options={[{ value: '', label: props.allLabel }, ...props.options]}
      data-testid={props.testId}
    />
  );
}
