import { z } from 'zod';
import { sectors, type Sector } from './enums';

/**
 * Ledger settings (台账设置) a county or province may override: the list of unit categories and
 * the sector → supervising department table (三管三必须). Defaults follow seeds 001/002 and
 * reference.md §7; local standards differ (九小 vs 十小, size thresholds), so both are editable.
 */

export const unitCategory = z.object({
  code: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_-]{0,31}$/, 'letters, digits, _ or -'),
  name: z.string().trim().min(1).max(32),
  nameEn: z.string().trim().max(64).nullable().default(null),
  sector: z.enum(sectors),
  /** One of the nine (or local ten) small venues, 九小场所. */
  smallVenue: z.boolean().default(false),
});
export type UnitCategory = z.infer<typeof unitCategory>;

const category = (
  code: string,
  name: string,
  nameEn: string,
  sector: Sector,
  smallVenue = false,
): UnitCategory => ({ code, name, nameEn, sector, smallVenue });

export const defaultUnitCategories: UnitCategory[] = [
  // 九小场所 (reference.md §7)
  category('smallSchool', '小学校、幼儿园', 'Small school or kindergarten', 'education', true),
  category('smallClinic', '小医院、诊所', 'Small hospital or clinic', 'health', true),
  category('smallShop', '小商店', 'Small shop', 'commerce', true),
  category('smallRestaurant', '小餐饮场所', 'Small restaurant', 'commerce', true),
  category('smallHotel', '小旅馆', 'Small hotel', 'fireSafety', true),
  category(
    'smallEntertainment',
    '小歌舞娱乐场所',
    'Small karaoke or dance venue',
    'fireSafety',
    true,
  ),
  category('smallInternetCafe', '小网吧', 'Small internet café', 'fireSafety', true),
  category(
    'smallBathBeauty',
    '小美容洗浴场所',
    'Small beauty salon or bathhouse',
    'fireSafety',
    true,
  ),
  category('smallWorkshop', '小生产加工企业', 'Small workshop', 'industryTrade', true),
  // Seeds 001/002 focus places
  category('farmStay', '农家乐', 'Farm stay', 'tourism'),
  category('selfBuiltHouse', '经营性自建房', 'Self-built house used for business', 'housing'),
  category('constructionSite', '在建工地', 'Construction site', 'construction'),
  category('gasSupplier', '燃气经营单位', 'Gas supplier', 'gas'),
  category('warehouse', '仓储物流', 'Warehouse', 'commerce'),
  category('crowdedPlace', '人员密集场所', 'Crowded place', 'fireSafety'),
  category('threeInOne', '“三合一”场所', '“Three-in-one” premises', 'fireSafety'),
  category(
    'hazardousChemicals',
    '危险化学品单位',
    'Hazardous chemicals unit',
    'hazardousChemicals',
  ),
  category('fuelStation', '加油加气站', 'Fuel station', 'hazardousChemicals'),
  category('fireworks', '烟花爆竹经营单位', 'Fireworks seller', 'fireworks'),
  category('mine', '非煤矿山', 'Non-coal mine', 'mining'),
  category('factory', '工贸企业', 'Industrial or trading enterprise', 'industryTrade'),
  category('transport', '道路运输企业', 'Road transport company', 'roadTransport'),
  category('tourismSite', '旅游景区', 'Tourist site', 'tourism'),
  category('school', '学校', 'School', 'education'),
  category('hospital', '医疗机构', 'Hospital', 'health'),
  category('other', '其他', 'Other', 'other'),
];

/** Typical county departments for each sector (三管三必须). Counties rename them as they are. */
export const defaultSectorDepartments: Record<Sector, string> = {
  hazardousChemicals: '县应急管理局',
  mining: '县应急管理局',
  industryTrade: '县应急管理局',
  fireworks: '县应急管理局',
  construction: '县住房和城乡建设局',
  gas: '县住房和城乡建设局',
  roadTransport: '县交通运输局',
  fireSafety: '县消防救援大队',
  specialEquipment: '县市场监督管理局',
  commerce: '县商务局',
  tourism: '县文化和旅游局',
  education: '县教育局',
  health: '县卫生健康局',
  water: '县水利和湖泊局',
  geology: '县自然资源和规划局',
  forestry: '县林业局',
  agriculture: '县农业农村局',
  housing: '县住房和城乡建设局',
  other: '县应急管理局',
};

export const sectorDepartments = z.record(z.enum(sectors), z.string().trim().min(1).max(64));

export const ledgerSettingsOverride = z.object({
  /** Replaces the whole category list when set. */
  categories: z
    .array(unitCategory)
    .min(1)
    .max(200)
    .refine(
      (list) => new Set(list.map((item) => item.code)).size === list.length,
      'codes must be unique',
    )
    .nullable()
    .default(null),
  /** Renames the departments of the sectors given; the rest keep the wider setting. */
  sectorDepartments: z
    .partialRecord(z.enum(sectors), z.string().trim().min(1).max(64))
    .nullable()
    .default(null),
});
export type LedgerSettingsOverride = z.infer<typeof ledgerSettingsOverride>;

export interface LedgerSettings {
  categories: UnitCategory[];
  sectorDepartments: Record<Sector, string>;
}

/** Defaults, then each override from the widest region to the narrowest. */
export function mergeLedgerSettings(overrides: readonly LedgerSettingsOverride[]): LedgerSettings {
  let categories = defaultUnitCategories;
  const departments = { ...defaultSectorDepartments };
  for (const override of overrides) {
    if (override.categories) {
      categories = override.categories;
    }
    Object.assign(departments, override.sectorDepartments ?? {});
  }
  return { categories, sectorDepartments: departments };
}
