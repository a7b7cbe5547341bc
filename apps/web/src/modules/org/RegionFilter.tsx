import { useMe } from '../../app/session';
import { RegionCascader } from '../../components/RegionCascader';

/** The region a tab shows; empty means the user's whole jurisdiction, named as the placeholder. */
export function RegionFilter(props: {
  value?: string;
  onChange: (code: string | undefined) => void;
  placeholder?: string;
  'data-testid'?: string;
}) {
  const me = useMe();
  return (
    <div style={{ width: 320 }}>
      <RegionCascader
        value={props.value}
        onChange={props.onChange}
        placeholder={props.placeholder ?? me.scopeRegionName}
        data-testid={props['data-testid']}
      />
    </div>
  );
}
