import { useState } from 'react';
import { App, Button, Drawer, InputNumber, Space, Switch, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  defaultStaffingRules,
  jurongProfile,
  regionLevelOf,
  staffingRuleCodes,
  type RegionLevel,
  type StaffingRule,
  type StaffingRuleCode,
  type StaffingRules,
  type StaffingRulesOverride,
} from '@lastmile/shared';
import { useMe } from '../../app/session';
import { QueryError } from '../../components/QueryError';
import { useSaveStaffingRules, useStaffingRules } from './api';
import { reportError } from '../../lib/form-errors';
import { ruleUnits } from './shortfalls';

/** Rules are set by a province, city or county; the server merges those, widest first. */
const ruleLevels: readonly RegionLevel[] = ['province', 'city', 'county'];

type RuleGroup = 'township' | 'jurong' | 'village' | 'grid';

/** Where each rule is checked, for the table's first column. */
const ruleGroups: Record<StaffingRuleCode, RuleGroup> = {
  townshipOfficeStaff: 'township',
  townshipPartySecretary: 'township',
  townshipHead: 'township',
  townshipLeaderInCharge: 'township',
  townshipOfficeDirector: 'township',
  townshipHqCommander: 'township',
  jurongOfficeDirector: 'jurong',
  jurongStandingDeputy: 'jurong',
  jurongFullTimeDeputy: 'jurong',
  jurongSafetySupervisor: 'jurong',
  jurongFireSupervisor: 'jurong',
  villageStaff: 'village',
  villageInformant: 'village',
  villageGrids: 'village',
  gridStaff: 'grid',
  communityGridHouseholds: 'grid',
  gridCoverage: 'grid',
};

/** The five "五专" rules the 句容 profile switches on. */
const jurongCodes = staffingRuleCodes.filter((code) => jurongProfile[code] !== undefined);

/** `gridCoverage` ("划全分净") compares sums: it has no bounds to set. */
const unbounded: readonly StaffingRuleCode[] = ['gridCoverage'];

const maxBound = 100_000;

const sameRule = (a: StaffingRule, b: StaffingRule) => a.enabled === b.enabled && a.min === b.min && a.max === b.max;

/** The override a county stores: exactly the rules that differ from the built-in defaults. */
function overrideOf(rules: StaffingRules): StaffingRulesOverride {
  return Object.fromEntries(
    staffingRuleCodes.filter((code) => !sameRule(rules[code], defaultStaffingRules[code])).map((code) => [code, { ...rules[code] }]),
  );
}

/** An override in a fixed order, to tell whether two say the same. */
const canonical = (override: StaffingRulesOverride) =>
  JSON.stringify(staffingRuleCodes.map((code) => override[code] && [override[code].enabled, override[code].min, override[code].max]));

const copyOf = (rules: StaffingRules) =>
  Object.fromEntries(staffingRuleCodes.map((code) => [code, { ...rules[code] }])) as StaffingRules;

/**
 * 配备标准: the staffing rules the report checks, in force for the user's county. A county
 * administrator changes them (or switches on the 句容 "五专" layout); everyone else reads them.
 */
export function StaffingRulesDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  // The rules are the county's (or the wider scope's). A user inside a county may not read the
  // county itself, but the rules in force for their scope are the county's all the same: only
  // provinces, cities and counties set rules. So the scope is what is asked for.
  const regionCode = me.scopeRegionCode;
  const canEdit = me.role === 'county_admin' && ruleLevels.includes(regionLevelOf(regionCode));
  const answer = useStaffingRules(regionCode, open);

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('org.rulesEditor.title')}
      size={760}
      destroyOnHidden
      loading={open && answer.isPending}
      data-testid="staffing-rules"
    >
      {answer.error ? (
        <QueryError error={answer.error} />
      ) : (
        answer.data && (
          // A fresh editor whenever the stored rules change, so it always starts from what is saved.
          <RulesEditor
            key={JSON.stringify([answer.data.rules, answer.data.override])}
            regionCode={answer.data.regionCode}
            rules={answer.data.rules}
            override={answer.data.override}
            canEdit={canEdit}
          />
        )
      )}
    </Drawer>
  );
}

interface Row extends StaffingRule {
  code: StaffingRuleCode;
  /** Rows the group cell spans: the group's size on its first row, 0 on the others. */
  groupSpan: number;
}

