import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { enErrors, hazardLabels, ledgerLabels, zhCNErrors, type Locale } from '@lastmile/shared';
import zhCN from '../locales/zh-CN.json';
import en from '../locales/en.json';

const storageKey = 'lastmile.lang';

function storedLanguage(): Locale {
  return localStorage.getItem(storageKey) === 'en' ? 'en' : 'zh-CN';
}

void i18next.use(initReactI18next).init({
  resources: {
    // The ledger enums' names (`ledger.sector.mining`) are kept once, in the shared package.
    'zh-CN': { translation: { ...zhCN, ledger: ledgerLabels['zh-CN'], hazard: hazardLabels['zh-CN'] }, errors: zhCNErrors },
    en: { translation: { ...en, ledger: ledgerLabels.en, hazard: hazardLabels.en }, errors: enErrors },
  },
  lng: storedLanguage(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
});

export function currentLanguage(): Locale {
  return i18next.language === 'en' ? 'en' : 'zh-CN';
}

export async function changeLanguage(language: Locale): Promise<void> {
  localStorage.setItem(storageKey, language);
  document.documentElement.lang = language;
  await i18next.changeLanguage(language);
}

export { i18next };
