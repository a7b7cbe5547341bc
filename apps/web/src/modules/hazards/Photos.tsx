import { Image, Space, Typography } from 'antd';
import { attachmentUrl } from './api';

/** Photos as thumbnails that open full size; the session cookie fetches them. */
export function Photos({
  ids,
  size = 88,
  testId,
}: {
  ids: readonly string[];
  size?: number;
  testId?: string;
}) {
  if (ids.length === 0) {
    return <Typography.Text type="secondary">—</Typography.Text>;
  }
  return (
    <Image.PreviewGroup>
      <Space wrap size={8} data-testid={testId}>
        {ids.map((id) => (
          <Image
            key={id}
            src={attachmentUrl(id)}
            width={size}
            height={size}
            style={{ objectFit: 'cover', borderRadius: 4 }}
            alt=""
          />
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}
