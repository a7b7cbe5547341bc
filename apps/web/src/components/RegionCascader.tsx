import { useState } from 'react';
import { Cascader } from 'antd';
import { fetchRegionChildren } from '../modules/regions/api';
import { useMe } from '../app/session';

interface Option {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: Option[];
}

/**
 * Picks a region inside the user's jurisdiction by walking the tree (county → township →
 * village), loading each level when opened. Region codes are never typed by hand.
 * The value is the chosen 12-digit code.
 */
export function RegionCascader(props: {
  value?: string;
  onChange?: (code: string | undefined) => void;
  placeholder?: string;
  'data-testid'?: string;
}) {
  const me = useMe();
  const [options, setOptions] = useState<Option[]>([
    // A village code does not end in 000; a village has no children to open.
    { value: me.scopeRegionCode, label: me.scopeRegionName, isLeaf: !me.scopeRegionCode.endsWith('000') },
  ]);
  const [path, setPath] = useState<string[]>([]);

  const loadData = async (selected: Option[]) => {
    const target = selected[selected.length - 1]!;
    const { items } = await fetchRegionChildren(target.value);
    target.children = items.map((region) => ({
      value: region.code,
      label: region.name,
      isLeaf: region.childCount === 0,
    }));
    setOptions((current) => [...current]);
  };

  // The path the user walked; cleared when the form resets the value.
  const shown = props.value && path[path.length - 1] === props.value ? path : [];

  return (
    <Cascader<Option>
      data-testid={props['data-testid']}
      options={options}
      loadData={(selected) => void loadData(selected)}
      changeOnSelect
      value={shown}
      placeholder={props.placeholder}
      displayRender={(labels) => labels.join(' / ')}
      onChange={(value) => {
        const codes = (value ?? []);
        setPath(codes);
        props.onChange?.(codes[codes.length - 1]);
      }}
      style={{ width: '100%' }}
    />
  );
}