function RulesEditor(props: { regionCode: string; rules: StaffingRules; override: StaffingRulesOverride; canEdit: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const [draft, setDraft] = useState(() => copyOf(props.rules));
  const save = useSaveStaffingRules();

  const change = (code: StaffingRuleCode, patch: Partial<StaffingRule>) =>
    setDraft((current) => ({ ...current, [code]: { ...current[code], ...patch } }));
  const setJurong = (enabled: boolean) =>
    setDraft((current) => ({ ...current, ...Object.fromEntries(jurongCodes.map((code) => [code, { ...current[code], enabled }])) }));

  const jurongOn = jurongCodes.every((code) => draft[code].enabled);
  const inverted = staffingRuleCodes.filter((code) => {
    const { min, max } = draft[code];
    return min !== null && max !== null && min > max;
  });
  const override = overrideOf(draft);
  const differing = Object.keys(overrideOf(props.rules)).length;
  const changed = staffingRuleCodes.some((code) => !sameRule(draft[code], props.rules[code])) || canonical(override) !== canonical(props.override);

  const submit = async () => {
    try {
      await save.mutateAsync({ regionCode: props.regionCode, override });
      void message.success(t('org.rulesEditor.saved'));
    } catch (error) {
      reportError(message, error);
    }
  };

  const rows: Row[] = staffingRuleCodes.map((code, index) => {
    const group = ruleGroups[code];
    const first = index === 0 || ruleGroups[staffingRuleCodes[index - 1]!] !== group;
    const size = staffingRuleCodes.filter((other) => ruleGroups[other] === group).length;
    return { code, ...draft[code], groupSpan: first ? size : 0 };
  });

  const bound = (row: Row, which: 'min' | 'max') => {
    if (unbounded.includes(row.code)) {
      return <Typography.Text type="secondary">—</Typography.Text>;
    }
    const unit = t(`org.rulesEditor.units.${ruleUnits[row.code]}`);
    const value = row[which];
    if (!props.canEdit) {
      return value === null ? <Typography.Text type="secondary">—</Typography.Text> : `${value} ${unit}`;
    }
    return (
      <InputNumber<number>
        size="small"
        min={0}
        max={maxBound}
        precision={0}
        value={value}
        onChange={(next) => change(row.code, { [which]: next ?? null })}
        suffix={unit}
        status={inverted.includes(row.code) ? 'error' : undefined}
        style={{ width: 110 }}
        aria-label={`${t(`org.staffingRules.${row.code}`)} ${t(`org.rulesEditor.${which}`)}`}
        data-testid={`staffing-rule-${row.code}-${which}`}
      />
    );
  };

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Text type="secondary">
        {props.canEdit ? t('org.rulesEditor.hintEdit', { region: me.scopeRegionName }) : t('org.rulesEditor.hintView', { region: me.scopeRegionName })}
      </Typography.Text>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Space>
          {props.canEdit && (
            <>
              <Switch checked={jurongOn} onChange={setJurong} data-testid="staffing-rules-jurong" />
              {t('org.rulesEditor.jurong')}
            </>
          )}
          <Tag data-testid="staffing-rules-source">
            {differing === 0 ? t('org.rulesEditor.defaults') : t('org.rulesEditor.differing', { count: differing })}
          </Tag>
        </Space>
        {props.canEdit && (
          <Space>
            <Button onClick={() => setDraft(copyOf(defaultStaffingRules))} data-testid="staffing-rules-reset">
              {t('org.rulesEditor.reset')}
            </Button>
            <Button
              type="primary"
              onClick={() => void submit()}
              disabled={!changed || inverted.length > 0}
              loading={save.isPending}
              data-testid="staffing-rules-save"
            >
              {t('common.save')}
            </Button>
          </Space>
        )}
      </Space>
      {inverted.length > 0 && (
        <Typography.Text type="danger">
          {t('org.rulesEditor.minAboveMax', { rules: inverted.map((code) => t(`org.staffingRules.${code}`)).join('、') })}
        </Typography.Text>
      )}
      <Table<Row>
        data-testid="staffing-rules-table"
        rowKey="code"
        size="small"
        bordered
        pagination={false}
        dataSource={rows}
        columns={[
          {
            title: t('org.rulesEditor.group'),
            key: 'group',
            onCell: (row) => ({ rowSpan: row.groupSpan }),
            render: (_, row) => t(`org.rulesEditor.groups.${ruleGroups[row.code]}`),
          },
          {
            title: t('org.rulesEditor.rule'),
            key: 'rule',
            render: (_, row) => (
              <Typography.Text type={row.enabled ? undefined : 'secondary'}>{t(`org.staffingRules.${row.code}`)}</Typography.Text>
            ),
          },
          {
            title: t('org.rulesEditor.enabled'),
            dataIndex: 'enabled',
            render: (enabled: boolean, row) =>
              props.canEdit ? (
                <Switch
                  size="small"
                  checked={enabled}
                  onChange={(next) => change(row.code, { enabled: next })}
                  aria-label={t(`org.staffingRules.${row.code}`)}
                  data-testid={`staffing-rule-${row.code}-enabled`}
                />
              ) : (
                <Tag color={enabled ? 'success' : undefined}>{enabled ? t('org.rulesEditor.on') : t('org.rulesEditor.off')}</Tag>
              ),
          },
          { title: t('org.rulesEditor.min'), key: 'min', render: (_, row) => bound(row, 'min') },
          { title: t('org.rulesEditor.max'), key: 'max', render: (_, row) => bound(row, 'max') },
        ]}
      />
    </Space>
  );
}
