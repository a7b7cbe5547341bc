import { Space, Switch } from 'antd';

/** A yes-or-all list filter: on asks for `'true'`, off leaves the filter out of the query. */
export function FilterSwitch(props: {
  value: 'true' | undefined;
  onChange: (value: 'true' | undefined) => void;
  label: string;
  testId: string;
}) {
  return (
    <Space size={4}>
      <Switch
        size="small"
        checked={props.value === 'true'}
        onChange={(on) => props.onChange(on ? 'true' : undefined)}
        data-testid={props.testId}
      />
      {props.label}
    </Space>
  );
}
