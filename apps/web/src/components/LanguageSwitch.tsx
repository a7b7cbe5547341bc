import { Button } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { changeLanguage, currentLanguage } from '../lib/i18n';

/** Switches between Chinese (default) and English; server messages follow on the next request. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const toggle = async () => {
    await changeLanguage(currentLanguage() === 'en' ? 'zh-CN' : 'en');
    await queryClient.invalidateQueries();
  };
  return (
    <Button type="text" icon={<GlobalOutlined />} onClick={() => void toggle()} data-testid="lang-switch">
      {t('user.language')}
    </Button>
  );
}
