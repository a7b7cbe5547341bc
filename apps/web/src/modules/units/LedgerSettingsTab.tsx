import { useState } from 'react';
import { App, Button, Card, Input, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  defaultSectorDepartments,
  defaultUnitCategories,
  ledgerSettingsRoles,
  regionLevelOf,
  sectors,
  type LedgerSettingsOverride,
  type LedgerSettingsResponse,
  type RegionLevel,
  type Sector,
  type UnitCategory,
} from '@lastmile/shared';
import { useMe } from '../../app/session';
import { QueryError } from '../../components/QueryError';
import { reportError } from '../../lib/form-errors';
import { useLedgerSettings, useSaveLedgerSettings } from './api';

/** Settings are kept by a province, city or county; the server merges them, widest first. */
const settingsLevels: readonly RegionLevel[] = ['province', 'city', 'county'];

type Departments = Record<Sector, string>;

const sameCategories = (a: readonly UnitCategory[], b: readonly UnitCategory[]) =>
  JSON.stringify(a.map((item) => [item.code, item.name, item.nameEn, item.sector, item.smallVenue])) ===
  JSON.stringify(b.map((item) => [item.code, item.name, item.nameEn, item.sector, item.smallVenue]));

/**
 * What a county stores: its category list unless it is the default one, and the departments it
 * renamed. Departments not renamed keep following the wider setting.
 */
function overrideOf(categories: UnitCategory[], departments: Departments): LedgerSettingsOverride {
  const renamed = sectors.filter((sector) => departments[sector] !== defaultSectorDepartments[sector]);
  return {
    categories: sameCategories(categories, defaultUnitCategories) ? null : categories,
    sectorDepartments: renamed.length > 0 ? Object.fromEntries(renamed.map((sector) => [sector, departments[sector]])) : null,
  };
}

/** A code for a category the county adds: codes are stable keys, the name is what people read. */
function newCode(categories: readonly UnitCategory[]): string {
  const taken = new Set(categories.map((category) => category.code));
  let index = 1;
  while (taken.has(`local${index}`)) {
    index += 1;
  }
  return `local${index}`;
}

/**
 * 台账设置: the unit categories (九小场所 or the local 十小) and which department supervises each
 * sector (三管三必须). A county administrator edits them; everyone else reads them.
 */
export function LedgerSettingsTab() {
  const me = useMe();
  const settings = useLedgerSettings();
  const canEdit = ledgerSettingsRoles.includes(me.role) && settingsLevels.includes(regionLevelOf(me.scopeRegionCode));
  if (settings.error) {
    return <QueryError error={settings.error} />;
  }
  if (!settings.data) {
    return <Card loading variant="borderless" />;
  }
  // A fresh editor whenever the stored settings change, so it always starts from what is saved.
  return <SettingsEditor key={JSON.stringify(settings.data)} settings={settings.data} canEdit={canEdit} />;
}

