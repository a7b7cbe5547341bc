import { useState } from 'react';
import { App, Button, Input, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { orgEditorRoles, postKinds, type Person, type Post, type PostKind } from '@lastmile/shared';
import { useMe } from '../../app/session';
import { QueryError } from '../../components/QueryError';
import { usePeople, useRemovePost, type PersonFilters } from './api';
import { PersonFormModal } from './PersonFormModal';
import { PostAssignModal } from './PostAssignModal';
import { RegionFilter } from '../../components/RegionFilter';
import { reportError } from '../../lib/form-errors';
import { offsetPagination } from '../../lib/pagination';
import { Phones } from '../../components/PersonRefs';

const pageSize = 20;

/** People (人员) of the jurisdiction and the posts (岗位) they hold. */
export function PeopleTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const canEdit = orgEditorRoles.includes(me.role);
  const [filters, setFilters] = useState<PersonFilters>({ limit: pageSize, offset: 0 });
  const [editing, setEditing] = useState<{ open: boolean; person?: Person }>({ open: false });
  const [assigning, setAssigning] = useState<Person>();
  const people = usePeople(filters);
  const removePost = useRemovePost();

  const remove = async (person: Person, post: Post) => {
    try {
      await removePost.mutateAsync({ personId: person.id, postId: post.id });
      void message.success(t('org.people.postRemoved'));
    } catch (error) {
      reportError(message, error);
    }
  };

  if (people.error) {
    return <QueryError error={people.error} />;
  }
  return (
    <>
      <Space wrap style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <RegionFilter
            value={filters.regionCode}
            onChange={(regionCode) => setFilters((current) => ({ ...current, regionCode, offset: 0 }))}
            data-testid="person-region"
          />
          <Input.Search
            allowClear
            placeholder={t('org.people.searchPlaceholder')}
            onSearch={(q) => setFilters((current) => ({ ...current, q: q || undefined, offset: 0 }))}
            style={{ width: 220 }}
            data-testid="person-search"
          />
          <Select<PostKind | ''>
            value={filters.postKind ?? ''}
            style={{ width: 200 }}
            onChange={(postKind) => setFilters((current) => ({ ...current, postKind: postKind || undefined, offset: 0 }))}
            options={[
              { value: '', label: t('org.people.allPosts') },
              ...postKinds.map((kind) => ({ value: kind, label: t(`org.postKinds.${kind}`) })),
            ]}
            data-testid="person-post-filter"
          />
        </Space>
        {canEdit && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ open: true })} data-testid="person-create">
            {t('org.people.create')}
          </Button>
        )}
      </Space>
      <Table<Person>
        data-testid="person-table"
        rowKey="id"
        size="middle"
        loading={people.isFetching}
        dataSource={people.data?.items}
        pagination={offsetPagination({
          offset: filters.offset,
          pageSize,
          total: people.data?.total,
          onOffset: (offset) => setFilters((current) => ({ ...current, offset })),
          t,
        })}
        columns={[
          { title: t('org.people.name'), dataIndex: 'name' },
          {
            title: t('org.people.mobile'),
            dataIndex: 'mobile',
            render: (mobile: string, row) => <Phones mobile={mobile} landline={row.landline} />,
          },
          { title: t('org.people.region'), dataIndex: 'regionName' },
          {
            title: t('org.people.posts'),
            dataIndex: 'posts',
            render: (posts: Post[], row) => (
              <Space size={[0, 4]} wrap data-testid="person-posts">
                {posts.map((post) => (
                  <Tag
                    key={post.id}
                    color={post.gridId ? 'green' : 'blue'}
                    closable={canEdit}
                    onClose={(event) => {
                      // The tag goes when the server says so, not before.
                      event.preventDefault();
                      void remove(row, post);
                    }}
                  >
                    {t(`org.postKinds.${post.kind}`)}
                    {post.title ? `·${post.title}` : ''}（{post.gridName ?? post.regionName}）
                  </Tag>
                ))}
              </Space>
            ),
          },
          ...(canEdit
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, row: Person) => (
                    <Space size={0}>
                      <Button type="link" size="small" onClick={() => setEditing({ open: true, person: row })}>
                        {t('common.edit')}
                      </Button>
                      <Button type="link" size="small" onClick={() => setAssigning(row)} data-testid="post-assign">
                        {t('org.people.assign')}
                      </Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <PersonFormModal open={editing.open} editing={editing.person} onClose={() => setEditing({ open: false })} />
      <PostAssignModal person={assigning} onClose={() => setAssigning(undefined)} />
    </>
  );
}
