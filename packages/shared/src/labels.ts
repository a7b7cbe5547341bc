import type { GridKind, PostKind } from './enums';

/**
 * Chinese names of posts and grid kinds as they appear on official paper: Excel templates,
 * grid management tables and printed duty cards. These documents are Chinese whatever the
 * user's interface language; the web UI translates through its own locale files.
 */
export const postKindNames: Record<PostKind, string> = {
  partySecretary: '乡镇党委书记',
  townshipHead: '乡镇长',
  leaderInCharge: '分管领导',
  officeDirector: '应急办主任',
  standingDeputy: '常务副主任',
  fullTimeDeputy: '专职副主任',
  safetySupervisor: '安全监管员',
  fireSupervisor: '消防监管员',
  officeStaff: '应急办工作人员',
  hqCommander: '总指挥',
  hqDeputyCommander: '副总指挥',
  hqMember: '指挥部成员',
  villageHead: '村(社区)负责人',
  villageStaff: '村(社区)应急专干',
  informant: '信息报告员',
  gridHead: '网格长',
  gridWorker: '网格员',
};

export const gridKindNames: Record<GridKind, string> = {
  villagerGroup: '村民小组',
  communityBlock: '社区网格',
  other: '其他',
};
