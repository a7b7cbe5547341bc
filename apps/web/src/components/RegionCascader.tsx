import { useState } from 'react';
import { Cascader } from 'antd';
import { regionLevelOf, regionLevels, type RegionLevel } from '@lastmile/shared';
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
 * The value is the chosen 12-digit code. With `levels`, the tree stops at the deepest level
 * allowed, and when that is the only level allowed the user must walk down to it.
 */
export function RegionCascader(props: {
  value?: string;
  onChange?: (code: string | undefined) => void;
  placeholder?: string;
  levels?: readonly RegionLevel[];
  'data-testid'?: string;
}) {
  const me = useMe();
  const deepest = props.levels
    ? regionLevels.filter((level) => props.levels!.includes(level)).at(-1)!
    : 'village';
  const isLeaf = (code: string, childCount?: number) =>
    childCount === 0 || regionLevels.indexOf(regionLevelOf(code)) >= regionLevels.indexOf(deepest);
  const [options, setOptions] = useState<Option[]>([
    { value: me.scopeRegionCode, label: me.scopeRegionName, isLeaf: isLeaf(me.scopeRegionCode) },
  ]);
  const [path, setPath] = useState<string[]>([]);

  const loadData = async (selected: Option[]) => {
    const target = selected[selected.length - 1]!;
    const { items } = await fetchRegionChildren(target.value);
    target.children = items.map((region) => ({
      value: region.code,
      label: region.name,
      isLeaf: isLeaf(region.code, region.childCount),
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
      changeOnSelect={!props.levels || props.levels.length > 1}
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
