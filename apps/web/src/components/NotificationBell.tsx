import { Badge, Button, Empty, List, Popover, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Notification } from '@lastmile/shared';
import { api } from '../lib/api';
import { formatDateTime } from '../lib/format';

const key = ['notifications'];

/** Where a notice leads: a hazard opens in the hazards page, a public report in its tab. */
function targetOf(notice: Notification): string | undefined {
  switch (notice.entity) {
    case 'hazard':
      return `/hazards?hazard=${notice.entityId}`;
    case 'publicReport':
      return '/hazards?tab=publicReports';
    default:
      return undefined;
  }
}

/**
 * The in-app notices (站内通知): 督办 reminders, assignments, summons, new public reports. The
 * unread count is polled every minute; opening one marks it read and goes to its record.
 */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const notices = useQuery({
    queryKey: key,
    queryFn: () =>
      api.get<{ items: Notification[]; total: number }>('/notifications', { limit: 20, offset: 0 }),
    refetchInterval: 60_000,
  });
  const unread = useQuery({
    queryKey: [...key, 'unread'],
    queryFn: () =>
      api.get<{ items: Notification[]; total: number }>('/notifications', {
        unread: 'true',
        limit: 1,
        offset: 0,
      }),
    refetchInterval: 60_000,
  });
  const markRead = useMutation({
    mutationFn: (id: string) => api.post(`/notifications/${id}/read`, {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key }),
  });
  const open = (notice: Notification) => {
    if (!notice.readAt) {
      markRead.mutate(notice.id);
    }
    const target = targetOf(notice);
    if (target) {
      void navigate(target);
    }
  };
  const content = (
    <div style={{ width: 360, maxHeight: 420, overflow: 'auto' }} data-testid="notifications">
      {notices.data?.items.length ? (
        <List<Notification>
          size="small"
          dataSource={notices.data.items}
          renderItem={(notice) => (
            <List.Item
              onClick={() => open(notice)}
              style={{ cursor: 'pointer', background: notice.readAt ? undefined : '#fff7e6' }}
              data-testid="notification"
              data-kind={notice.kind}
            >
              <List.Item.Meta
                title={<Typography.Text strong={!notice.readAt}>{notice.title}</Typography.Text>}
                description={
                  <>
                    <div>{notice.body}</div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatDateTime(notice.createdAt)}
                    </Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.none')} />
      )}
    </div>
  );
  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      title={t('notifications.title')}
      content={content}
    >
      <Badge count={unread.data?.total ?? 0} size="small" overflowCount={99}>
        <Button
          type="text"
          icon={<BellOutlined style={{ color: '#fff', fontSize: 18 }} />}
          aria-label={t('notifications.title')}
          data-testid="notification-bell"
        />
      </Badge>
    </Popover>
  );
}
