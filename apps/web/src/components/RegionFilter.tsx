import type { RegionLevel } from '@lastmile/shared';
import { useMe } from '../app/session';
import { RegionCascader } from './RegionCascader';

/** The region a tab shows; empty means the user's whole jurisdiction, named as the placeholder. */
export function RegionFilter(props: {
  value?: string;
  onChange: (code: string | undefined) => void;
  placeholder?: string;
  /** Levels the user may pick (default: any). */
  levels?: readonly RegionLevel[];
  'data-testid'?: string;
}) {
  const me = useMe();
  return (
    <div style={{ width: 320 }}>
      <RegionCascader
        value={props.value}
        onChange={props.onChange}
        levels={props.levels}
        placeholder={props.placeholder ?? me.scopeRegionName}
        data-testid={props['data-testid']}
      />
    </div>
  );
}