function SettingsEditor({ settings, canEdit }: { settings: LedgerSettingsResponse; canEdit: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const save = useSaveLedgerSettings();
  const [categories, setCategories] = useState<UnitCategory[]>(settings.categories);
  const [departments, setDepartments] = useState<Departments>(settings.sectorDepartments);

  const changeCategory = (code: string, patch: Partial<UnitCategory>) =>
    setCategories((current) => current.map((item) => (item.code === code ? { ...item, ...patch } : item)));
  const blank = categories.some((item) => !item.name.trim()) || sectors.some((sector) => !departments[sector].trim());
  const changed =
    !sameCategories(categories, settings.categories) || sectors.some((sector) => departments[sector] !== settings.sectorDepartments[sector]);

  const submit = async () => {
    try {
      await save.mutateAsync({ regionCode: settings.regionCode, override: overrideOf(categories, departments) });
      void message.success(t('units.settings.saved'));
    } catch (error) {
      reportError(message, error);
    }
  };

  const sectorOptions = sectors.map((sector) => ({ value: sector, label: t(`ledger.sector.${sector}`) }));
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Text type="secondary">
          {canEdit ? t('units.settings.hintEdit', { region: me.scopeRegionName }) : t('units.settings.hintView', { region: me.scopeRegionName })}
        </Typography.Text>
        {canEdit && (
          <Space>
            <Button
              onClick={() => {
                setCategories(defaultUnitCategories);
                setDepartments(defaultSectorDepartments);
              }}
              data-testid="ledger-settings-reset"
            >
              {t('units.settings.reset')}
            </Button>
            <Button
              type="primary"
              disabled={!changed || blank}
              loading={save.isPending}
              onClick={() => void submit()}
              data-testid="ledger-settings-save"
            >
              {t('common.save')}
            </Button>
          </Space>
        )}
      </Space>
      {blank && <Typography.Text type="danger">{t('units.settings.blank')}</Typography.Text>}
      <Card
        size="small"
        title={t('units.settings.categories')}
        extra={
          canEdit && (
            <Button
              size="small"
              icon={<PlusOutlined />}
              onClick={() => setCategories((current) => [...current, { code: newCode(current), name: '', nameEn: null, sector: 'other', smallVenue: false }])}
              data-testid="ledger-category-add"
            >
              {t('units.settings.addCategory')}
            </Button>
          )
        }
      >
        <Table<UnitCategory>
          data-testid="ledger-categories-table"
          rowKey="code"
          size="small"
          pagination={false}
          dataSource={categories}
          columns={[
            {
              title: t('units.settings.categoryName'),
              dataIndex: 'name',
              render: (name: string, row) =>
                canEdit ? (
                  <Input size="small" value={name} maxLength={32} status={name.trim() ? undefined : 'error'} onChange={(event) => changeCategory(row.code, { name: event.target.value })} />
                ) : (
                  name
                ),
            },
            {
              title: t('units.settings.categoryNameEn'),
              dataIndex: 'nameEn',
              render: (nameEn: string | null, row) =>
                canEdit ? (
                  <Input size="small" value={nameEn ?? ''} maxLength={64} onChange={(event) => changeCategory(row.code, { nameEn: event.target.value || null })} />
                ) : (
                  (nameEn ?? '—')
                ),
            },
            {
              title: t('units.units.sector'),
              dataIndex: 'sector',
              render: (sector: Sector, row) =>
                canEdit ? (
                  <Select size="small" value={sector} style={{ width: 160 }} options={sectorOptions} onChange={(next) => changeCategory(row.code, { sector: next })} />
                ) : (
                  t(`ledger.sector.${sector}`)
                ),
            },
            {
              title: t('units.units.smallVenue'),
              dataIndex: 'smallVenue',
              render: (smallVenue: boolean, row) =>
                canEdit ? (
                  <Switch size="small" checked={smallVenue} onChange={(next) => changeCategory(row.code, { smallVenue: next })} />
                ) : (
                  smallVenue && <Tag color="purple">{t('units.units.smallVenue')}</Tag>
                ),
            },
            { title: t('units.settings.code'), dataIndex: 'code', render: (code: string) => <Typography.Text type="secondary">{code}</Typography.Text> },
            ...(canEdit
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    render: (_: unknown, row: UnitCategory) => (
                      <Button
                        type="link"
                        size="small"
                        danger
                        icon={<DeleteOutlined />}
                        disabled={categories.length === 1}
                        aria-label={t('common.delete')}
                        onClick={() => setCategories((current) => current.filter((item) => item.code !== row.code))}
                      />
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Card size="small" title={t('units.settings.departments')}>
        <Table<{ sector: Sector }>
          data-testid="ledger-departments-table"
          rowKey="sector"
          size="small"
          pagination={false}
          dataSource={sectors.map((sector) => ({ sector }))}
          columns={[
            { title: t('units.units.sector'), dataIndex: 'sector', render: (sector: Sector) => t(`ledger.sector.${sector}`) },
            {
              title: t('units.units.supervisingDepartment'),
              key: 'department',
              render: (_, { sector }) =>
                canEdit ? (
                  <Input
                    size="small"
                    value={departments[sector]}
                    maxLength={64}
                    status={departments[sector].trim() ? undefined : 'error'}
                    onChange={(event) => setDepartments((current) => ({ ...current, [sector]: event.target.value }))}
                    style={{ maxWidth: 320 }}
                    data-testid={`ledger-department-${sector}`}
                  />
                ) : (
                  departments[sector]
                ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
