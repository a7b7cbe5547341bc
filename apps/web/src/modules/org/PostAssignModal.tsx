import { useEffect } from 'react';
import { App, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { postKinds, postPlaces, regionLevelOf, type Person, type PostKind, type PostPlace, type RegionLevel } from '@lastmile/shared';
import { RegionCascader } from '../../components/RegionCascader';
import { useAssignPost, useGrids } from './api';
import { reportSaveError } from '../../lib/form-errors';
import { regionLevelRule } from '../../lib/region-level';
import { FormModal } from '../../components/FormModal';

interface FormValues {
  kind: PostKind;
  /** Region posts: where the post sits. */
  regionCode?: string;
  /** Grid posts: the village whose grids to offer, then the grid. */
  villageCode?: string;
  gridId?: string;
  title?: string;
}

/** The region levels a post may sit at; grid posts sit in a grid instead. */
function regionLevelsOf(kind: PostKind | undefined): RegionLevel[] {
  return kind ? postPlaces[kind].filter((place): place is Exclude<PostPlace, 'grid'> => place !== 'grid') : [];
}

/** Post kinds in three groups, where they sit: township (or county), village, grid. */
const postGroups = (['township', 'village', 'grid'] as const).map((group) => ({
  group,
  kinds: postKinds.filter((kind) => {
    const places = postPlaces[kind];
    return group === 'township' ? !places.includes('village') && !places.includes('grid') : places.includes(group);
  }),
}));

/** Command HQ posts name the department or role the member stands for. */
const titledKinds: readonly PostKind[] = ['hqCommander', 'hqDeputyCommander', 'hqMember'];

/** Gives a person a post: a grid post in a grid of a village, any other post in a region. */
export function PostAssignModal(props: { person?: Person; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const assign = useAssignPost();
  const person = props.person;
  const kind = Form.useWatch('kind', form);
  const villageCode = Form.useWatch('villageCode', form);
  const regionCode = Form.useWatch('regionCode', form);
  const isGridPost = kind !== undefined && postPlaces[kind].includes('grid');
  const regionLevels = regionLevelsOf(kind);
  const grids = useGrids({ regionCode: villageCode, limit: 500, offset: 0 }, isGridPost && Boolean(villageCode));

  useEffect(() => {
    if (person) {
      form.resetFields();
      // Grid posts start from the person's own village.
      form.setFieldsValue({ villageCode: regionLevelOf(person.regionCode) === 'village' ? person.regionCode : undefined });
    }
  }, [person, form]);

  const submit = async (values: FormValues) => {
    if (!person) {
      return;
    }
    try {
      await assign.mutateAsync({
        personId: person.id,
        body: isGridPost
          ? { kind: values.kind, gridId: values.gridId }
          : { kind: values.kind, regionCode: values.regionCode, title: values.title || null },
      });
      void message.success(t('org.people.assigned'));
      props.onClose();
    } catch (error) {
      reportSaveError(form, error, message);
    }
  };

  const required = { required: true, message: t('org.required') };
  const personIsIn = (levels: readonly RegionLevel[]) => person !== undefined && levels.includes(regionLevelOf(person.regionCode));
  // The cascader shows only paths walked by hand; a preset region is named by its placeholder.
  const shownAsPlaceholder = (code: string | undefined) => (person && code === person.regionCode ? person.regionName : undefined);
  return (
    <FormModal
      open={person !== undefined}
      title={person ? `${t('org.people.assign')}：${person.name}` : undefined}
      onClose={props.onClose}
      onSubmit={() => form.submit()}
      saving={assign.isPending}
      submitTestId="post-form-submit"
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={(values) => void submit(values)}
        onValuesChange={(changed: Partial<FormValues>) => {
          if ('villageCode' in changed) {
            form.setFieldValue('gridId', undefined);
          }
          if (changed.kind && person) {
            // A region post starts at the person's own region when the post may sit there.
            form.setFieldValue('regionCode', personIsIn(regionLevelsOf(changed.kind)) ? person.regionCode : undefined);
          }
        }}
        data-testid="post-form"
      >
        <Form.Item name="kind" label={t('org.people.postKind')} rules={[required]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            data-testid="post-form-kind"
            options={postGroups.map(({ group, kinds }) => ({
              label: t(`org.people.postGroups.${group}`),
              options: kinds.map((value) => ({ value, label: t(`org.postKinds.${value}`) })),
            }))}
          />
        </Form.Item>
        {isGridPost && (
          <>
            <Form.Item
              name="villageCode"
              label={t('org.grids.village')}
              rules={[required, regionLevelRule(['village'], t('org.pickVillage'))]}
            >
              <RegionCascader levels={['village']} data-testid="post-form-village" placeholder={shownAsPlaceholder(villageCode)} />
            </Form.Item>
            <Form.Item name="gridId" label={t('org.people.grid')} rules={[required]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                data-testid="post-form-grid"
                loading={grids.isFetching}
                disabled={!villageCode}
                notFoundContent={t('org.people.noGrids')}
                options={(grids.data?.items ?? []).map((grid) => ({ value: grid.id, label: grid.name }))}
              />
            </Form.Item>
          </>
        )}
        {kind && !isGridPost && (
          <Form.Item
            name="regionCode"
            label={t('org.people.postRegion')}
            extra={regionLevels.map((level) => t(`levels.${level}`)).join(' / ')}
            rules={[required, regionLevelRule(regionLevels, t('org.people.postRegionLevel'))]}
          >
            <RegionCascader data-testid="post-form-region" placeholder={shownAsPlaceholder(regionCode)} />
          </Form.Item>
        )}
        {kind && titledKinds.includes(kind) && (
          <Form.Item name="title" label={t('org.people.postTitle')} rules={[{ max: 64 }]}>
            <Input placeholder={t('org.people.postTitlePlaceholder')} />
          </Form.Item>
        )}
      </Form>
    </FormModal>
  );
}
