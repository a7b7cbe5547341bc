import { useState } from 'react';
import { Form, Select, TreeSelect } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { regionLevelOf, type Grid, type Region, type WarningTargetsInput } from '@lastmile/shared';
import { useMe } from '../../app/session';
import { api } from '../../lib/api';
import { fetchRegionChildren, useRegionChildren } from '../regions/api';

interface TreeNode {
  id: string;
  pId?: string;
  value: string;
  title: string;
  isLeaf: boolean;
  /** Only townships and villages can be warned as a whole; higher levels are only walked. */
  disableCheckbox: boolean;
}

const toNode = (region: Region, parent?: string): TreeNode => {
  const level = regionLevelOf(region.code);
  return {
    id: region.code,
    pId: parent,
    value: region.code,
    title: region.name,
    isLeaf: level === 'village' || region.childCount === 0,
    disableCheckbox: level !== 'township' && level !== 'village',
  };
};

/**
 * Townships and villages to warn, ticked in the tree of the user's jurisdiction (each level
 * loaded when opened). A ticked township means all of it: its villages are not listed again.
 */
export function RegionTargetSelect(props: {
  value?: string[];
  onChange?: (codes: string[]) => void;
  'data-testid'?: string;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const roots = useRegionChildren(me.scopeRegionCode);
  const [loaded, setLoaded] = useState<TreeNode[]>([]);

  const loadData = async (node: { value?: string | number }) => {
    const code = String(node.value);
    if (loaded.some((child) => child.pId === code)) {
      return;
    }
    const { items } = await fetchRegionChildren(code);
    setLoaded((current) => [...current, ...items.map((region) => toNode(region, code))]);
  };

  return (
    <TreeSelect
      data-testid={props['data-testid']}
      treeDataSimpleMode
      treeData={[...(roots.data?.items ?? []).map((region) => toNode(region)), ...loaded]}
      loadData={loadData}
      treeCheckable
      showCheckedStrategy={TreeSelect.SHOW_PARENT}
      value={props.value ?? []}
      onChange={(codes: string[]) => props.onChange?.(codes)}
      placeholder={t('warnings.targets.regionsPlaceholder')}
      loading={roots.isPending}
      showSearch={{ treeNodeFilterProp: 'title' }}
      maxTagCount={12}
      style={{ width: '100%' }}
    />
  );
}

/** Single grids to warn besides whole regions, searched by name inside the user's jurisdiction. */
export function GridTargetSelect(props: {
  value?: string[];
  onChange?: (ids: string[]) => void;
  'data-testid'?: string;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const grids = useQuery({
    queryKey: ['warnings', 'grid-options', q],
    queryFn: () =>
      api.get<{ items: Grid[]; total: number }>('/org/grids', {
        q: q || undefined,
        limit: 50,
        offset: 0,
      }),
    placeholderData: (previous) => previous,
  });
  return (
    <Select<string[]>
      data-testid={props['data-testid']}
      mode="multiple"
      allowClear
      value={props.value ?? []}
      onChange={(ids) => props.onChange?.(ids)}
      showSearch={{ filterOption: false, onSearch: setQ }}
      loading={grids.isFetching}
      placeholder={t('warnings.targets.gridsPlaceholder')}
      options={(grids.data?.items ?? []).map((grid) => ({
        value: grid.id,
        label: `${grid.townshipName} ${grid.regionName} ${grid.name}`,
      }))}
      style={{ width: '100%' }}
    />
  );
}

/** The two target fields of a warning form, read back as the API's targets. */
export interface TargetValues {
  regionCodes?: string[];
  gridIds?: string[];
}

export const targetsOf = (values: TargetValues): WarningTargetsInput => ({
  regionCodes: values.regionCodes ?? [],
  gridIds: values.gridIds ?? [],
});

export const hasTargets = (values: TargetValues) =>
  (values.regionCodes?.length ?? 0) + (values.gridIds?.length ?? 0) > 0;

/**
 * 预警范围: the regions and grids fields of a form. `required`: at least one of the two; otherwise
 * leaving both empty means "as the warning already says".
 */
export function TargetFields(props: { required: boolean; testIdPrefix: string; hint?: string }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<TargetValues>();
  const atLeastOne = {
    validator: async () => {
      if (
        props.required &&
        !hasTargets(form.getFieldsValue(['regionCodes', 'gridIds']) as TargetValues)
      ) {
        throw new Error(t('warnings.targets.required'));
      }
    },
  };
  return (
    <>
      <Form.Item
        name="regionCodes"
        label={t('warnings.targets.regions')}
        extra={props.hint}
        rules={[atLeastOne]}
        dependencies={['gridIds']}
      >
        <RegionTargetSelect data-testid={`${props.testIdPrefix}-regions`} />
      </Form.Item>
      <Form.Item name="gridIds" label={t('warnings.targets.grids')}>
        <GridTargetSelect data-testid={`${props.testIdPrefix}-grids`} />
      </Form.Item>
    </>
  );
}
