import { useSearchParams } from 'react-router';
import { Typography } from 'antd';

/** Opens a hazard's drawer by putting `?hazard=ID` in the address (so it can be linked to). */
export function useOpenHazard() {
  const [, setParams] = useSearchParams();
  return (id: string) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      next.set('hazard', id);
      return next;
    });
}

/** A hazard's number that opens its drawer. */
export function HazardLink({ id, number }: { id: string; number: string }) {
  const open = useOpenHazard();
  return (
    <Typography.Link
      onClick={() => open(id)}
      data-testid="hazard-open"
      style={{ whiteSpace: 'nowrap' }}
    >
      {number}
    </Typography.Link>
  );
}
