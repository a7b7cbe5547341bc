import type {
  GridKind,
  HazardSourceKind,
  PostKind,
  RiskLevel,
  RiskPointKind,
  RiskPointStatus,
  Sector,
  UnitStatus,
} from './enums';

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

/**
 * Names of the ledger enums in both languages. Excel files and printed tables use the Chinese;
 * the web UI loads both into i18n (`ledger.<group>.<code>`), so there is one list to keep.
 */
export const ledgerLabels = {
  'zh-CN': {
    sector: {
      hazardousChemicals: '危险化学品',
      mining: '非煤矿山',
      industryTrade: '工贸',
      fireworks: '烟花爆竹',
      construction: '房屋市政工程',
      gas: '城镇燃气',
      roadTransport: '道路运输',
      fireSafety: '消防安全',
      specialEquipment: '特种设备',
      commerce: '商贸',
      tourism: '文化旅游',
      education: '教育',
      health: '医疗卫生',
      water: '水利',
      geology: '地质灾害',
      forestry: '森林防火',
      agriculture: '农业农村',
      housing: '自建房',
      other: '其他',
    } satisfies Record<Sector, string>,
    unitStatus: { operating: '在营', suspended: '停产停业', closed: '关闭' } satisfies Record<
      UnitStatus,
      string
    >,
    riskLevel: { major: '重大风险', high: '较大风险', general: '一般风险', low: '低风险' } satisfies Record<
      RiskLevel,
      string
    >,
    riskPointStatus: { active: '管控中', eliminated: '已消除' } satisfies Record<RiskPointStatus, string>,
    riskPointKind: {
      lowLyingFlood: '低洼易涝点',
      flashFlood: '山洪危险区',
      landslide: '滑坡',
      collapse: '崩塌',
      debrisFlow: '泥石流',
      dyke: '堤防',
      reservoir: '水库、山塘',
      tailingsDam: '尾矿库',
      forestFire: '森林火险区',
      gasPipeline: '燃气管道',
      bridgeTunnel: '桥梁隧道',
      crowdedPlace: '人员密集场所',
      selfBuiltHouse: '自建房',
      undergroundSpace: '地下空间',
      highRise: '高层建筑',
      constructionSite: '在建工地',
      hazardousChemicals: '危险化学品',
      other: '其他',
    } satisfies Record<RiskPointKind, string>,
    hazardSourceKind: {
      chemicalStorage: '危险化学品储存',
      chemicalProcess: '危险化学品生产使用',
      fuelStation: '加油加气站',
      lpgStation: '液化气站',
      gasStorage: '燃气储配站',
      explosivesStore: '民爆物品仓库',
      fireworksStore: '烟花爆竹仓库',
      pressureEquipment: '锅炉压力容器',
      tailingsDam: '尾矿库',
      reservoirDam: '水库大坝',
      dustExplosion: '粉尘涉爆',
      ammoniaRefrigeration: '涉氨制冷',
      confinedSpace: '有限空间',
      other: '其他',
    } satisfies Record<HazardSourceKind, string>,
  },
  en: {
    sector: {
      hazardousChemicals: 'Hazardous chemicals',
      mining: 'Non-coal mining',
      industryTrade: 'Industry and trade',
      fireworks: 'Fireworks',
      construction: 'Building and municipal works',
      gas: 'Town gas',
      roadTransport: 'Road transport',
      fireSafety: 'Fire safety',
      specialEquipment: 'Special equipment',
      commerce: 'Commerce',
      tourism: 'Culture and tourism',
      education: 'Education',
      health: 'Health care',
      water: 'Water',
      geology: 'Geological hazards',
      forestry: 'Forest fire',
      agriculture: 'Agriculture',
      housing: 'Self-built housing',
      other: 'Other',
    } satisfies Record<Sector, string>,
    unitStatus: { operating: 'Operating', suspended: 'Suspended', closed: 'Closed' } satisfies Record<
      UnitStatus,
      string
    >,
    riskLevel: { major: 'Major', high: 'High', general: 'General', low: 'Low' } satisfies Record<
      RiskLevel,
      string
    >,
    riskPointStatus: { active: 'Under control', eliminated: 'Eliminated' } satisfies Record<
      RiskPointStatus,
      string
    >,
    riskPointKind: {
      lowLyingFlood: 'Low-lying flood point',
      flashFlood: 'Flash-flood zone',
      landslide: 'Landslide',
      collapse: 'Rock collapse',
      debrisFlow: 'Debris flow',
      dyke: 'Dyke',
      reservoir: 'Reservoir or pond',
      tailingsDam: 'Tailings dam',
      forestFire: 'Forest-fire zone',
      gasPipeline: 'Gas pipeline',
      bridgeTunnel: 'Bridge or tunnel',
      crowdedPlace: 'Crowded place',
      selfBuiltHouse: 'Self-built house',
      undergroundSpace: 'Underground space',
      highRise: 'High-rise building',
      constructionSite: 'Construction site',
      hazardousChemicals: 'Hazardous chemicals',
      other: 'Other',
    } satisfies Record<RiskPointKind, string>,
    hazardSourceKind: {
      chemicalStorage: 'Chemical storage',
      chemicalProcess: 'Chemical production or use',
      fuelStation: 'Fuel station',
      lpgStation: 'LPG station',
      gasStorage: 'Gas storage',
      explosivesStore: 'Explosives store',
      fireworksStore: 'Fireworks store',
      pressureEquipment: 'Boilers and pressure vessels',
      tailingsDam: 'Tailings dam',
      reservoirDam: 'Reservoir dam',
      dustExplosion: 'Combustible dust',
      ammoniaRefrigeration: 'Ammonia refrigeration',
      confinedSpace: 'Confined space',
      other: 'Other',
    } satisfies Record<HazardSourceKind, string>,
  },
} as const;
