import { Space, Typography } from 'antd';
import type { PersonRef } from '@lastmile/shared';

/** People with their phones, one per line: who to call. */
export function PersonRefs({ people }: { people: PersonRef[] }) {
  if (people.length === 0) {
    return <Typography.Text type="secondary">—</Typography.Text>;
  }
  return (
    <Space orientation="vertical" size={0}>
      {people.map((person) => (
        <span key={person.personId}>
          {person.name} <Typography.Text type="secondary">{person.mobile}</Typography.Text>
        </span>
      ))}
    </Space>
  );
}

/** A mobile number with the landline, if any, beneath it. */
export function Phones({ mobile, landline }: { mobile: string; landline: string | null }) {
  return (
    <Space orientation="vertical" size={0}>
      {mobile}
      {landline && <Typography.Text type="secondary">{landline}</Typography.Text>}
    </Space>
  );
}
